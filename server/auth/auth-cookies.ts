import { parse, serialize, type SerializeOptions } from 'cookie';
import type { IncomingMessage } from 'node:http';
import type { Response } from 'express';
import { hashSecret } from './secret-token';

/**
 * The cookies: the session (a person), the kiosk token (a TV, swapped from
 * `/?token=`), both HttpOnly, SameSite=Lax (a link from elsewhere still opens
 * the board; state changes need the CSRF header anyway) and Secure behind TLS;
 * and the CSRF token, readable by the page, which sends it back as a header.
 */
export const SESSION_COOKIE = 'wb_session';
export const TOKEN_COOKIE = 'wb_token';
export const CSRF_COOKIE = 'wb_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** A kiosk cookie lasts a year; the token's revocation is what ends it. */
const KIOSK_COOKIE_MS = 365 * 86_400_000;

export function cookiesOf(req: IncomingMessage): Record<string, string | undefined> {
  return parse(req.headers.cookie ?? '');
}

/** The CSRF token of a session: derived from its id, so nothing more is stored (double submit, bound to the session). */
export function csrfTokenFor(sessionId: string): string {
  return hashSecret(`csrf:${sessionId}`);
}

function options(secure: boolean, httpOnly: boolean, expiresAt: number | null): SerializeOptions {
  return { path: '/', httpOnly, secure, sameSite: 'lax', ...(expiresAt === null ? { maxAge: 0 } : { expires: new Date(expiresAt) }) };
}

export function setSessionCookies(res: Response, secure: boolean, sessionId: string, expiresAt: number): void {
  res.append('Set-Cookie', serialize(SESSION_COOKIE, sessionId, options(secure, true, expiresAt)));
  res.append('Set-Cookie', serialize(CSRF_COOKIE, csrfTokenFor(sessionId), options(secure, false, expiresAt)));
}

export function setKioskCookie(res: Response, secure: boolean, token: string, now: number): void {
  res.append('Set-Cookie', serialize(TOKEN_COOKIE, token, options(secure, true, now + KIOSK_COOKIE_MS)));
}

export function clearAuthCookies(res: Response, secure: boolean): void {
  for (const name of [SESSION_COOKIE, CSRF_COOKIE, TOKEN_COOKIE]) res.append('Set-Cookie', serialize(name, '', options(secure, name !== CSRF_COOKIE, null)));
}
