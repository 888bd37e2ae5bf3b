import type { RequestHandler } from 'express';
import type { IncomingMessage } from 'node:http';
import { sendApiError } from '../http/api-error-response';

/**
 * Browsers send Origin on cross-site requests and on every WebSocket; a page
 * elsewhere must not read the board through a visitor's browser. Allowed: no
 * Origin (not a browser: curl, Prometheus, a socket.io client in node), the
 * server's own host (the Host header, which a proxy passes on), and
 * ALLOWED_ORIGINS.
 */
export function originAllowed(req: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return parsed.host === req.headers.host || allowedOrigins.includes(parsed.origin);
}

/**
 * 403 for a request from an origin not allowed (REST; socket.io checks in its
 * allowRequest). A listed other origin gets the CORS headers that let its page
 * read the answer, and its preflight (OPTIONS) is answered here.
 */
export function originGuard(allowedOrigins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    if (!originAllowed(req, allowedOrigins)) {
      sendApiError(res, 403, `requests from ${req.headers.origin} are not allowed (ALLOWED_ORIGINS)`);
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && allowedOrigins.includes(origin)) {
      res.vary('Origin');
      res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' });
      if (req.method === 'OPTIONS') {
        res.set({ 'Access-Control-Allow-Methods': 'GET, POST, DELETE', 'Access-Control-Allow-Headers': 'authorization, content-type, x-csrf-token' });
        res.sendStatus(204);
        return;
      }
    }
    next();
  };
}
