import { z } from 'zod';

/** A provider's numeric id: Zendesk and Jira send ids as numeric strings in webhooks, as numbers elsewhere; both become the string. */
export const numericIdSchema = z
  .union([z.string().regex(/^\d{1,20}$/, 'expected a numeric id'), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)])
  .transform(String);
