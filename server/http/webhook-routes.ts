import express, { type NextFunction, type Request, type Response } from 'express';
import type { TicketDeliveryOutcome } from '../aggregate/ticket-aggregator';
import type { TicketEvent } from '../domain/ticket-events';
import { parseGenericWebhook } from '../ingest/webhooks/generic-webhook';
import type { WebhookHeaders } from '../ingest/webhooks/ingest-webhook';
import { parseJiraWebhook } from '../ingest/webhooks/jira-webhook';
import type { WebhookConfig } from '../ingest/webhooks/webhook-config';
import type { WebhookParseResult, WebhookProblem } from '../ingest/webhooks/webhook-result';
import { parseZendeskWebhook } from '../ingest/webhooks/zendesk-webhook';
import { parseZammadWebhook } from '../ingest/webhooks/zammad-webhook';
import { parseFreshdeskWebhook } from '../ingest/webhooks/freshdesk-webhook';
import { parseHelpScoutWebhook } from '../ingest/webhooks/helpscout-webhook';
import type { EscalationOutcome } from '../domain/escalations/escalation-batch';
import type { EscalationEvent } from '../domain/escalations/escalation-events';
import { parseJiraDevWebhook, type EscalationParseResult } from '../ingest/escalations/jira-dev-webhook';
import { parseWrikeWebhook, type WrikeParseResult } from '../ingest/escalations/wrike-webhook';
import { WRIKE_HOOK_SECRET_HEADER } from '../ingest/webhooks/sign';
import type { Logger } from '../observability/logger';
import type { WallboardMetrics } from '../observability/metrics';
import { RateLimitedLog } from '../observability/rate-limited-log';
import type { UnknownChannels } from '../observability/unknown-channels';
import { sendApiError } from './api-error-response';

export interface WebhookRoutesOptions {
  config: WebhookConfig;
  /** the ticket aggregator: settles once the events are in the live store */
  tickets: { submit(events: readonly TicketEvent[]): Promise<TicketDeliveryOutcome> };
  /** escalations to development: settles once the events are in the live store */
  escalations: { submit(events: readonly EscalationEvent[]): Promise<Record<EscalationOutcome, number>> };
  metrics: WallboardMetrics;
  logger: Logger;
  unknownChannels: UnknownChannels;
  /** the server's clock, epoch ms: event times and Zendesk's signature timestamp are checked against it */
  clock: () => number;
}

type WebhookParser = (rawBody: Buffer, headers: WebhookHeaders, config: WebhookConfig, now: number) => WebhookParseResult;

/** path -> the adapter; the kind names the source in metrics (`webhook:<kind>`) */
const ENDPOINTS: readonly { path: string; kind: string; parse: WebhookParser }[] = [
  { path: '/api/webhooks/tickets', kind: 'generic', parse: parseGenericWebhook },
  { path: '/api/webhooks/zendesk', kind: 'zendesk', parse: parseZendeskWebhook },
  { path: '/api/webhooks/jira', kind: 'jira', parse: parseJiraWebhook },
  { path: '/api/webhooks/zammad', kind: 'zammad', parse: parseZammadWebhook },
  { path: '/api/webhooks/freshdesk', kind: 'freshdesk', parse: parseFreshdeskWebhook },
  { path: '/api/webhooks/helpscout', kind: 'helpscout', parse: parseHelpScoutWebhook },
];

type EscalationParser = (rawBody: Buffer, headers: WebhookHeaders, config: WebhookConfig, now: number) => WrikeParseResult | EscalationParseResult;

/** The developers' trackers: their events are escalations, not tickets. */
const ESCALATION_ENDPOINTS: readonly { path: string; kind: string; parse: EscalationParser }[] = [
  { path: '/api/webhooks/wrike', kind: 'wrike', parse: parseWrikeWebhook },
  { path: '/api/webhooks/jira-dev', kind: 'jira-dev', parse: parseJiraDevWebhook },
];

/** Seconds a sender is asked to wait before retrying when the store is unavailable. */
const RETRY_AFTER_SEC = 5;

/**
 * The ticket webhooks (docs/WEBHOOKS.md). Each endpoint reads the raw body (the
 * signature covers the exact bytes), hands it to its adapter, and answers:
 *
 * - 200 `{status:'ok', accepted, duplicates, stale, ignored}` once the events
 *   are in the live store;
 * - 400 / 401 / 404 / 413 `{status:'error', errors:[{path, message}]}` for a
 *   delivery refused, counted in wallboard_input_rejected_total{source="webhook:<kind>", reason="<status>"};
 * - 202 `{status:'dead-lettered', ..., deadLettered}` when the store refused
 *   the delivery for good (a permanent error): its events are kept in the
 *   site's dead letters, counted and shown in /api/health. A 2xx because a
 *   retry could only fail the same way: an error answer would have the desk
 *   retry it for hours and count it towards switching the webhook off (Zendesk
 *   and Jira deactivate webhooks that keep failing), which would lose the good
 *   deliveries after it; 202, not 200, because nothing was applied;
 * - 503 with Retry-After when the store could not take the events: nothing a
 *   sender's retry could double-count was applied (event ids make a retry safe).
 */
export function createWebhookRouter(options: WebhookRoutesOptions): express.Router {
  const { config, metrics, logger } = options;
  const router = express.Router();
  const warnings = new RateLimitedLog(logger);

  const refuse = (res: Response, kind: string, status: number, errors: WebhookProblem[]): void => {
    metrics.inputRejected.inc({ source: `webhook:${kind}`, reason: String(status) });
    warnings.warn(`webhook-refused:${kind}:${status}`, { source: kind, status, errors }, 'ticket webhook refused');
    sendApiError(res, status, errors);
  };

  const notApplied = (res: Response, kind: string, error: unknown): void => {
    warnings.warn(`webhook-not-applied:${kind}`, { err: error, source: kind }, 'webhook not applied');
    res.set('Retry-After', String(RETRY_AFTER_SEC));
    sendApiError(res, 503, 'the live store could not take the events; retry later');
  };

  // Every content type: a sender that labels JSON oddly must still reach the
  // signature check, not be refused as an empty body.
  const mount = (path: string, kind: string, handle: (body: Buffer, req: Request, res: Response) => Promise<void>): void => {
    router.post(
      path,
      express.raw({ type: () => true, limit: config.maxBodyBytes }),
      (req: Request, res: Response) => handle(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), req, res),
      // Errors of the body reader: over the size limit, an aborted upload, an unknown content encoding.
      (error: unknown, _req: Request, res: Response, next: NextFunction) => {
        const status = bodyReadStatus(error);
        if (status === null) {
          next(error);
          return;
        }
        const message =
          status === 413
            ? `body is over the limit of ${config.maxBodyBytes} bytes`
            : `body could not be read: ${(error as Error).message}`;
        refuse(res, kind, status, [{ path: '', message }]);
      },
    );
  };

  for (const { path, kind, parse } of ENDPOINTS) {
    mount(path, kind, async (body, req, res) => {
      const parsed = parse(body, req.headers, config, options.clock());
      if (!parsed.ok) {
        refuse(res, kind, parsed.status, parsed.errors);
        return;
      }
      if (parsed.unknownChannel !== undefined) options.unknownChannels.record(kind, parsed.unknownChannel);
      try {
        const outcome = await options.tickets.submit(parsed.events);
        if (outcome.deadLettered) res.status(202).json({ status: 'dead-lettered', ...outcome });
        else res.json({ status: 'ok', ...outcome });
      } catch (error) {
        notApplied(res, kind, error);
      }
    });
  }

  for (const { path, kind, parse } of ESCALATION_ENDPOINTS) {
    mount(path, kind, async (body, req, res) => {
      const parsed = parse(body, req.headers, config, options.clock());
      if (!parsed.ok) {
        refuse(res, kind, parsed.status, parsed.errors);
        return;
      }
      if ('handshake' in parsed) {
        res.set(WRIKE_HOOK_SECRET_HEADER, parsed.handshake).json({ status: 'ok' });
        return;
      }
      try {
        res.json({ status: 'ok', ...(await options.escalations.submit(parsed.events)) });
      } catch (error) {
        notApplied(res, kind, error);
      }
    });
  }
  return router;
}

/** 413 for a body over the limit, 400 for any other client-side body error, null for the rest. */
function bodyReadStatus(error: unknown): 413 | 400 | null {
  const status = (error as { status?: unknown } | null)?.status;
  if (status === 413) return 413;
  return typeof status === 'number' && status >= 400 && status < 500 ? 400 : null;
}
