import type { LiveSnapshot } from '../../shared/snapshot';
import type { ReaderView } from '../ingest/reader-lease';

/**
 * The PBX link a board shows, on every node the same: the reader's view of it
 * (its own on the reading node, its published report on a standby), so a
 * standby does not say "link down" while another node reads the PBX fine.
 * Down while no node reads.
 */
export function sourceStatus(kind: LiveSnapshot['source']['kind'], reader: ReaderView | null): LiveSnapshot['source'] {
  const link = reader?.link ?? null;
  return {
    kind,
    connected: link?.connected ?? false,
    lastEventAt: link?.lastEventAt ? new Date(link.lastEventAt).toISOString() : null,
    since: link?.since != null ? new Date(link.since).toISOString() : null,
    // a link that is up has no failure to show, whatever went wrong before
    failure: link && !link.connected ? (link.lastErrorKind ?? null) : null,
  };
}
