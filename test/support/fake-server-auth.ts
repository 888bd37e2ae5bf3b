import type express from 'express';
import { accessControl } from '../../server/auth/access-control';
import type { AuthContext } from '../../server/auth/auth-context';
import { authGuard } from '../../server/auth/auth-guard';
import { authRouter } from '../../server/auth/auth-routes';
import { DEFAULT_AUTH_CONFIG } from '../../server/config/env-config';
import type { ClientPage } from '../../server/http/client-page';
import { createLogger } from '../../server/observability/logger';

/**
 * The server's own access control (guard, sign-in, session, kiosk link) on a
 * fake page server, with credentials in the process: page tests sign in as
 * they would on the real server (test/support/page-test-kit.ts `signIn`).
 */
export function useServerAuth(app: express.Express, page: ClientPage): AuthContext {
  const logger = createLogger('silent');
  const auth = accessControl(DEFAULT_AUTH_CONFIG, null, logger)!;
  app.use(authGuard(auth, page, logger));
  app.use(authRouter(auth));
  return auth;
}
