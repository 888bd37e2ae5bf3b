import type { ReaderView } from '../ingest/reader-lease';
import type { HealthReport } from './http-app';

/**
 * The health of a node that may read the PBX. The reader answers for its own
 * link; a standby is healthy whatever the link (it serves boards from the
 * store) and names the reader and its link in the detail.
 */
export function readerHealth(view: ReaderView): Pick<HealthReport, 'role' | 'reader'> & { pbx: HealthReport['checks'][string] } {
  const link = view.link;
  if (view.role === 'reader') {
    return { role: 'reader', reader: view.owner, pbx: { ok: link?.connected ?? false, detail: link?.connected ? 'logged in' : 'not connected' } };
  }
  const detail =
    view.owner === null
      ? 'standby; no node reads the PBX right now'
      : `standby; read by ${view.owner}: ${link?.connected ? 'logged in' : `not connected${link?.lastError ? ` (${link.lastError})` : ''}`}`;
  return { role: 'standby', reader: view.owner, pbx: { ok: true, detail } };
}
