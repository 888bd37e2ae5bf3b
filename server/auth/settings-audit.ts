import type { RequestHandler } from 'express';
import type { AuthContext } from './auth-context';
import { principalOf } from './auth-guard';

/** Settings and records people change outside the users and tokens (which Accounts audits itself): method and path. */
const AUDITED_SETTINGS: readonly { method: string; path: RegExp; action: string }[] = [
  { method: 'PUT', path: /^\/api\/alerts\/rules$/, action: 'alert-rules-saved' },
  { method: 'PUT', path: /^\/api\/boards\/[^/]+$/, action: 'board-saved' },
  { method: 'DELETE', path: /^\/api\/boards\/[^/]+$/, action: 'board-deleted' },
  { method: 'POST', path: /^\/api\/callbacks\/[^/]+\/done$/, action: 'callback-done' },
];

/**
 * Writes an audit entry (who, from where) for every settings change the server
 * accepted (2xx); a refused one changed nothing. The entry is written after
 * the answer, so a slow audit never holds up the admin page.
 */
export function settingsAudit(auth: AuthContext): RequestHandler {
  return (req, res, next) => {
    const setting = AUDITED_SETTINGS.find((s) => s.method === req.method && s.path.test(req.path));
    if (setting) {
      res.once('finish', () => {
        if (res.statusCode < 200 || res.statusCode >= 300) return;
        const actor = principalOf(res)?.name ?? null;
        void auth.store.audit({ actor, address: req.ip ?? null, action: setting.action, target: req.path, detail: null }).catch(() => undefined);
      });
    }
    next();
  };
}
