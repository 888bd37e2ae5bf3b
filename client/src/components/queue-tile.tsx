import type { AgentState, QueueTile as QueueTileData } from '../../../shared/snapshot';
import { formatCount, formatDuration, formatPercent, formatRate } from '../format';
import { describeSlFormula } from '../sl-formula';
import type { StatusLevel } from '../status-level';
import { tileStatus } from '../tile-status';
import { Icon } from './icons';
import { LevelBadge } from './level-badge';
import { AGENT_STATE_LOOK } from './looks';
import { Count, Metric, TargetMetric } from './metric';
import { WaitingSparkline } from './waiting-sparkline';
import { t } from '../i18n/i18n';

const TILE_AGENT_STATES = ['available', 'ringing', 'busy', 'wrapup', 'paused'] as const satisfies readonly AgentState[];

function waitNote(level: StatusLevel, thresholdSec: number, redFactor: number): string {
  if (level === 'alert') return t('tile.waitOver', { limit: formatDuration(thresholdSec * redFactor) });
  if (level === 'warn') return t('tile.waitOver', { limit: formatDuration(thresholdSec) });
  return t('tile.waitLimit', { limit: formatDuration(thresholdSec) });
}

/** "Last 30 min", or how much of it the server has watched since it started ("Last 12 min"). */
function rollingLabel(minutes: number): string {
  return t('tile.lastMinutes', { minutes: Math.max(minutes, 1) });
}

export interface QueueTileProps {
  tile: QueueTileData;
  /** server time */
  nowMs: number;
  /** site wall time the current 15-minute interval began ("09:45"), labelling its SL */
  intervalSince: string;
  /** the coming hour's forecast line (next-hour.ts), absent without history */
  nextHour?: string | undefined;
  /** the PBX link is down: the figures are the last known, greyed */
  frozen?: boolean;
  /** an alert rule fires for it (the tile flashes) */
  alerting?: boolean;
}

/** One queue: what is waiting now, the service today and lately, and who is there to answer. */
export function QueueTile({ tile, nowMs, intervalSince, nextHour, frozen = false, alerting = false }: QueueTileProps) {
  const status = tileStatus(tile, nowMs);
  return (
    <article className="tile" data-testid="queue-tile" data-queue-id={tile.id} data-level={status.level} data-frozen={frozen} data-alerting={alerting}>
      <header className="tile__head">
        <h2 className="tile__name">{tile.name}</h2>
        <LevelBadge level={status.level} testId="tile-status" />
      </header>

      <div className="tile__row tile__row--now">
        <div className="tile__waiting">
          <Metric label={t('tile.waiting')} testId="waiting" value={formatCount(tile.waiting)} size="xl" />
          <WaitingSparkline perMinute={tile.waitingLastHour} label={t('tile.waitingLastHour')} />
        </div>
        <Metric
          label={t('tile.longestWait')}
          testId="longest-wait"
          value={formatDuration(status.longestWaitSec)}
          size="xl"
          level={status.wait}
          note={waitNote(status.wait, tile.slThresholdSec, tile.thresholds.waitRedFactor)}
        />
      </div>

      {/* the formula is a tooltip here and in the README: on a TV it was clutter under every tile */}
      <div className="tile__row tile__row--sl" data-testid="sl-formula" title={describeSlFormula(tile)}>
        <TargetMetric
          label={t('tile.slToday')}
          testId="sl-today"
          size="xl"
          pct={tile.today.serviceLevelPct}
          status={{ level: status.sl, shortfallPct: status.slShortfallPct }}
          noneYet={t('tile.noCallsYet')}
        />
        <div className="tile__sl-recent">
          <Metric label={t('tile.since', { time: intervalSince })} testId="sl-interval" value={formatPercent(tile.currentInterval.serviceLevelPct)} size="md" />
          <Metric label={rollingLabel(tile.rolling30.minutes)} testId="sl-rolling" value={formatPercent(tile.rolling30.stats.serviceLevelPct)} size="md" />
          <div className="tile__target">
            <span className="tile__target-label">{t('tile.target')}</span>
            <span className="tile__target-value" data-testid="sl-target">
              {formatPercent(tile.thresholds.slTargetPct)}
            </span>
            <span className="tile__target-label">{t('tile.targetWithin', { seconds: tile.slThresholdSec })}</span>
          </div>
        </div>
      </div>

      <dl className="tile__counts">
        <Count label={t('tile.offered')} testId="offered" value={formatCount(tile.today.offered)} />
        <Count label={t('tile.answered')} testId="answered" value={formatCount(tile.today.answered)} />
        <Count label={t('tile.abandoned')} testId="abandoned" value={formatCount(tile.today.abandoned)}>
          <span className="count__rate" data-testid="abandon-rate" title={t('tile.abandonRateTitle')}>
            {formatRate(tile.today.abandonRatePct)}
          </span>
        </Count>
        <Count label={t('tile.timedOut')} testId="timed-out" value={formatCount(tile.today.timedOut)} />
        <Count label={t('tile.asa')} testId="asa" value={formatDuration(tile.today.asaSec)} />
        <Count label={t('tile.aht')} testId="aht" value={formatDuration(tile.today.ahtSec)} />
      </dl>

      <ul className="tile__agents" aria-label={t('tile.agentsInQueue')}>
        {TILE_AGENT_STATES.map((state) => (
          <li key={state} className="agent-count" data-state={state}>
            <Icon name={AGENT_STATE_LOOK[state].icon} />
            <span className="agent-count__n" data-testid={`agents-${state}`}>
              {tile.agents[state]}
            </span>
            <span className="agent-count__label">{t(AGENT_STATE_LOOK[state].short)}</span>
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
