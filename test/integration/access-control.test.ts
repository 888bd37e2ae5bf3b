import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Express } from 'express';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_CONFIG } from '../../server/config/env-config';
import { allows, type Role } from '../../shared/roles';
import { ROUTE_ACCESS, routeAccessOf } from '../../server/auth/route-access';
import { boardsDocumentSchema } from '../../shared/boards';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import { capturedLogger } from '../support/captured-log';
import { registerSecrets } from '../support/run-log';
import { freshDatabaseUrl, testWallboardConfig } from '../support/services';
import { credentialsFor, type TestCredentials } from '../support/test-credentials';

const ROLES: readonly Role[] = ['viewer', 'manager', 'admin', 'metrics'];
const run = promisify(execFile);

let wallboard: RunningWallboard;
let databaseUrl: string;
const log = capturedLogger('debug');
const creds = {} as Record<Role, TestCredentials>;
/** every secret this file sets or is given, for the log check at the end */
const secrets: string[] = [];

beforeAll(async () => {
  databaseUrl = await freshDatabaseUrl('access');
  const clientDir = mkdtempSync(path.join(tmpdir(), 'wb-client-'));
  writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>board</title>');
  // the board a board token is limited to below
  const boards = boardsDocumentSchema.parse({ boards: [{ name: 'hall', title: 'Hall' }] });
  wallboard = await startWallboard({ config: testWallboardConfig({ databaseUrl, queuesFile: 'config/queues.json' }), ami: null, logger: log.logger, clientDir, boards });
  for (const role of ROLES) {
    creds[role] = await credentialsFor(wallboard, role);
    secrets.push(creds[role].secret);
  }
});

afterAll(async () => {
  // the run's secret check greps every log of the run, other processes' included
  registerSecrets(...secrets);
  await wallboard?.close();
});

/** A concrete request path for a table entry. */
function concrete(pathPattern: string): string {
  return pathPattern.replace(':name', 'nobody-here').replace('/*', '/x');
}

function request(method: string, route: string, headers: Record<string, string> = {}, body?: unknown): Promise<Response> {
  return fetch(`${wallboard.url}${route}`, {
    method,
    redirect: 'manual',
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

/** Every method and path express has mounted, sub-routers included. */
function mountedRoutes(app: Express): { method: string; path: string }[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const walk = (stack: Layer[]): { method: string; path: string }[] =>
    stack.flatMap((layer) =>
      layer.route
        ? Object.keys(layer.route.methods).map((method) => ({ method: method.toUpperCase(), path: layer.route!.path }))
        : layer.handle?.stack
          ? walk(layer.handle.stack)
          : [],
    );
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
}

describe('the route -> role table', () => {
  it('lists every route express has mounted', () => {
    const mounted = mountedRoutes(wallboard.app).filter((route) => typeof route.path === 'string');
    expect(mounted.length).toBeGreaterThan(15);
    const unlisted = mounted.filter((route) => routeAccessOf(route.method, concrete(route.path)) === null);
    expect(unlisted).toEqual([]);
  });

  const guarded = ROUTE_ACCESS.filter((route) => route.access !== 'public' && !route.path.startsWith('/socket.io'));
  it.each(guarded)('$method $path answers 401 without credentials', async ({ method, path: routePath }) => {
    const response = await request(method, concrete(routePath));
    expect(response.status).toBe(401);
    if (routePath.startsWith('/api/')) expect((await response.json()).errors[0].message).toMatch(/sign in/);
  });

  it.each(guarded.flatMap((route) => ROLES.map((role) => ({ ...route, role }))))(
    '$method $path as $role: allowed or 403 as the table says',
    async ({ method, path: routePath, access, role }) => {
      // signing out ends the credential: those two get one of their own
      const headers = routePath.startsWith('/api/auth/signout') ? (await credentialsFor(wallboard, role)).headers : creds[role].headers;
      const response = await request(method, concrete(routePath), headers, method === 'POST' ? {} : undefined);
      if (allows(role, access)) expect([401, 403]).not.toContain(response.status);
      else {
        expect(response.status).toBe(403);
        expect((await response.json()).errors[0].message).toContain(`needs the ${access} role`);
      }
    },
  );

  it('pages answer 401 with the client without credentials, and the page to a viewer', async () => {
    const anonymous = await request('GET', '/day');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toContain('<title>board</title>');
    expect((await request('GET', '/signin')).status).toBe(200);
    expect((await request('GET', '/', creds.viewer.headers)).status).toBe(200);
  });

  it('health says only ok or degraded to anonymous callers, the checks to the signed-in', async () => {
    const anonymous = await (await request('GET', '/api/health')).json();
    expect(Object.keys(anonymous)).toEqual(['status']);
    const viewer = await (await request('GET', '/api/health', creds.viewer.headers)).json();
    expect(viewer.checks.liveStore.ok).toBe(true);
  });
});

describe('security headers and origins', () => {
  it('sends a CSP with frame-ancestors and no X-Powered-By', async () => {
    const response = await request('GET', '/api/health');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('lets a page of a listed origin read the API (CORS), preflight included', async () => {
    const portal = await startWallboard({
      config: testWallboardConfig({ queuesFile: 'config/queues.json', auth: { ...DEFAULT_AUTH_CONFIG, allowedOrigins: ['https://portal.example'] } }),
      ami: null,
    });
    try {
      const viewer = await credentialsFor(portal, 'viewer');
      const answer = await fetch(`${portal.url}/api/snapshot`, { headers: { ...viewer.headers, origin: 'https://portal.example' } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBe('https://portal.example');
      const preflight = await fetch(`${portal.url}/api/snapshot`, { method: 'OPTIONS', headers: { origin: 'https://portal.example' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
      expect((await fetch(`${portal.url}/api/snapshot`, { headers: { ...viewer.headers, origin: 'https://other.example' } })).status).toBe(403);
    } finally {
      await portal.close();
    }
  });

  it('refuses REST from a foreign origin', async () => {
    const response = await request('GET', '/api/snapshot', { ...creds.viewer.headers, origin: 'https://evil.example' });
    expect(response.status).toBe(403);
  });
});

describe('sign-in, sessions, CSRF and lockout', () => {
  it('signs a person in with a cookie session and out again', async () => {
    const { adminPassword } = wallboard.firstStart!;
    secrets.push(adminPassword);
    const signIn = await request('POST', '/api/auth/signin', {}, { name: 'admin', password: adminPassword });
    expect(signIn.status).toBe(200);
    const cookies = signIn.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('wb_session='))).toMatch(/HttpOnly/i);
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
    const csrf = /wb_csrf=([^;]+)/.exec(cookie)![1]!;
    secrets.push(/wb_session=([^;]+)/.exec(cookie)![1]!);
    const session = await (await request('GET', '/api/auth/session', { cookie })).json();
    expect(session).toMatchObject({ name: 'admin', role: 'admin' });
    expect((await request('GET', '/api/admin/users', { cookie })).status).toBe(200);
    expect((await request('POST', '/api/auth/signout', { cookie, 'x-csrf-token': csrf })).status).toBe(200);
    const after = await request('GET', '/api/snapshot', { cookie });
    expect(after.status).toBe(401);
    expect((await after.json()).errors[0].message).toMatch(/expired or was ended/);
  });

  it('refuses a state change without the CSRF header (403) and audits it', async () => {
    const manager = await credentialsFor(wallboard, 'manager');
    const { 'x-csrf-token': _csrf, ...withoutCsrf } = manager.headers;
    const response = await request('POST', '/api/auth/signout', withoutCsrf);
    expect(response.status).toBe(403);
    const audit = await (await request('GET', '/api/admin/audit', creds.admin.headers)).json();
    expect(audit.entries.some((entry: { action: string; actor: string }) => entry.action === 'csrf-refused' && entry.actor === manager.name)).toBe(true);
  });

  it('answers a forged session cookie 403 and audits it', async () => {
    const response = await request('GET', '/api/snapshot', { cookie: 'wb_session=admin' });
    expect(response.status).toBe(403);
    const audit = await (await request('GET', '/api/admin/audit', creds.admin.headers)).json();
    expect(audit.entries.some((entry: { action: string }) => entry.action === 'forged-credential')).toBe(true);
  });

  it('locks an account after 5 wrong passwords, saying how long, and a new password lifts it', async () => {
    const created = await request('POST', '/api/admin/users', creds.admin.headers, { name: 'lockme', role: 'viewer' });
    const { password } = await created.json();
    secrets.push(password);
    for (let attempt = 0; attempt < 5; attempt++) {
      const wrong = await request('POST', '/api/auth/signin', {}, { name: 'lockme', password: 'wrong password!' });
      expect(wrong.status).toBe(401);
    }
    const locked = await request('POST', '/api/auth/signin', {}, { name: 'lockme', password });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await locked.json()).errors[0].message).toMatch(/try again in \d+ s/);
    // an unknown name is refused with the same words as a wrong password
    const unknown = await request('POST', '/api/auth/signin', {}, { name: 'nobody', password: 'whatever1234' });
    expect((await unknown.json()).errors[0].message).toBe('wrong user name or password');
  });
});

describe('tokens, the kiosk link and the socket.io feed', () => {
  const sockets: Socket[] = [];
  afterAll(() => sockets.forEach((socket) => socket.close()));
  const connect = (options: object): Socket => {
    const socket = connectClient(wallboard.url, { transports: ['websocket'], reconnection: false, ...options });
    sockets.push(socket);
    return socket;
  };
  const outcome = (socket: Socket): Promise<string> =>
    new Promise((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error) => resolve(`refused: ${error.message}`));
    });

  it('swaps the kiosk link token for a cookie and redirects to a clean URL', async () => {
    const token = creds.viewer.secret;
    const response = await request('GET', `/?token=${token}&board=main`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/?board=main');
    const cookie = response.headers.getSetCookie()[0]!.split(';')[0]!;
    expect(cookie).toBe(`wb_token=${token}`);
    expect((await request('GET', '/api/snapshot', { cookie })).status).toBe(200);
  });

  it('refuses a socket without credentials, with a metrics token, or from a foreign origin', async () => {
    expect(await outcome(connect({}))).toMatch(/refused: sign in first/);
    expect(await outcome(connect({ ...creds.metrics.socket }))).toMatch(/refused: .*viewer role/);
    expect(await outcome(connect({ ...creds.viewer.socket, extraHeaders: { origin: 'https://evil.example' } }))).toMatch(/refused/);
  });

  it('feeds a viewer token and a session; a board token joins its board only', async () => {
    expect(await outcome(connect({ ...creds.viewer.socket }))).toBe('connected');
    expect(await outcome(connect({ ...creds.manager.socket }))).toBe('connected');
    const tv = await credentialsFor(wallboard, 'viewer', 'hall');
    const socket = connect({ ...tv.socket });
    expect(await outcome(socket)).toBe('connected');
    const reply = await socket.timeout(5_000).emitWithAck('board:join', { board: 'hall' });
    expect(reply.status).toBe('ok');
    const refused = await socket.timeout(5_000).emitWithAck('board:join', { board: 'managers' });
    expect(refused).toEqual({ status: 'error', errors: ['this token opens the board "hall" only'] });
  });

  it('closes a revoked token\'s socket within 5 s, and REST refuses it at once', async () => {
    const tv = await credentialsFor(wallboard, 'viewer');
    const socket = connect({ ...tv.socket });
    expect(await outcome(socket)).toBe('connected');
    const closed = new Promise<number>((resolve) => socket.once('disconnect', () => resolve(performance.now())));
    const revokedAt = performance.now();
    expect((await request('DELETE', `/api/admin/tokens/${tv.name}`, creds.admin.headers)).status).toBe(200);
    const refused = await request('GET', '/api/snapshot', tv.headers);
    expect(refused.status).toBe(401);
    expect((await refused.json()).errors[0].message).toMatch(/revoked/);
    expect((await closed) - revokedAt).toBeLessThan(5_000);
  });
});

describe('first start and the command line', () => {
  it('made an admin and a kiosk token at the first start, and not again on the same database', async () => {
    expect(wallboard.firstStart).toMatchObject({ adminName: 'admin' });
    secrets.push(wallboard.firstStart!.kioskToken);
    const second = await startWallboard({ config: testWallboardConfig({ databaseUrl, queuesFile: 'config/queues.json' }), ami: null });
    try {
      expect(second.firstStart).toBeNull();
    } finally {
      await second.close();
    }
  });

  it('creates a token with npm run tokens (its last line) that the running server takes, and revokes it', async () => {
    const env = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' };
    const tsx = ['--import', 'tsx'];
    const created = await run(process.execPath, [...tsx, 'server/auth/tokens-cli.ts', 'create', '--role', 'metrics', '--name', 'prometheus'], { env });
    const token = created.stdout.trim().split('\n').at(-1)!;
    secrets.push(token);
    const metrics = await request('GET', '/metrics', { authorization: `Bearer ${token}` });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('wallboard_');
    await run(process.execPath, [...tsx, 'server/auth/tokens-cli.ts', 'revoke', 'prometheus'], { env });
    expect((await request('GET', '/metrics', { authorization: `Bearer ${token}` })).status).toBe(401);
  });
});

describe('logs', () => {
  it('never hold a secret this file set', () => {
    const text = JSON.stringify(log.lines);
    expect(log.lines.length).toBeGreaterThan(0);
    for (const secret of secrets.filter((s) => s.length > 0)) expect(text).not.toContain(secret);
  });
});
