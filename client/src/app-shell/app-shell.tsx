import { lazy, Suspense, useEffect } from 'react';
import { BoardPage } from '../board-page';
import { AppNav } from './app-nav';
import { FullscreenButton } from '../kiosk/fullscreen-button';
import { useKiosk } from '../kiosk/use-kiosk';
import { routeOf, useLocationPath, useLocationSearch } from './router';
import './app-shell.css';

// The desk pages carry the chart library: split off so the wall TV never downloads it.
const DayPage = lazy(() => import('../pages/day-page').then((m) => ({ default: m.DayPage })));
const PlanPage = lazy(() => import('../pages/plan-page').then((m) => ({ default: m.PlanPage })));
const AgentsPage = lazy(() => import('../pages/agents-page').then((m) => ({ default: m.AgentsPage })));
const AlertHistoryPage = lazy(() => import('../pages/alert-history-page').then((m) => ({ default: m.AlertHistoryPage })));
const AlertRulesPage = lazy(() => import('../pages/alert-rules-page').then((m) => ({ default: m.AlertRulesPage })));

/**
 * The page for the current path: the live board at `/`, the desk pages at `/day`, `/plan` and `/agents`;
 * on a wall screen (`?kiosk=1`) without navigation, with a fullscreen button, rotating with `?rotate=`.
 */
export function AppShell() {
  const path = useLocationPath();
  const search = useLocationSearch();
  const route = routeOf(path);
  const kiosk = useKiosk(path, search);
  const kioskButton = kiosk.kiosk && <FullscreenButton awake={kiosk.awake} />;

  useEffect(() => {
    document.title = route?.title ?? 'Page not found · Support Wallboard';
  }, [route]);

  // a rotation started from elsewhere moves on at once: no board is joined for nothing
  if (kiosk.leaving) return null;

  if (route?.name === 'board') {
    return (
      <>
        {/* a new board (the rotation moving on) is a new feed: the page is built again for it */}
        <BoardPage key={search} />
        {kiosk.kiosk ? kioskButton : <AppNav current="board" variant="overlay" />}
      </>
    );
  }

  return (
    <div className="desk">
      {kiosk.kiosk ? kioskButton : <AppNav current={route?.name ?? null} variant="bar" />}
      <Suspense fallback={<p className="desk__loading">Loading…</p>}>
        {route === null ? (
          <p className="desk__loading" data-testid="not-found">
            There is no page at {path}. Pick one above.
          </p>
        ) : route.name === 'day' ? (
          <DayPage />
        ) : route.name === 'agents' ? (
          <AgentsPage />
        ) : route.name === 'alerts' ? (
          <AlertHistoryPage />
        ) : route.name === 'alertRules' ? (
          <AlertRulesPage />
        ) : (
          <PlanPage />
        )}
      </Suspense>
    </div>
  );
}
