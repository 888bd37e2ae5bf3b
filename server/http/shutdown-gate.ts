import express from 'express';
import { sendApiError } from './api-error-response';

/** Seconds a sender is asked to wait: another node, or this one restarted, takes the retry. */
const RETRY_AFTER_SEC = 5;

/**
 * Input routes during a shutdown: once closed, a request answers 503 with
 * Retry-After instead of being taken, so nothing new has to be flushed; the
 * requests already taken are counted until they are answered.
 */
export class ShutdownGate {
  private closed = false;
  private active = 0;

  /** requests let through that have not been answered yet */
  get inFlight(): number {
    return this.active;
  }

  close(): void {
    this.closed = true;
  }

  /** Mount before the routes it guards. */
  router(path: string): express.Router {
    const router = express.Router();
    router.use(path, (_req, res, next) => {
      if (this.closed) {
        res.set('Retry-After', String(RETRY_AFTER_SEC));
        sendApiError(res, 503, 'the server is shutting down; retry later');
        return;
      }
      this.active += 1;
      res.once('close', () => {
        this.active -= 1;
      });
      next();
    });
    return router;
  }
}
