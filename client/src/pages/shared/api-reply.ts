import type { z } from 'zod';
import { apiErrorSchema } from '../../../../shared/api-error';
import { t } from '../../i18n/i18n';

/** An admin page's answer from the server: the reply, checked against its schema, or the server's problems. */
export async function readApiReply<T>(response: Response, schema: z.ZodType<T>): Promise<{ ok: true; reply: T } | { ok: false; problems: string[] }> {
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const parsed = schema.safeParse(body);
    return parsed.success ? { ok: true, reply: parsed.data } : { ok: false, problems: [t('desk.badReply')] };
  }
  const error = apiErrorSchema.safeParse(body);
  return { ok: false, problems: error.success ? error.data.errors.map((e) => e.message) : [t('desk.httpStatus', { status: String(response.status) })] };
}
