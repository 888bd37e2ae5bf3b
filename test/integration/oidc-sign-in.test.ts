import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_CONFIG } from '../../server/config/env-config';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import { registerSecrets } from '../support/run-log';
import { freeLoopbackPort } from '../support/server-process';
import { testWallboardConfig } from '../support/services';

/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider) on a
 * loopback port: discovery, the authorization code flow with PKCE, the ID
 * token's signature and nonce, all as with Keycloak or Entra ID. Only the
 * person at the IdP's login form is scripted: the interaction signs in
 * whoever the test names.
 */

const GROUPS: Record<string, string[]> = { alice: ['support-leads'], bob: ['cleaning'], carol: ['wallboard-admins', 'support-leads'] };
let idp: Server;
let provider: InstanceType<typeof Provider>;
let wallboard: RunningWallboard;
/** who signs in at the IdP next */
let person = 'alice';

beforeAll(async () => {
  registerSecrets('idp-client-secret');
  idp = createServer();
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  const port = await freeLoopbackPort();
  const redirectUrl = `http://127.0.0.1:${port}/api/auth/oidc/callback`;
  provider = new Provider(issuer, {
    clients: [
      { client_id: 'wallboard', client_secret: 'idp-client-secret', redirect_uris: [redirectUrl], token_endpoint_auth_method: 'client_secret_post' },
    ],
    findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id, preferred_username: id, groups: GROUPS[id] ?? [] }) }),
    claims: { openid: ['sub'], profile: ['preferred_username', 'groups'] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  });
  const signInWhoeverTheTestNames = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const details = await provider.interactionDetails(req, res);
    const grant = new provider.Grant({ accountId: person, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId: person }, consent: { grantId } }, { mergeWithLastSubmission: false });
  };
  const callback = provider.callback();
  idp.on('request', (req, res) => {
    if (req.url?.startsWith('/interaction/')) void signInWhoeverTheTestNames(req, res);
    else callback(req, res);
  });

  wallboard = await startWallboard({
    config: testWallboardConfig({
      port,
      queuesFile: 'config/queues.json',
      auth: {
        ...DEFAULT_AUTH_CONFIG,
        oidc: {
          issuer,
          clientId: 'wallboard',
          clientSecret: 'idp-client-secret',
          redirectUrl,
          groupsClaim: 'groups',
          roleGroups: { 'support-leads': 'manager', 'wallboard-admins': 'admin' },
        },
      },
    }),
    ami: null,
  });
});

afterAll(async () => {
  await wallboard?.close();
  await new Promise((resolve) => idp?.close(resolve));
});

/** A browser's round trip: follows redirects across the wallboard and the IdP, keeping each one's cookies. */
async function signInThroughIdp(): Promise<{ status: number; cookie: string; body: string }> {
  const jars = new Map<string, Map<string, string>>();
  let url = `${wallboard.url}/api/auth/oidc/start`;
  for (let hop = 0; hop < 12; hop++) {
    const host = new URL(url).host;
    const jar = jars.get(host) ?? new Map<string, string>();
    jars.set(host, jar);
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const set of response.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location || (host === new URL(wallboard.url).host && location === '/')) {
      const own = jars.get(new URL(wallboard.url).host)!;
      return { status: response.status, cookie: [...own].map(([k, v]) => `${k}=${v}`).join('; '), body: await response.text() };
    }
    url = new URL(location, url).href;
  }
  throw new Error('too many redirects');
}

describe('single sign-on with OpenID Connect', () => {
  it('signs a person in with the role their IdP group maps to', async () => {
    person = 'alice';
    const { status, cookie } = await signInThroughIdp();
    expect(status).toBe(303);
    const session = await (await fetch(`${wallboard.url}/api/auth/session`, { headers: { cookie } })).json();
    expect(session).toMatchObject({ name: 'alice', role: 'manager', kind: 'user' });
    // past the guard (a manager may), to the 404 of a server without history
    expect((await fetch(`${wallboard.url}/api/plan/heatmap`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${wallboard.url}/api/admin/users`, { headers: { cookie } })).status).toBe(403);
  });

  it('takes the highest role of several groups', async () => {
    person = 'carol';
    const { cookie } = await signInThroughIdp();
    const session = await (await fetch(`${wallboard.url}/api/auth/session`, { headers: { cookie } })).json();
    expect(session).toMatchObject({ name: 'carol', role: 'admin' });
  });

  it('refuses a person in no mapped group (403, saying why) and audits it', async () => {
    person = 'bob';
    const { status, body } = await signInThroughIdp();
    expect(status).toBe(403);
    expect(body).toContain('bob is in no group allowed');
    const entries = await wallboard.auth!.store.auditLog(20);
    expect(entries.some((entry) => entry.action === 'sign-in-failed' && entry.detail?.includes('bob: no mapped group'))).toBe(true);
  });

  it('refuses a callback whose code was not issued for this sign-in', async () => {
    const forged = await fetch(`${wallboard.url}/api/auth/oidc/callback?code=made-up&state=whatever`, {
      redirect: 'manual',
      headers: { cookie: `wb_oidc=${encodeURIComponent(JSON.stringify({ state: 'other', nonce: 'n', verifier: 'v'.repeat(43) }))}` },
    });
    expect(forged.status).toBe(401);
  });
});
