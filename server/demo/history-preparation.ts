import type { HistoryPreparing } from '../../shared/history-api';

/**
 * How far the demo's history is written, for GET /api/history/preparing: the
 * seeder reports, the route reads. In-process, so a seeding that was killed is
 * no longer "preparing" (its next start resumes it, and reports again).
 */
export class HistoryPreparation {
  private preparing = false;
  private doneDays = 0;
  private totalDays = 0;

  /** `doneDays` of `totalDays` are written already (by an earlier run) */
  begin(totalDays: number, doneDays: number): void {
    this.totalDays = totalDays;
    this.doneDays = doneDays;
    this.preparing = doneDays < totalDays;
  }

  dayWritten(): void {
    this.doneDays = Math.min(this.doneDays + 1, this.totalDays);
  }

  end(): void {
    this.preparing = false;
  }

  status(): HistoryPreparing {
    const pct = this.totalDays === 0 ? 100 : Math.floor((100 * this.doneDays) / this.totalDays);
    return { preparing: this.preparing, doneDays: this.doneDays, totalDays: this.totalDays, pct };
  }
}
