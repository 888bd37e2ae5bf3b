import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { sendApiError } from '../http/api-error-response';
import { AccountError, type Actor } from './accounts';
import type { AuthContext } from './auth-context';
import { principalOf } from './auth-guard';
import { PERSON_ROLES, TOKEN_ROLES } from '../../shared/roles';

const newUserSchema = z.object({ name: z.string(), role: z.enum(PERSON_ROLES), password: z.string().optional() });
const newPasswordSchema = z.object({ password: z.string().optional() });
const newTokenSchema = z.object({ name: z.string(), role: z.enum(TOKEN_ROLES), board: z.string().min(1).nullable().optional() });

/** The admin pages' API: users, tokens and the audit log (admin role, route-access.ts). */
export function adminRouter(auth: AuthContext): express.Router {
  const router = express.Router();
  const body = express.json({ limit: '8kb' });
  const actor = (req: Request, res: Response): Actor => ({ name: principalOf(res)?.name ?? null, address: req.ip ?? null });
  /** an account's refusal is the client's 400 or 404; anything else is ours */
  const handle =
    (run: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: NextFunction): void => {
      run(req, res).catch((error: unknown) => {
        if (error instanceof AccountError) sendApiError(res, error.message.startsWith('no ') ? 404 : 400, error.message);
        else next(error);
      });
    };
  const parse = <T>(schema: z.ZodType<T>, req: Request, res: Response): T | null => {
    const parsed = schema.safeParse(req.body);
    if (parsed.success) return parsed.data;
    sendApiError(res, 400, parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
    return null;
  };

  router.get('/api/admin/users', handle(async (_req, res) => {
    const users = await auth.accounts.listUsers();
    res.json({ users: users.map(({ name, role, source, createdAt }) => ({ name, role, source, createdAt: new Date(createdAt).toISOString() })) });
  }));
  router.post('/api/admin/users', body, handle(async (req, res) => {
    const input = parse(newUserSchema, req, res);
    if (!input) return;
    const password = await auth.accounts.addUser(actor(req, res), input.name, input.role, input.password);
    // a generated password is shown once, to the admin who made the user
    res.status(201).json({ name: input.name, role: input.role, ...(input.password === undefined ? { password } : {}) });
  }));
  router.delete('/api/admin/users/:name', handle(async (req, res) => {
    await auth.accounts.removeUser(actor(req, res), String(req.params.name));
    res.json({ status: 'ok' });
  }));
  router.post('/api/admin/users/:name/password', body, handle(async (req, res) => {
    const input = parse(newPasswordSchema, req, res);
    if (!input) return;
    const password = await auth.accounts.setPassword(actor(req, res), String(req.params.name), input.password);
    res.json({ name: req.params.name, ...(input.password === undefined ? { password } : {}) });
  }));

  router.get('/api/admin/tokens', handle(async (_req, res) => {
    const tokens = await auth.accounts.listTokens();
    res.json({ tokens: tokens.map((token) => ({ ...token, createdAt: new Date(token.createdAt).toISOString() })) });
  }));
  router.post('/api/admin/tokens', body, handle(async (req, res) => {
    const input = parse(newTokenSchema, req, res);
    if (!input) return;
    const token = await auth.accounts.createToken(actor(req, res), input.name, input.role, input.board ?? null);
    res.status(201).json({ name: input.name, role: input.role, board: input.board ?? null, token });
  }));
  router.delete('/api/admin/tokens/:name', handle(async (req, res) => {
    await auth.accounts.revokeToken(actor(req, res), String(req.params.name));
    res.json({ status: 'ok' });
  }));

  router.get('/api/admin/audit', handle(async (req, res) => {
    const limit = Math.min(1000, Math.max(1, Number(req.query.limit) || 200));
    const entries = await auth.store.auditLog(limit);
    res.json({ entries: entries.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() })) });
  }));

  return router;
}
