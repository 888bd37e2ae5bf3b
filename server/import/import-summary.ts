import type { HistoryTally } from './history-tally';
import type { MemberDirectory } from './member-directory';
import { formatDuration } from './progress-bar';
import type { QueueLogImportResult } from './queue-log-import';

/** The plain-text summaries the import and simulate commands print at the end. */

const number = (n: number): string => n.toLocaleString('en-US');

function row(label: string, value: string): string {
  return `  ${label.padEnd(22)} ${value}`;
}

export function callsRow(tally: HistoryTally): string {
  const { answered, abandoned, timedOut } = tally.calls;
  return row('calls written', `${number(tally.totalCalls)} (answered ${number(answered)}, abandoned ${number(abandoned)}, timed out ${number(timedOut)})`);
}

/** `reason 12, other 3`, largest first; `none` when empty */
export function reasons(counts: Partial<Record<string, number>>): string {
  const entries = Object.entries(counts).filter((e): e is [string, number] => (e[1] ?? 0) > 0);
  if (entries.length === 0) return 'none';
  return entries
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([reason, n]) => `${reason} ${number(n)}`)
    .join(', ');
}

function total(counts: Partial<Record<string, number>>): number {
  return Object.values(counts).reduce<number>((sum, n) => sum + (n ?? 0), 0);
}

/** `12,345 lines/s` */
export function rate(count: number, elapsedMs: number, unit: string): string {
  return elapsedMs > 0 ? `${number(Math.round((count * 1000) / elapsedMs))} ${unit}/s` : `? ${unit}/s`;
}

export function queueLogSummary(input: {
  file: string;
  site: string;
  target: string;
  result: QueueLogImportResult;
  members: MemberDirectory;
  elapsedMs: number;
}): string {
  const { result } = input;
  const members = input.members.report();
  const learnt = Object.keys(members.learnt).length;
  const lines = [
    `queue_log import of ${input.file} into site "${input.site}" (${input.target})`,
    row('lines read', `${number(result.lines)} (${(result.bytes / 1e6).toFixed(1)} MB in ${formatDuration(input.elapsedMs)}, ${rate(result.lines, input.elapsedMs, 'lines')})`),
    row('events reduced', number(result.events)),
    callsRow(result.tally),
    row('agent state spans', number(result.tally.agentSpans)),
    row('rings not answered', number(result.tally.ringsNotAnswered)),
    row('lines not imported', number(total(result.rejected) + total(result.skipped))),
    row('  rejected (parser)', reasons(result.rejected)),
    row('  skipped (mapper)', reasons(result.skipped)),
  ];
  if (result.rotations + result.truncations > 0) {
    lines.push(row('file changes', `rotated ${result.rotations}, truncated ${result.truncations}`));
  }
  lines.push(row('agents', `${members.given} names from --members, ${learnt} learnt from PAUSEALL/PAUSE lines`));
  if (members.ambiguous.length > 0) lines.push(row('  ambiguous names', members.ambiguous.join(', ')));
  if (members.unpaired.length > 0) {
    lines.push(row('  names kept as ids', `${members.unpaired.join(', ')} (no interface known: pass --members to pair them)`));
  }
  return lines.join('\n');
}
