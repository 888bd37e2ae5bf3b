import type { LiveSnapshot } from '../../shared/snapshot';
import { diffSnapshots, type SnapshotPatch } from '../../shared/snapshot-patch';

/**
 * A whole snapshot is due every wholeEveryMs, but not before this many patches
 * since the last, unless ten times as long has passed: when a big fan-out has
 * stretched the gap between pushes, a whole snapshot every push would make
 * each push costlier still, and the gap longer.
 */
const PATCHES_BETWEEN_WHOLES = 10;

/** One update: the versions it takes a board from and to, and the patch or (null) the whole snapshot. */
export interface Update {
  from: number;
  to: number;
  snapshot: LiveSnapshot;
  patch: SnapshotPatch | null;
}

/**
 * The versions of one server's update stream: each snapshot that differs from
 * the newest (in more than its build time) becomes the next version, sent as a
 * patch or, when a check is due, whole. Time is a parameter (monotonic ms).
 */
export class UpdateSequence {
  private version = 0;
  private newest: LiveSnapshot | null = null;
  private lastWholeAt = Number.NEGATIVE_INFINITY;
  private patchesSinceWhole = 0;

  constructor(private readonly wholeEveryMs: number) {}

  get latest(): LiveSnapshot | null {
    return this.newest;
  }

  get latestVersion(): number {
    return this.version;
  }

  /**
   * Makes `snapshot` the newest version; null when it differs from the newest
   * only in its build time (and is not asked for `whole`).
   */
  next(snapshot: LiveSnapshot, now: number, forceWhole = false): Update | null {
    const patch = this.newest ? diffSnapshots(this.newest, snapshot) : null;
    if (patch && onlyBuildTimeChanged(patch) && !forceWhole) return null;
    const sinceWhole = now - this.lastWholeAt;
    const whole =
      forceWhole ||
      patch === null ||
      (sinceWhole >= this.wholeEveryMs && (this.patchesSinceWhole >= PATCHES_BETWEEN_WHOLES || sinceWhole >= 10 * this.wholeEveryMs));
    if (whole) {
      this.lastWholeAt = now;
      this.patchesSinceWhole = 0;
    } else {
      this.patchesSinceWhole += 1;
    }
    this.newest = snapshot;
    this.version += 1;
    return { from: this.version - 1, to: this.version, snapshot, patch: whole ? null : patch };
  }
}

/** `at` is when the snapshot was built: alone, it is no news for a board. */
function onlyBuildTimeChanged(patch: SnapshotPatch): boolean {
  const keys = Object.keys(patch);
  return keys.length === 0 || (keys.length === 1 && patch.set !== undefined && Object.keys(patch.set).every((key) => key === 'at'));
}
