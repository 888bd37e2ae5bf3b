import { z } from 'zod';

/**
 * An ISO 8601 date-time with a zone, as epoch milliseconds. Accepts what the
 * providers send: Zendesk's nanosecond fractions (`...30.123456789Z`) and
 * Jira's offsets without a colon (`...12.797+1100`); rejects a time without a
 * zone, which would be read in the server's own zone.
 */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

export const isoTimestampMsSchema = z
  .string()
  .max(40)
  .regex(ISO_WITH_ZONE, 'expected an ISO 8601 date-time with a zone, e.g. 2025-01-08T14:25:30Z')
  .transform((value, context) => {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) {
      context.addIssue({ code: 'custom', message: 'not a valid date-time' });
      return z.NEVER;
    }
    return ms;
  });
