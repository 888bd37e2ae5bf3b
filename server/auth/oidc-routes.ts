import express, { type Request, type Response } from 'express';
import * as oidc from 'openid-client';
import { parse, serialize } from 'cookie';
import type { OidcConfig } from '../config/env-config';
import { sendApiError } from '../http/api-error-response';
import type { Logger } from '../observability/logger';
import { PERSON_ROLES, type PersonRole } from '../../shared/roles';
import { setSessionCookies } from './auth-cookies';
import type { AuthContext } from './auth-context';

/** The sign-in in flight: state, nonce and PKCE verifier, in an HttpOnly cookie until the IdP sends the person back. */
const FLOW_COOKIE = 'wb_oidc';
const FLOW_MS = 10 * 60_000;

/** The highest role any of the person's groups maps to; null when none does. */
export function roleOfGroups(groups: readonly string[], roleGroups: Record<string, PersonRole>): PersonRole | null {
  const roles = groups.flatMap((group) => (Object.hasOwn(roleGroups, group) ? [roleGroups[group]!] : []));
  return [...PERSON_ROLES].reverse().find((role) => roles.includes(role)) ?? null;
}

/**
 * Single sign-on with OpenID Connect (authorization code + PKCE, openid-client):
 * /api/auth/oidc/start sends the browser to the IdP, /api/auth/oidc/callback
 * takes the code back, maps the groups claim to a role, and starts a session
 * as a password sign-in does. The IdP's metadata is discovered at the first
 * sign-in (and again after a failure), so the server starts while the IdP is away.
 */
export function oidcRouter(auth: AuthContext, config: OidcConfig, logger: Logger): express.Router {
  const router = express.Router();
  let discovered: Promise<oidc.Configuration> | null = null;
  const configuration = (): Promise<oidc.Configuration> => {
    const issuer = new URL(config.issuer);
    discovered ??= oidc
      .discovery(issuer, config.clientId, config.clientSecret, undefined, issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {})
      .catch((error: unknown) => {
        discovered = null;
        throw error;
      });
    return discovered;
  };

  router.get('/api/auth/oidc/start', async (req: Request, res: Response) => {
    try {
      const verifier = oidc.randomPKCECodeVerifier();
      const flow = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier };
      const url = oidc.buildAuthorizationUrl(await configuration(), {
        redirect_uri: config.redirectUrl,
        scope: 'openid profile email',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: flow.state,
        nonce: flow.nonce,
      });
      const cookie = serialize(FLOW_COOKIE, JSON.stringify(flow), { path: '/api/auth/oidc', httpOnly: true, secure: req.secure, sameSite: 'lax', maxAge: FLOW_MS / 1000 });
      res.append('Set-Cookie', cookie).redirect(303, url.href);
    } catch (error) {
      logger.error({ err: error, issuer: config.issuer }, 'single sign-on: the identity provider could not be reached');
      sendApiError(res, 502, 'the identity provider did not answer; try again, or sign in with a password');
    }
  });

  router.get('/api/auth/oidc/callback', async (req: Request, res: Response) => {
    const address = req.ip ?? null;
    const refuse = async (status: number, message: string, detail: string): Promise<void> => {
      await auth.store.audit({ actor: null, action: 'sign-in-failed', target: null, address, detail: `oidc: ${detail}` });
      sendApiError(res, status, message);
    };
    const raw = parse(req.headers.cookie ?? '')[FLOW_COOKIE];
    if (!raw) {
      await refuse(400, 'this sign-in was not started here or took too long: start again', 'no flow cookie');
      return;
    }
    let claims: Record<string, unknown>;
    try {
      const flow = JSON.parse(raw) as { state: string; nonce: string; verifier: string };
      const current = new URL(req.originalUrl, config.redirectUrl);
      const tokens = await oidc.authorizationCodeGrant(await configuration(), current, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      claims = (tokens.claims() ?? {}) as Record<string, unknown>;
    } catch (error) {
      logger.warn({ err: error }, 'single sign-on refused');
      await refuse(401, 'the identity provider did not confirm the sign-in: start again', (error as Error).message);
      return;
    }
    const name = String(claims.preferred_username ?? claims.email ?? claims.sub);
    const groupsClaim = claims[config.groupsClaim];
    const groups = Array.isArray(groupsClaim) ? groupsClaim.map(String) : typeof groupsClaim === 'string' ? [groupsClaim] : [];
    const role = roleOfGroups(groups, config.roleGroups);
    if (role === null) {
      await refuse(403, `${name} is in no group allowed on the wallboard (OIDC_ROLE_GROUPS); ask an admin`, `${name}: no mapped group`);
      return;
    }
    const user = await auth.store.upsertOidcUser(name, role);
    if (user === null) {
      await refuse(403, `a local user is named ${name}: single sign-on cannot take the account over; ask an admin`, `${name}: local user`);
      return;
    }
    const session = await auth.authenticator.startSession(user.name);
    setSessionCookies(res, req.secure, session.sessionId, session.expiresAt);
    res.append('Set-Cookie', serialize(FLOW_COOKIE, '', { path: '/api/auth/oidc', maxAge: 0 }));
    await auth.store.audit({ actor: user.name, action: 'signed-in', target: null, address, detail: `oidc, role ${role}` });
    res.redirect(303, '/');
  });

  return router;
}
