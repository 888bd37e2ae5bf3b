import type { ConnectionState } from '../board-feed';
import { formatAge, formatSiteClock } from '../format';
import { Icon, type IconName } from './icons';

const CONNECTION_LOOK: Record<ConnectionState, { icon: IconName; label: string }> = {
  connecting: { icon: 'sync', label: 'Connecting…' },
  connected: { icon: 'dot', label: 'Live' },
  reconnecting: { icon: 'sync', label: 'Reconnecting…' },
  disconnected: { icon: 'cross', label: 'Disconnected' },
};

export interface BoardHeaderProps {
  site: string | null;
  board: string;
  timeZone: string | null;
  /** server-corrected clock */
  nowMs: number;
  connection: ConnectionState;
  /** null before any data arrived */
  dataAgeMs: number | null;
  stale: boolean;
  /** PBX link as the server reports it; null before the first report */
  sourceConnected: boolean | null;
  /** today's figures resting on a link gap (link-gap-notice.ts), null when none do */
  linkGapNotice?: string | null;
  /** data came once but the server stopped answering: what it said of the PBX link is not known any more */
  serverSilent: boolean;
}

export function BoardHeader(props: BoardHeaderProps) {
  const { site, board, timeZone, nowMs, connection, dataAgeMs, stale, sourceConnected, linkGapNotice, serverSilent } = props;
  const clock = formatSiteClock(nowMs, timeZone ?? 'UTC');
  const look = CONNECTION_LOOK[connection];
  return (
    <header className="header">
      <div className="header__title">
        <span className="header__product">Support Wallboard</span>
        <span className="header__site">
          {site ?? '…'}
          {board !== 'main' && <span className="header__board"> · {board}</span>}
        </span>
      </div>

      <div className="header__clock" data-testid="clock">
        <span className="header__time">{clock.time}</span>
        <span className="header__date">
          {clock.date} · {clock.zone}
        </span>
      </div>

      <div className="header__status">
        {serverSilent ? (
          <span className="chip" data-testid="source-state" data-ok="unknown">
            <Icon name="cross" />
            PBX link unknown
          </span>
        ) : (
          sourceConnected !== null && (
            <span className="chip" data-testid="source-state" data-ok={sourceConnected}>
              <Icon name={sourceConnected ? 'link' : 'cross'} />
              {sourceConnected ? 'PBX linked' : 'PBX link down'}
            </span>
          )
        )}
        {linkGapNotice && (
          <span className="chip chip--warn" data-testid="link-gap" title="counted from the PBX's own counters, not call by call">
            <Icon name="cross" />
            {linkGapNotice}
          </span>
        )}
        <span className="chip" data-testid="connection-state" data-connection={connection}>
          <Icon name={look.icon} />
          {look.label}
        </span>
        <span className="header__updated" data-testid="updated-ago" data-stale={stale}>
          {dataAgeMs === null ? 'no data yet' : `updated ${formatAge(dataAgeMs)} ago`}
        </span>
      </div>
    </header>
  );
}
