import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { sendApiError } from '../http/api-error-response';
import { clearAuthCookies, cookiesOf, csrfTokenFor, SESSION_COOKIE, setSessionCookies } from './auth-cookies';
import type { AuthContext } from './auth-context';
import { principalOf } from './auth-guard';

const signInSchema = z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(1024) });

/** Signing in and out with a password, and who the client is (the page asks at load). */
export function authRouter(auth: AuthContext): express.Router {
  const router = express.Router();
  const body = express.json({ limit: '8kb' });

  router.post('/api/auth/signin', body, async (req: Request, res: Response) => {
    const parsed = signInSchema.safeParse(req.body);
    if (!parsed.success) {
      sendApiError(res, 400, 'expected {"name": ..., "password": ...}');
      return;
    }
    const { name, password } = parsed.data;
    const address = req.ip ?? 'unknown';
    const result = await auth.authenticator.checkPassword(name, password, address);
    if (!result.ok || !result.user) {
      await auth.store.audit({ actor: null, action: 'sign-in-failed', target: name, address, detail: result.retryAfterMs ? 'locked' : null });
      if (result.retryAfterMs) res.set('Retry-After', String(Math.ceil(result.retryAfterMs / 1000)));
      sendApiError(res, result.retryAfterMs ? 429 : 401, result.message ?? 'sign-in refused');
      return;
    }
    const session = await auth.authenticator.startSession(result.user.name);
    setSessionCookies(res, req.secure, session.sessionId, session.expiresAt);
    await auth.store.audit({ actor: result.user.name, action: 'signed-in', target: null, address, detail: 'password' });
    res.json({ name: result.user.name, role: result.user.role, kind: 'user' });
  });

  router.get('/api/auth/session', (req: Request, res: Response) => {
    const principal = principalOf(res)!;
    const session = cookiesOf(req)[SESSION_COOKIE];
    res.set('Cache-Control', 'no-store').json({
      name: principal.name,
      role: principal.role,
      kind: principal.kind,
      board: principal.board,
      authOff: false,
      ...(principal.via === 'session' && session ? { csrf: csrfTokenFor(session) } : {}),
    });
  });

  router.post('/api/auth/signout', async (req: Request, res: Response) => {
    const principal = principalOf(res)!;
    const session = cookiesOf(req)[SESSION_COOKIE];
    if (principal.via === 'session' && session) await auth.authenticator.endSession(session);
    clearAuthCookies(res, req.secure);
    await auth.store.audit({ actor: principal.name, action: 'signed-out', target: null, address: req.ip ?? null, detail: null });
    res.json({ status: 'ok' });
  });

  router.post('/api/auth/signout-everywhere', async (req: Request, res: Response) => {
    const principal = principalOf(res)!;
    if (principal.kind !== 'user') {
      sendApiError(res, 400, 'a token has no sessions: an admin revokes it');
      return;
    }
    await auth.store.removeSessionsOf(principal.name);
    clearAuthCookies(res, req.secure);
    await auth.store.audit({ actor: principal.name, action: 'signed-out-everywhere', target: null, address: req.ip ?? null, detail: null });
    res.json({ status: 'ok' });
  });

  return router;
}
