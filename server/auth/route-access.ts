import type { Access } from '../../shared/roles';

/**
 * Every route of the server with what it needs: the one table the guard
 * (auth-guard.ts) reads, the README lists and a test checks against the routes
 * express has mounted (test/integration/auth-routes.test.ts). A path is
 * express-like: `:name` is one segment, a trailing `*` the rest.
 *
 * A request no entry matches needs a sign-in: an API path then answers 404,
 * any other path is a client page (index.html), whose data routes are guarded
 * here by role.
 */
export interface RouteAccess {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  access: Access;
}

export const ROUTE_ACCESS: readonly RouteAccess[] = [
  // open: health says only ok/degraded to anonymous callers; webhooks carry their own signatures
  { method: 'GET', path: '/api/health', access: 'public' },
  { method: 'POST', path: '/api/webhooks/tickets', access: 'public' },
  { method: 'POST', path: '/api/webhooks/zendesk', access: 'public' },
  { method: 'POST', path: '/api/webhooks/jira', access: 'public' },
  { method: 'POST', path: '/api/webhooks/zammad', access: 'public' },
  { method: 'POST', path: '/api/webhooks/freshdesk', access: 'public' },
  { method: 'POST', path: '/api/webhooks/helpscout', access: 'public' },
  // escalations to development: the trackers sign their deliveries too
  { method: 'POST', path: '/api/webhooks/wrike', access: 'public' },
  { method: 'POST', path: '/api/webhooks/jira-dev', access: 'public' },
  { method: 'GET', path: '/signin', access: 'public' },
  { method: 'GET', path: '/assets/*', access: 'public' },
  { method: 'POST', path: '/api/auth/signin', access: 'public' },
  { method: 'GET', path: '/api/auth/oidc/start', access: 'public' },
  { method: 'GET', path: '/api/auth/oidc/callback', access: 'public' },
  // anyone signed in
  { method: 'GET', path: '/api/auth/session', access: 'signed-in' },
  { method: 'POST', path: '/api/auth/signout', access: 'signed-in' },
  { method: 'POST', path: '/api/auth/signout-everywhere', access: 'signed-in' },
  // the live board
  { method: 'GET', path: '/api/snapshot', access: 'viewer' },
  // team boards' definitions (a board's page at /board/<name> is a client page); a token limited to one board gets only its own
  { method: 'GET', path: '/api/boards', access: 'viewer' },
  { method: 'GET', path: '/api/boards/:name', access: 'viewer' },
  // the page build served, which kiosk screens poll to reload after a deploy
  { method: 'GET', path: '/api/build', access: 'viewer' },
  // the board's next-hour forecast
  { method: 'GET', path: '/api/plan/intraday', access: 'viewer' },
  { method: 'GET', path: '/socket.io/*', access: 'viewer' },
  // callbacks: the board's panel lists them for the room that calls back; a manager marks one done
  { method: 'GET', path: '/api/callbacks', access: 'viewer' },
  { method: 'POST', path: '/api/callbacks/:id/done', access: 'manager' },
  { method: 'POST', path: '/socket.io/*', access: 'viewer' },
  // history and plan
  { method: 'GET', path: '/api/history/preparing', access: 'manager' },
  { method: 'GET', path: '/api/history/intervals', access: 'manager' },
  { method: 'GET', path: '/api/history/day', access: 'manager' },
  { method: 'GET', path: '/api/history/agents', access: 'manager' },
  { method: 'GET', path: '/api/plan/heatmap', access: 'manager' },
  { method: 'GET', path: '/api/plan/staffing', access: 'manager' },
  { method: 'GET', path: '/api/alerts/history', access: 'manager' },
  // administration
  { method: 'GET', path: '/api/admin/users', access: 'admin' },
  { method: 'POST', path: '/api/admin/users', access: 'admin' },
  { method: 'DELETE', path: '/api/admin/users/:name', access: 'admin' },
  { method: 'POST', path: '/api/admin/users/:name/password', access: 'admin' },
  { method: 'GET', path: '/api/admin/tokens', access: 'admin' },
  { method: 'POST', path: '/api/admin/tokens', access: 'admin' },
  { method: 'DELETE', path: '/api/admin/tokens/:name', access: 'admin' },
  { method: 'GET', path: '/api/admin/audit', access: 'admin' },
  { method: 'GET', path: '/api/alerts/rules', access: 'admin' },
  { method: 'PUT', path: '/api/alerts/rules', access: 'admin' },
  { method: 'PUT', path: '/api/boards/:name', access: 'admin' },
  { method: 'DELETE', path: '/api/boards/:name', access: 'admin' },
  // Prometheus' bearer_token
  { method: 'GET', path: '/metrics', access: 'metrics' },
];

const compiled = ROUTE_ACCESS.map((route) => ({ route, pattern: patternOf(route.path) }));

function patternOf(path: string): RegExp {
  const body = path
    .split('/')
    .map((segment) => (segment === '*' ? '.*' : segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}/?$`);
}

/** The entry for a request (HEAD as GET); null when none matches. */
export function routeAccessOf(method: string, path: string): RouteAccess | null {
  const asMethod = method === 'HEAD' ? 'GET' : method;
  return compiled.find(({ route, pattern }) => route.method === asMethod && pattern.test(path))?.route ?? null;
}

/** What a request needs: its entry's access, else a sign-in. */
export function accessOf(method: string, path: string): Access {
  return routeAccessOf(method, path)?.access ?? 'signed-in';
}
