import { lazy, Suspense, useEffect } from 'react';
import { allows } from '../../../shared/roles';
import { BoardPage } from '../board-page';
import { boardHref } from '../board-name';
import type { Session } from '../auth/session';
import { useSession } from '../auth/use-session';
import { FullscreenButton } from '../kiosk/fullscreen-button';
import { useKiosk } from '../kiosk/use-kiosk';
import { SignInPage } from '../pages/sign-in-page';
import { AppNav } from './app-nav';
import { navigate, routeOf, useLocationPath, useLocationSearch, type Route } from './router';
import { t } from '../i18n/i18n';
import './app-shell.css';

// The desk pages carry the chart library: split off so the wall TV never downloads it.
const DayPage = lazy(() => import('../pages/day-page').then((m) => ({ default: m.DayPage })));
const PlanPage = lazy(() => import('../pages/plan-page').then((m) => ({ default: m.PlanPage })));
const AgentsPage = lazy(() => import('../pages/agents-page').then((m) => ({ default: m.AgentsPage })));
const CallbacksPage = lazy(() => import('../pages/callbacks-page').then((m) => ({ default: m.CallbacksPage })));
const AlertHistoryPage = lazy(() => import('../pages/alert-history-page').then((m) => ({ default: m.AlertHistoryPage })));
const AlertRulesPage = lazy(() => import('../pages/alert-rules-page').then((m) => ({ default: m.AlertRulesPage })));
const BoardsAdminPage = lazy(() => import('../pages/boards-admin-page').then((m) => ({ default: m.BoardsAdminPage })));
const AdminPage = lazy(() => import('../pages/admin/admin-page').then((m) => ({ default: m.AdminPage })));

/**
 * The page for the current path, once the server says who is signed in: the
 * sign-in form otherwise (and at /signin), the live board at `/`, the desk
 * pages at `/day`, `/plan`, `/agents`, `/callbacks` and `/alerts`, the admin pages at
 * `/admin` and `/admin/alerts`; on a wall screen (`?kiosk=1`) without
 * navigation, with a fullscreen button, rotating with `?rotate=`.
 */
export function AppShell() {
  const path = useLocationPath();
  const search = useLocationSearch();
  const route = routeOf(path);
  const kiosk = useKiosk(path, search);
  const { state, refresh } = useSession();

  // the older link of a team board, `/?board=sales`, becomes its own URL `/board/sales`
  const oldBoardLink = path === '/' ? new URLSearchParams(search).get('board') : null;
  useEffect(() => {
    if (oldBoardLink) navigate(boardHref(oldBoardLink, new URLSearchParams(search)), { replace: true });
  }, [oldBoardLink, search]);

  useEffect(() => {
    document.title = t(route?.title ?? (path === '/signin' ? 'title.signIn' : 'title.notFound'));
  }, [route, path]);

  // a rotation started from elsewhere moves on at once: no board is joined for nothing
  if (kiosk.leaving || oldBoardLink) return null;
  if (state.status === 'loading') return <p className="desk__loading">{t('app.loading')}</p>;
  if (state.status === 'signed-out' || path === '/signin') {
    return <SignInPage reason={state.status === 'signed-out' && path !== '/signin' ? state.reason : null} onSignedIn={refresh} />;
  }
  const { session } = state;
  const banner = session.authOff && (
    <p className="auth-off-banner" role="alert" data-testid="auth-off-banner">
      {t('shell.authOff')}
    </p>
  );
  const nav = (variant: 'bar' | 'overlay') =>
    kiosk.kiosk ? (
      <FullscreenButton awake={kiosk.awake} />
    ) : (
      <AppNav current={route?.name ?? null} variant={variant} role={session.role} canSignOut={session.kind === 'user' && !session.authOff} />
    );

  if (route?.name === 'board' && allows(session.role, 'viewer')) {
    return (
      <>
        {banner}
        {/* a new board (the rotation moving on) is a new feed: the page is built again for it */}
        <BoardPage key={path + search} limitedTo={session.board} />
        {nav('overlay')}
      </>
    );
  }

  return (
    <div className="desk">
      {banner}
      {nav('bar')}
      <Suspense fallback={<p className="desk__loading">{t('app.loading')}</p>}>{deskPage(route, path, session)}</Suspense>
    </div>
  );
}

function deskPage(route: Route | null, path: string, session: Session) {
  if (route === null) {
    return (
      <p className="desk__loading" data-testid="not-found">
        {t('shell.notFound', { path })}
      </p>
    );
  }
  if (!allows(session.role, route.needs)) {
    return (
      <p className="desk__loading" data-testid="forbidden">
        {t('shell.forbidden', { page: t(route.label), needs: t(`role.${route.needs}`), name: session.name, role: t(`role.${session.role}`) })}
      </p>
    );
  }
  switch (route.name) {
    case 'day':
      return <DayPage />;
    case 'agents':
      return <AgentsPage />;
    case 'callbacks':
      return <CallbacksPage />;
    case 'alerts':
      return <AlertHistoryPage />;
    case 'alertRules':
      return <AlertRulesPage />;
    case 'boards':
      return <BoardsAdminPage />;
    case 'admin':
      return <AdminPage />;
    default:
      return <PlanPage />;
  }
}
