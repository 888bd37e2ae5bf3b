import { z } from 'zod';

/**
 * The body of every error answer of the HTTP API (history, plan, webhooks,
 * unknown endpoints, unreadable bodies, server failures):
 * `{ status: 'error', errors: [{ path, message }] }`.
 */

export const apiProblemSchema = z.object({
  /** what is at fault: a query parameter (`weeks`), a dotted path into the body (`detail.via.channel`), a header name; '' for the request as a whole */
  path: z.string(),
  message: z.string(),
});
export type ApiProblem = z.infer<typeof apiProblemSchema>;

export const apiErrorSchema = z.object({
  status: z.literal('error'),
  errors: z.array(apiProblemSchema).min(1),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
