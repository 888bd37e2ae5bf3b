/**
 * Whether a failed history query means the database cannot be reached (the
 * API answers 503 and the board goes on) rather than a fault in the query or
 * the code (500, logged).
 */

/** Node socket errors that mean the connection failed or broke, whatever the call. */
const BROKEN_CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** SQLSTATE: the server is shutting down (admin, crash) or not yet accepting connections. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03']);

/** pg's own messages: the socket closed under a query, or no connection within connectionTimeoutMillis (client or pool). */
const PG_CONNECTION_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect)/;

interface ErrorFields {
  code?: unknown;
  syscall?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

export function isDatabaseUnreachable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, syscall, message, cause, errors } = error as ErrorFields;
  if (typeof code === 'string') {
    if (BROKEN_CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
    // Class 08: connection exception (as the server reports it).
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
    // A missing unix socket (an embedded Postgres that stopped) is ENOENT on connect.
    if (syscall === 'connect') return true;
  }
  if (typeof message === 'string' && PG_CONNECTION_MESSAGE.test(message)) return true;
  // Connecting to a name with several addresses fails with one error per address.
  if (Array.isArray(errors) && errors.length > 0 && errors.every(isDatabaseUnreachable)) return true;
  return cause !== undefined && cause !== error && isDatabaseUnreachable(cause);
}

/** SQLSTATE query_canceled: what Postgres raises when statement_timeout cuts a query short. */
const QUERY_CANCELED = '57014';

/**
 * Whether a history query was stopped for running too long (statement_timeout,
 * or pg's client-side query_timeout): neither an outage nor a bug, but a
 * request too big for the time allowed. The API answers 503 and asks for a
 * narrower range.
 */
export function isQueryTimeout(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as ErrorFields;
  return code === QUERY_CANCELED || message === 'Query read timeout';
}
