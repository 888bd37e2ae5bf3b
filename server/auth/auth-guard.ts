import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sendApiError } from '../http/api-error-response';
import type { ClientPage } from '../http/client-page';
import type { Logger } from '../observability/logger';
import { CSRF_HEADER, cookiesOf, csrfTokenFor, SESSION_COOKIE, setKioskCookie, TOKEN_COOKIE } from './auth-cookies';
import type { AuthContext } from './auth-context';
import { CredentialRefused, type Principal } from './principal';
import { allows, type Access } from '../../shared/roles';
import { accessOf } from './route-access';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The principal the guard found for this request; null for an anonymous one on a public route. */
export function principalOf(res: Response): Principal | null {
  return (res.locals.principal as Principal | undefined) ?? null;
}

/**
 * In front of every route (after the origin check): the kiosk link's token swap, who the
 * request is (Bearer token, session cookie, kiosk cookie), what the route
 * needs (route-access.ts), and CSRF for state changes made with a session
 * cookie. Refusals are 401 (no or dead credentials) or 403 (wrong role, a
 * forged cookie, a CSRF attempt; the last two audited).
 */
export function authGuard(auth: AuthContext, page: ClientPage, logger: Logger): RequestHandler {
  const refuse = (req: Request, res: Response, status: 401 | 403, message: string): void => {
    if (status === 401) res.set('WWW-Authenticate', 'Bearer realm="wallboard"');
    // a page asked for by a browser gets the client, which shows the sign-in form and says why
    if (req.method === 'GET' && isPagePath(req.path) && page.exists()) {
      page.send(res, status, 'no-store');
      return;
    }
    sendApiError(res, status, message);
  };
  const audit = (req: Request, action: string, detail: string, actor: string | null = null): void => {
    auth.store
      .audit({ actor, action, target: `${req.method} ${req.path}`, address: req.ip ?? null, detail })
      .catch((error: unknown) => logger.warn({ err: error, action }, 'audit entry not written'));
  };

  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const kioskToken = req.method === 'GET' && isPagePath(req.path) && typeof req.query.token === 'string' ? req.query.token : null;
      if (kioskToken !== null) {
        await swapKioskToken(auth, req, res, kioskToken, refuse);
        return;
      }
      const access: Access = accessOf(req.method, req.path);
      let principal: Principal | null = null;
      try {
        principal = await principalFrom(auth, req);
      } catch (error) {
        if (!(error instanceof CredentialRefused)) throw error;
        // an expired cookie does not stop anyone reaching the sign-in page or health
        if (access !== 'public') {
          if (error.status === 403) audit(req, 'forged-credential', error.message);
          refuse(req, res, error.status, error.message);
          return;
        }
      }
      if (!allows(principal?.role ?? null, access)) {
        if (principal === null) refuse(req, res, 401, 'sign in first (a session cookie or Authorization: Bearer TOKEN)');
        else refuse(req, res, 403, `this needs the ${access} role; ${principal.name} is ${principal.role}`);
        return;
      }
      if (principal?.via === 'session' && STATE_CHANGING.has(req.method)) {
        const sessionId = cookiesOf(req)[SESSION_COOKIE] ?? '';
        if (req.get(CSRF_HEADER) !== csrfTokenFor(sessionId)) {
          audit(req, 'csrf-refused', 'missing or wrong CSRF header', principal.name);
          sendApiError(res, 403, `missing or wrong ${CSRF_HEADER} header: reload the page`);
          return;
        }
      }
      res.locals.principal = principal;
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** A Bearer token first, then the session cookie, then the kiosk cookie; null when none is presented. */
export async function principalFrom(auth: AuthContext, req: Request): Promise<Principal | null> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  if (bearer !== undefined) return auth.authenticator.fromToken(bearer);
  const cookies = cookiesOf(req);
  const session = cookies[SESSION_COOKIE];
  if (session) return auth.authenticator.fromSession(session);
  const token = cookies[TOKEN_COOKIE];
  if (token) return auth.authenticator.fromToken(token);
  return null;
}

/** `/?token=...`: the token becomes an HttpOnly cookie and the browser goes to the same URL without it. */
async function swapKioskToken(
  auth: AuthContext,
  req: Request,
  res: Response,
  token: string,
  refuse: (req: Request, res: Response, status: 401 | 403, message: string) => void,
): Promise<void> {
  try {
    const principal = await auth.authenticator.fromToken(token);
    if (!allows(principal.role, 'viewer')) {
      refuse(req, res, 403, `the token ${principal.name} is for ${principal.role}, not for a board`);
      return;
    }
    setKioskCookie(res, req.secure, token, auth.clock());
    await auth.store.audit({ actor: principal.name, action: 'kiosk-sign-in', target: req.path, address: req.ip ?? null, detail: null });
    const clean = new URL(req.originalUrl, 'http://x');
    clean.searchParams.delete('token');
    res.set('Cache-Control', 'no-store').redirect(303, `${clean.pathname}${clean.search}`);
  } catch (error) {
    if (!(error instanceof CredentialRefused)) throw error;
    refuse(req, res, error.status, error.message);
  }
}

function isPagePath(requestPath: string): boolean {
  return !/^\/(api|socket\.io|metrics|assets)(\/|$)/.test(requestPath);
}
