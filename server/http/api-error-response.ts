import type { ErrorRequestHandler, Response } from 'express';
import type { ApiError, ApiProblem } from '../../shared/api-error';
import type { Logger } from '../observability/logger';

/** Answers with the API's one error shape (shared/api-error.ts); a string is a problem of the request as a whole. */
export function sendApiError(res: Response, status: number, errors: string | readonly ApiProblem[]): void {
  const body: ApiError = { status: 'error', errors: typeof errors === 'string' ? [{ path: '', message: errors }] : [...errors] };
  res.status(status).json(body);
}

/**
 * The last error handler of the app: a request the body reader refused (too
 * large, malformed JSON, bad encoding) gets its 4xx; anything else is a fault
 * of ours, logged with the error and answered 500 without internals.
 */
export function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      // Too late for an answer of ours: Express closes the connection.
      next(error);
      return;
    }
    const refused = clientError(error);
    if (refused) {
      sendApiError(res, refused.status, refused.message);
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    sendApiError(res, 500, 'internal error');
  };
}

/** http-errors (body-parser, express.static) mark client faults with a 4xx status and say whether the message may be shown. */
function clientError(error: unknown): { status: number; message: string } | null {
  const { status, statusCode, expose, message } = (error ?? {}) as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || code < 400 || code > 499) return null;
  return { status: code, message: expose === true && typeof message === 'string' ? message : 'bad request' };
}
