import type { QueueTile } from '../../shared/snapshot';
import { targetStatus, worstLevel, type StatusLevel } from './status-level';

export interface TileStatus {
  /** the worse of `sl` and `wait`: the tile's own colour */
  level: StatusLevel;
  sl: StatusLevel;
  wait: StatusLevel;
  /** longest current wait at `nowMs`, whole seconds */
  longestWaitSec: number;
  /** percentage points below the SL target (0 when at or above it, or when SL is not measurable) */
  slShortfallPct: number;
}

/**
 * Longest wait at `nowMs` (server clock), from the oldest caller's join time so
 * the page can tick between pushes. Never less than the server's own figure: if
 * our estimate of the server clock runs behind, the server's number is the floor.
 */
export function longestWaitAt(tile: QueueTile, nowMs: number): number {
  if (tile.waiting === 0) return 0;
  const joinedMs = tile.oldestJoinedAt === null ? Number.NaN : Date.parse(tile.oldestJoinedAt);
  if (Number.isNaN(joinedMs)) return tile.longestWaitSec;
  return Math.max(tile.longestWaitSec, Math.floor((nowMs - joinedMs) / 1000));
}

function waitLevel(tile: QueueTile, longestWaitSec: number): StatusLevel {
  if (longestWaitSec > tile.slThresholdSec * tile.thresholds.waitRedFactor) return 'alert';
  if (longestWaitSec > tile.slThresholdSec) return 'warn';
  return 'ok';
}

/**
 * The colour of a queue tile: amber when today's SL is under target or the
 * longest wait is over the SL threshold; red when SL is `slRedMarginPct` points
 * or more under target or the wait is over threshold x `waitRedFactor`.
 * `nowMs` is the server-corrected clock.
 */
export function tileStatus(tile: QueueTile, nowMs: number): TileStatus {
  const longestWaitSec = longestWaitAt(tile, nowMs);
  const sl = targetStatus(tile.today.serviceLevelPct, tile.thresholds.slTargetPct, tile.thresholds.slRedMarginPct);
  const wait = waitLevel(tile, longestWaitSec);
  return {
    level: worstLevel(sl.level, wait),
    sl: sl.level,
    wait,
    longestWaitSec,
    slShortfallPct: sl.shortfallPct,
  };
}
