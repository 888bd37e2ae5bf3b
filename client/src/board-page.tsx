import { useMemo } from 'react';
import { alertingQueues, alertLine } from './alerts/alert-lines';
import { SoundUnlock } from './alerts/sound-unlock';
import { useAlertSound } from './alerts/use-alert-sound';
import type { ConnectionState } from './board-feed';
import { boardFromLocation, boardHref } from './board-name';
import { ALL_PANELS, MAIN_BOARD } from '../../shared/boards';
import { AgentGrid } from './components/agent-grid';
import { AlertBanner } from './components/alert-banner';
import { CallbacksPanel } from './components/callbacks-panel';
import { callbacksForBoard } from './callbacks/callbacks-for-board';
import { useCallbacks } from './callbacks/use-callbacks';
import { BoardHeader } from './components/board-header';
import { QueueTile } from './components/queue-tile';
import { TicketPanel } from './components/ticket-panel';
import { dataAgeMs, isStale } from './freshness';
import { formatAge, formatSiteClock } from './format';
import { linkGapNotice } from './link-gap-notice';
import { useBoardFeed } from './use-board-feed';
import { nextHourLine } from './next-hour';
import { useNextHour } from './use-next-hour';
import { useNow } from './use-now';
import { sourceDownLine } from './source-problem';
import { t } from './i18n/i18n';
import { withLanguageOf } from './i18n/language-choice';

function staleSuffix(connection: ConnectionState): string {
  return connection === 'disconnected' ? t('board.notConnected') : t('board.reconnecting');
}

/**
 * The live wallboard of the board named in the URL (`/board/<name>`, default
 * `main`): the queues and panels its definition shows, which the server
 * filtered it to (snapshot.board). `limitedTo`: the one board this screen's
 * token opens, when it is limited to one.
 */
export function BoardPage({ limitedTo }: { limitedTo: string | null }) {
  const choice = useMemo(() => boardFromLocation(window.location.pathname, window.location.search), []);
  const forbidden = choice.ok && limitedTo !== null && choice.board !== limitedTo;
  const openedAtMs = useMemo(() => Date.now(), []);
  const feed = useBoardFeed(choice.ok && !forbidden ? choice.board : null);
  const localNow = useNow();
  const serverNow = localNow + feed.serverOffsetMs;
  const nextHour = useNextHour(feed.snapshot?.queues.map((q) => q.id) ?? []);
  const alerts = feed.snapshot?.alerts ?? [];
  const alerting = alertingQueues(alerts);
  const sound = useAlertSound(alerts.some((alert) => alert.sound));
  const kiosk = useMemo(() => new URLSearchParams(window.location.search).get('kiosk') === '1', []);
  const callbacks = useCallbacks(null).data;
  const showCallbacks = callbacks !== null && callbacks.kept;

  if (!choice.ok) {
    return (
      <main className="board board--message">
        <p>
          {t('board.unknown', { board: choice.board, error: choice.error })}
        </p>
      </main>
    );
  }
  if (forbidden) {
    return (
      <main className="board board--message" data-testid="board-forbidden">
        <p>
          {t('board.forbidden', { limited: limitedTo, board: choice.board })}{' '}
          <a href={withLanguageOf(window.location.search, boardHref(limitedTo, new URLSearchParams()))}>{t('board.openLimited', { board: limitedTo })}</a>
        </p>
      </main>
    );
  }
  // a refused join before any data: the board does not exist (or no longer), which no retry mends
  if (feed.joinError !== null && feed.snapshot === null) {
    return (
      <main className="board board--message" data-testid="board-unknown">
        <p>
          {t('board.noSuchBoard', { board: choice.board, error: feed.joinError })}
        </p>
      </main>
    );
  }

  const { snapshot } = feed;
  const panels = snapshot?.board?.panels ?? ALL_PANELS;
  const ageMs = dataAgeMs(feed.lastDataAtMs, openedAtMs, localNow);
  const stale = isStale(ageMs);
  // A socket that is open but silent is being restarted by the feed's watchdog: not "Live".
  const connection = stale && feed.connection === 'connected' ? 'reconnecting' : feed.connection;
  const dimmed = snapshot !== null && (stale || connection !== 'connected');
  // Stale figures stop ticking: a wait that keeps growing on a dead feed would look live.
  const sourceDown = feed.sourceConnected === false;
  // Nor do figures the PBX stopped feeding: they hold at the moment the link went down.
  const linkDownAtMs = sourceDown && snapshot?.source.since ? Date.parse(snapshot.source.since) : null;
  const figuresAtMs = stale && feed.lastDataAtMs !== null ? feed.lastDataAtMs + feed.serverOffsetMs : (linkDownAtMs ?? serverNow);
  const siteTime = (iso: string | null): string | null =>
    iso === null ? null : formatSiteClock(Date.parse(iso), snapshot?.timeZone ?? 'UTC').time.slice(0, 5);
  const lastEventAt = snapshot?.source.lastEventAt ?? null;
  const intervalSince = siteTime(snapshot?.intervalStart ?? null) ?? '';

  return (
    <main className="board" data-rejected-messages={feed.rejectedMessages}>
      {/* A banner covers the header rather than pushing the board down: the layout must not scroll while it shows. */}
      <div className="board__top-bar">
        <BoardHeader
          site={snapshot?.site ?? null}
          board={choice.board === 'main' ? choice.board : (snapshot?.board?.title ?? choice.board)}
          timeZone={snapshot?.timeZone ?? null}
          nowMs={serverNow}
          connection={connection}
          dataAgeMs={feed.lastDataAtMs === null ? null : ageMs}
          stale={stale}
          sourceConnected={feed.sourceConnected}
          linkGapNotice={linkGapNotice(snapshot)}
          serverSilent={snapshot !== null && connection !== 'connected'}
        />
        {/* One banner at a time, the most fundamental problem first; while stale, the PBX state is unknown anyway. */}
        {feed.joinError !== null ? (
          <AlertBanner tone="red" testId="join-error">
            {t('board.refused', { board: choice.board, error: feed.joinError })}
          </AlertBanner>
        ) : stale ? (
          <AlertBanner tone="red" testId="stale-banner">
            {feed.lastDataAtMs === null
              ? t('board.noData', { age: formatAge(ageMs), state: staleSuffix(connection) })
              : t('board.stale', { age: formatAge(ageMs), state: staleSuffix(connection) })}
          </AlertBanner>
        ) : sourceDown ? (
          <AlertBanner tone="amber" testId="source-banner">
            {sourceDownLine(siteTime(snapshot?.source.since ?? null), snapshot?.source.failure ?? null)}
            {lastEventAt !== null && ` · ${t('board.figuresAsOf', { time: siteTime(lastEventAt) ?? '' })}`}
          </AlertBanner>
        ) : (
          snapshot !== null &&
          panels.alerts &&
          alerts.length > 0 && (
            <AlertBanner tone="red" testId="alert-banner">
              {t('board.alert', {
                lines: alerts.map((alert) => alertLine(alert, (id) => snapshot.queues.find((q) => q.id === id)?.name ?? id, snapshot.timeZone)).join(' · '),
              })}
            </AlertBanner>
          )
        )}
        {sound.locked && (kiosk || alerts.some((alert) => alert.sound)) && <SoundUnlock onUnlock={sound.unlock} />}
      </div>

      {snapshot === null ? (
        <div className="board__waiting">{t('board.waitingForData')}</div>
      ) : (
        <div className="board__body" data-dimmed={dimmed} data-tickets={panels.tickets} data-callbacks={showCallbacks && panels.tickets}>
          {panels.tiles && (
          <section
            className="queues"
            aria-label={t('board.queues')}
            data-queue-count={Math.min(snapshot.queues.length, 4)}
            style={{ ['--queue-columns' as string]: Math.min(Math.max(snapshot.queues.length, 1), 4) }}
          >
            {snapshot.queues.map((tile) => (
              <QueueTile
                key={tile.id}
                tile={tile}
                nowMs={figuresAtMs}
                intervalSince={intervalSince}
                alerting={alerting.has(tile.id)}
                nextHour={nextHour.has(tile.id) ? nextHourLine(nextHour.get(tile.id)!, tile.agents) : undefined}
                frozen={sourceDown}
              />
            ))}
          </section>
          )}
          {panels.agents && <AgentGrid agents={snapshot.agents} nowMs={figuresAtMs} />}
          {panels.tickets && <TicketPanel tickets={snapshot.tickets} nowMs={figuresAtMs} />}
          {showCallbacks && panels.tickets && (
            <CallbacksPanel
              reply={callbacksForBoard(callbacks, snapshot.queues.map((q) => q.id), (snapshot.board?.name ?? MAIN_BOARD) === MAIN_BOARD)}
              queueName={(id) => snapshot.queues.find((q) => q.id === id)?.name ?? id}
            />
          )}
        </div>
      )}
    </main>
  );
}
