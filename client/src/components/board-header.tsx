import type { ConnectionState } from '../board-feed';
import { formatAge, formatSiteClock } from '../format';
import { Icon, type IconName } from './icons';
import { t, type MessageKey } from '../i18n/i18n';

const CONNECTION_LOOK: Record<ConnectionState, { icon: IconName; label: MessageKey }> = {
  connecting: { icon: 'sync', label: 'header.connecting' },
  connected: { icon: 'dot', label: 'header.live' },
  reconnecting: { icon: 'sync', label: 'header.reconnecting' },
  disconnected: { icon: 'cross', label: 'header.disconnected' },
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
        <span className="header__product">{t('app.name')}</span>
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
            {t('header.pbxUnknown')}
          </span>
        ) : (
          sourceConnected !== null && (
            <span className="chip" data-testid="source-state" data-ok={sourceConnected}>
              <Icon name={sourceConnected ? 'link' : 'cross'} />
              {sourceConnected ? t('header.pbxLinked') : t('header.pbxDown')}
            </span>
          )
        )}
        {linkGapNotice && (
          <span className="chip chip--warn" data-testid="link-gap" title={t('header.linkGapTitle')}>
            <Icon name="cross" />
            {linkGapNotice}
          </span>
        )}
        <span className="chip" data-testid="connection-state" data-connection={connection}>
          <Icon name={look.icon} />
          {t(look.label)}
        </span>
        <span className="header__updated" data-testid="updated-ago" data-stale={stale}>
          {dataAgeMs === null ? t('header.noDataYet') : t('header.updatedAgo', { age: formatAge(dataAgeMs) })}
        </span>
      </div>
    </header>
  );
}
