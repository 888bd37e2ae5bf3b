import { expect, vi } from 'vitest';
import type { LiveSnapshot } from '../../shared/snapshot';
import type { WallboardProcess } from './wallboard-process';

/**
 * What the two-node failover tests share: server processes on one Redis that
 * keep the wall clock while a simulator in the test runs ahead of it.
 */

/** An Etc/GMT zone where the wall clock now reads 11:xx, so a few simulated hours ahead stay on the same site day. */
export function lateMorningZone(now: number): string {
  const offset = 11 - new Date(now).getUTCHours();
  if (offset === 0) return 'Etc/GMT';
  // Etc/GMT signs are inverted: Etc/GMT-3 is UTC+3.
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

export async function snapshotOf(node: WallboardProcess): Promise<LiveSnapshot> {
  const response = await fetch(`${node.url}/api/snapshot`);
  expect(response.status).toBe(200);
  return (await response.json()) as LiveSnapshot;
}

/** Waits until the node says it has `role` (health 200); returns the reader it names. */
export async function waitForRole(node: WallboardProcess, role: 'reader' | 'standby', timeout = 60_000): Promise<string | null> {
  let reader: string | null = null;
  await vi.waitFor(
    async () => {
      const health = await node.health();
      expect(health?.body.role, `${node.name} becomes ${role}`).toBe(role);
      expect(health?.httpStatus).toBe(200);
      reader = health?.body.reader ?? null;
    },
    { timeout, interval: 100 },
  );
  return reader;
}
