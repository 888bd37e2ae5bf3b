import type { LiveSnapshot } from '../../shared/snapshot';
import { formatSiteClock } from './format';
import { t } from './i18n/i18n';

/**
 * The header's word on today's figures that rest on a PBX link gap, or null:
 * "estimated after a link gap 10:02 to 10:04" (gaps of several queues that
 * are the same gap are said once), and what could not be counted at all.
 */
export function linkGapNotice(snapshot: Pick<LiveSnapshot, 'queues' | 'timeZone'> | null): string | null {
  if (snapshot === null) return null;
  const spans = new Map<string, { calls: 'estimated' | 'unknown'; text: string }>();
  for (const gap of snapshot.queues.flatMap((queue) => queue.linkGaps ?? [])) {
    const text = t('linkGap.span', { from: clock(gap.from, snapshot.timeZone), to: clock(gap.to, snapshot.timeZone) });
    const key = `${gap.calls}|${text}`;
    if (!spans.has(key)) spans.set(key, { calls: gap.calls, text });
  }
  const of = (calls: 'estimated' | 'unknown'): string[] => [...spans.values()].filter((s) => s.calls === calls).map((s) => s.text);
  const estimated = of('estimated');
  const unknown = of('unknown');
  const parts = [
    ...(estimated.length > 0 ? [t('linkGap.estimated', { gaps: plural(estimated) })] : []),
    ...(unknown.length > 0 ? [t('linkGap.missing', { gaps: plural(unknown) })] : []),
  ];
  return parts.length > 0 ? parts.join('; ') : null;
}

function plural(spans: string[]): string {
  return t('linkGap.gaps', { count: spans.length, spans: spans.join(', ') });
}

function clock(iso: string, timeZone: string): string {
  return formatSiteClock(Date.parse(iso), timeZone).time.slice(0, 5);
}
