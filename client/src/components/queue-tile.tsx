import type { AgentState, QueueTile as QueueTileData } from '../../../shared/snapshot';
import { formatCount, formatDuration, formatPercent } from '../format';
import { describeSlFormula } from '../sl-formula';
import type { StatusLevel } from '../status-level';
import { tileStatus } from '../tile-status';
import { Icon } from './icons';
import { LevelBadge } from './level-badge';
import { AGENT_STATE_LOOK } from './looks';
import { Count, Metric, TargetMetric } from './metric';

const TILE_AGENT_STATES = ['available', 'ringing', 'busy', 'wrapup', 'paused'] as const satisfies readonly AgentState[];

function waitNote(level: StatusLevel, thresholdSec: number, redFactor: number): string {
  if (level === 'alert') return `over ${formatDuration(thresholdSec * redFactor)}`;
  if (level === 'warn') return `over ${formatDuration(thresholdSec)}`;
  return `limit ${formatDuration(thresholdSec)}`;
}

/** One queue: what is waiting now, today's service, and who is there to answer. `nowMs` is server time. */
/** `intervalSince`: site wall time the current 15-minute interval began ("09:45"), labelling its SL. */
/** `nextHour`: the coming hour's forecast line (next-hour.ts), absent without history. `alerting`: an alert rule fires for it (the tile flashes). */
export function QueueTile({ tile, nowMs, intervalSince, nextHour, alerting = false }: { tile: QueueTileData; nowMs: number; intervalSince: string; nextHour?: string | undefined; alerting?: boolean }) {
  const status = tileStatus(tile, nowMs);
  const formula = describeSlFormula(tile);
  return (
    <article className="tile" data-testid="queue-tile" data-queue-id={tile.id} data-level={status.level} data-alerting={alerting}>
      <header className="tile__head">
        <h2 className="tile__name">{tile.name}</h2>
        <LevelBadge level={status.level} testId="tile-status" />
      </header>

      <div className="tile__row tile__row--now">
        <Metric label="Waiting" testId="waiting" value={formatCount(tile.waiting)} size="xl" />
        <Metric
          label="Longest wait"
          testId="longest-wait"
          value={formatDuration(status.longestWaitSec)}
          size="xl"
          level={status.wait}
          note={waitNote(status.wait, tile.slThresholdSec, tile.thresholds.waitRedFactor)}
        />
      </div>

      <div className="tile__row tile__row--sl" title={formula}>
        <TargetMetric
          label="Service level today"
          testId="sl-today"
          size="lg"
          pct={tile.today.serviceLevelPct}
          status={{ level: status.sl, shortfallPct: status.slShortfallPct }}
          noneYet="no calls yet"
        />
        <Metric
          label={`Since ${intervalSince}`}
          testId="sl-interval"
          value={formatPercent(tile.currentInterval.serviceLevelPct)}
          size="md"
        />
        <div className="tile__target">
          <span className="tile__target-label">Target</span>
          <span className="tile__target-value" data-testid="sl-target">
            {formatPercent(tile.thresholds.slTargetPct)}
          </span>
          <span className="tile__target-label">in {tile.slThresholdSec} s</span>
        </div>
      </div>
      <p className="tile__formula" data-testid="sl-formula">
        {formula}
      </p>

      <dl className="tile__counts">
        <Count label="Offered" testId="offered" value={formatCount(tile.today.offered)} />
        <Count label="Answered" testId="answered" value={formatCount(tile.today.answered)} />
        <Count label="Abandoned" testId="abandoned" value={formatCount(tile.today.abandoned)} />
        <Count label="ASA" testId="asa" value={formatDuration(tile.today.asaSec)} />
        <Count label="AHT" testId="aht" value={formatDuration(tile.today.ahtSec)} />
      </dl>

      <ul className="tile__agents" aria-label="Agents in this queue">
        {TILE_AGENT_STATES.map((state) => (
          <li key={state} className="agent-count" data-state={state}>
            <Icon name={AGENT_STATE_LOOK[state].icon} />
            <span className="agent-count__n" data-testid={`agents-${state}`}>
              {tile.agents[state]}
            </span>
            <span className="agent-count__label">{AGENT_STATE_LOOK[state].short}</span>
          </li>
        ))}
      </ul>
      {nextHour !== undefined && (
        <p className="tile__next-hour" data-testid="next-hour">
          {nextHour}
        </p>
      )}
    </article>
  );
}
