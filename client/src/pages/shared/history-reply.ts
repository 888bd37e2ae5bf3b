import type { z } from 'zod';
import { apiErrorSchema } from '../../../../shared/api-error';
import { t } from '../../i18n/i18n';

/**
 * What a history API reply means for a page: the payload (validated against the
 * shared schema), or why there is none, with each bad query parameter named
 * the way the API names it (shared/api-error.ts).
 */

export interface ParamProblem {
  /** the query parameter at fault, when the message names one */
  param: string | null;
  message: string;
}

export type HistoryFailure =
  /** 400: the query was refused */
  | { kind: 'bad-request'; problems: ParamProblem[] }
  /** network error, 404, 5xx: nothing to show */
  | { kind: 'unavailable'; message: string }
  /** a 200 whose body does not match the contract */
  | { kind: 'invalid-payload'; message: string };

export type HistoryReply<T> = { ok: true; data: T } | { ok: false; failure: HistoryFailure };

export function readHistoryReply<T>(status: number, body: unknown, schema: z.ZodType<T>): HistoryReply<T> {
  if (status >= 200 && status < 300) {
    const parsed = schema.safeParse(body);
    if (parsed.success) return { ok: true, data: parsed.data };
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? 'reply' : issue.path.join('.');
    return { ok: false, failure: { kind: 'invalid-payload', message: `${where}: ${issue?.message ?? 'invalid'}` } };
  }
  const error = apiErrorSchema.safeParse(body);
  if (status === 400 && error.success) {
    const problems = error.data.errors.map(({ path, message }) => ({ param: path === '' ? null : path, message }));
    return { ok: false, failure: { kind: 'bad-request', problems } };
  }
  const detail = error.success ? `: ${error.data.errors.map((problem) => problem.message).join('; ')}` : '';
  return { ok: false, failure: { kind: 'unavailable', message: `${t('desk.httpStatus', { status: String(status) })}${detail}` } };
}

/** One line for a banner. */
export function describeFailure(failure: HistoryFailure): string {
  switch (failure.kind) {
    case 'bad-request':
      return failure.problems.map((p) => (p.param === null ? p.message : `${p.param}: ${p.message}`)).join('; ');
    case 'unavailable':
      return failure.message;
    case 'invalid-payload':
      return `${t('desk.badReply')} (${failure.message})`;
  }
}
