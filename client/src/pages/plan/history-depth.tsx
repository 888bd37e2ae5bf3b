import { weeksCount } from '../shared/interval-labels';

/**
 * How much history the pooled figures rest on. A mean per day over fewer days
 * than the window asked for is right only when it says so: four weeks of
 * history in an eight-week window must not read as half the load.
 */
export function HistoryDepth({ observedDays, weeks }: { observedDays: number; weeks: number }) {
  const windowDays = weeks * 7;
  if (observedDays >= windowDays) {
    return <span data-testid="plan-history-depth"> Every one of the {windowDays} days has data.</span>;
  }
  return (
    <span className="history-depth" data-testid="plan-history-depth" data-short="true" role="note">
      <span aria-hidden="true">⚠ </span>
      Only {observedDays} of the {windowDays} days in this window have data (the history is shorter, or the board was down): each figure is a
      mean over the days its interval was observed, not over {weeksCount(weeks)}. Point at a cell to see how many days it rests on.
    </span>
  );
}
