import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ: 100 on Linux). */
const TICKS_PER_SEC = 100;

interface ProcStat {
  ppid: number;
  /** utime + stime, and cutime + cstime (children that ended and were waited for), in ticks */
  own: number;
  reaped: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name is in parentheses and may hold spaces: fields are counted after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const n = (i: number): number => Number(fields[i - 3]);
    return { ppid: n(4), own: n(14) + n(15), reaped: n(16) + n(17) };
  } catch {
    return null;
  }
}

/**
 * CPU seconds used so far by a process and its children, those running
 * (read from /proc) and those that ended (their parent's cutime and cstime):
 * what a Postgres server (postmaster and backends) spent, where a backend's
 * CPU lands in the postmaster's figures once its connection closes.
 */
export function processTreeCpuSeconds(pid: number): number {
  const root = readStat(pid);
  if (!root) return Number.NaN;
  let ticks = root.own + root.reaped;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = readStat(Number(entry));
    if (child?.ppid === pid) ticks += child.own + child.reaped;
  }
  return ticks / TICKS_PER_SEC;
}

/** The postmaster's pid of a Postgres cluster directory (first line of postmaster.pid). */
export function postmasterPid(clusterDir: string): number {
  return Number(readFileSync(`${clusterDir}/postmaster.pid`, 'latin1').split('\n')[0]);
}
