import type { QueueTile } from '../../shared/snapshot';

/** ok: within target; warn: amber; alert: red. */
export type StatusLevel = 'ok' | 'warn' | 'alert';

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

const SEVERITY: Record<StatusLevel, number> = { ok: 0, warn: 1, alert: 2 };

function worstOf(a: StatusLevel, b: StatusLevel): StatusLevel {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
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

// Float noise from answeredWithinSl / denominator * 100 must not flip a tile to amber at exactly the target.
const EPSILON = 1e-9;

function slLevel(tile: QueueTile): { level: StatusLevel; shortfall: number } {
  const sl = tile.today.serviceLevelPct;
  const { slTargetPct, slRedMarginPct } = tile.thresholds;
  if (sl === null) return { level: 'ok', shortfall: 0 };
  const shortfall = slTargetPct - sl;
  if (shortfall <= EPSILON) return { level: 'ok', shortfall: 0 };
  return { level: shortfall + EPSILON >= slRedMarginPct ? 'alert' : 'warn', shortfall };
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
  const sl = slLevel(tile);
  const wait = waitLevel(tile, longestWaitSec);
  return {
    level: worstOf(sl.level, wait),
    sl: sl.level,
    wait,
    longestWaitSec,
    slShortfallPct: sl.shortfall,
  };
}
