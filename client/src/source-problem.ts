import type { PbxFailureKind } from '../../shared/snapshot';

/** Why the PBX link is down, in words a shift lead can pass on (kept together so a dictionary can take them over). */
const FAILURE_WORDS: Record<PbxFailureKind, string> = {
  refused: 'connection refused: is Asterisk running, is the AMI port right?',
  timeout: 'no answer (timed out): host down or a firewall in the way',
  unreachable: 'PBX unreachable: unknown host or no route',
  auth: 'bad login: check the AMI user and secret in manager.conf',
  protocol: 'that port does not speak AMI',
  closed: 'connection closed by the PBX',
};

export function describeFailure(kind: PbxFailureKind | null): string {
  return kind === null ? 'reason not known yet' : FAILURE_WORDS[kind];
}

/** "PBX LINK DOWN since 09:12 — connection refused: …": `since` is the site's wall time, null when not known. */
export function sourceDownLine(since: string | null, kind: PbxFailureKind | null): string {
  return `PBX LINK DOWN${since === null ? '' : ` since ${since}`} — ${describeFailure(kind)}`;
}
