import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { QueueLogLine } from '../ingest/queue-log/queue-log-line';

/**
 * Which queue member a queue_log agent field means, as the interface the AMI
 * path keys agents by (PJSIP/1001).
 *
 * app_queue writes the member name on call lines (CONNECT, COMPLETE*,
 * RINGNOANSWER ...) and on per-queue PAUSE / UNPAUSE, but the interface on
 * PAUSEALL / UNPAUSEALL, and, with queues.conf's default
 * `log_membername_as_agent = no`, on ADDMEMBER / REMOVEMEMBER too. No line
 * holds both, so the two are paired:
 *  1. from a members file (`--members`, JSON name -> interface): it wins;
 *  2. learnt from the log: a pause without a queue name writes PAUSEALL with
 *     the interface and then, in the same second, one PAUSE per queue with the
 *     member name (set_member_paused then set_queue_member_pause); the same for
 *     UNPAUSEALL / UNPAUSE. A name seen with two interfaces is not learnt.
 * A field that looks like an interface (Tech/resource) is one already; any
 * other name without a pairing stays as it is, and is listed in the summary.
 */

const INTERFACE = /^[A-Za-z][A-Za-z0-9_-]*\/\S+$/;

export const membersFileSchema = z.record(
  z.string().min(1).max(200),
  z.string().regex(INTERFACE, 'an interface like PJSIP/1001 or Local/1001@agents'),
);

function isInterface(agent: string): boolean {
  return INTERFACE.test(agent);
}

export function loadMembersFile(file: string): Map<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`members file ${file}: ${(error as Error).message}`);
  }
  const parsed = membersFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`members file ${file} (JSON object, member name -> interface): ${problems.join('; ')}`);
  }
  return new Map(Object.entries(parsed.data));
}

export class MemberDirectory {
  private readonly learnt = new Map<string, string>();
  /** names seen paired with two different interfaces */
  private readonly ambiguous = new Set<string>();
  private readonly unpaired = new Set<string>();
  /** the PAUSEALL / UNPAUSEALL whose per-queue lines may follow */
  private lastPauseAll: { second: number; paused: boolean; iface: string } | null = null;

  constructor(private readonly given: ReadonlyMap<string, string> = new Map()) {}

  /** Looks at a line for a name -> interface pairing; call it for every line, in file order. */
  learn(line: QueueLogLine): void {
    if (line.verb === 'PAUSEALL' || line.verb === 'UNPAUSEALL') {
      this.lastPauseAll = line.agent && isInterface(line.agent) ? { second: Math.floor(line.at / 1000), paused: line.verb === 'PAUSEALL', iface: line.agent } : null;
      return;
    }
    const pauseAll = this.lastPauseAll;
    if (pauseAll === null || (line.verb !== 'PAUSE' && line.verb !== 'UNPAUSE')) return;
    if (Math.floor(line.at / 1000) !== pauseAll.second || (line.verb === 'PAUSE') !== pauseAll.paused) {
      this.lastPauseAll = null;
      return;
    }
    const name = line.agent;
    if (name === null || name === pauseAll.iface || isInterface(name) || this.ambiguous.has(name)) return;
    const known = this.learnt.get(name);
    if (known === undefined) this.learnt.set(name, pauseAll.iface);
    else if (known !== pauseAll.iface) {
      this.learnt.delete(name);
      this.ambiguous.add(name);
    }
  }

  /** The interface for an agent field, or the field itself when it cannot be paired. */
  resolve(agent: string): string {
    const iface = this.given.get(agent) ?? this.learnt.get(agent);
    if (iface !== undefined) return iface;
    if (!isInterface(agent)) this.unpaired.add(agent);
    return agent;
  }

  report(): { given: number; learnt: Record<string, string>; ambiguous: string[]; unpaired: string[] } {
    const learnt = [...this.learnt].filter(([name]) => !this.given.has(name));
    return {
      given: this.given.size,
      learnt: Object.fromEntries(learnt.sort(([a], [b]) => a.localeCompare(b))),
      ambiguous: [...this.ambiguous].sort(),
      unpaired: [...this.unpaired].sort(),
    };
  }
}
