import type { z } from 'zod';
import type { TicketEvent } from '../../domain/ticket-events';
import { controlCharacterProblems } from './control-characters';
import { eventTimeProblems, type EventTimeBounds, type EventTimePaths } from './event-time-bounds';
import { matchesAnySecret } from './hmac';
import { rejection, type WebhookAcceptance, type WebhookParseResult, type WebhookProblem, type WebhookRejection } from './webhook-result';

/**
 * The steps every adapter takes once it knows the source (unknown: 404), in the
 * order that keeps untrusted bytes away from the parser: size cap (413), then
 * the signature over the raw bytes (401), then UTF-8 and JSON decoding, control
 * characters in any string (control-characters.ts), and the source's own schema
 * and mapping (400).
 */

/** Request headers as Node gives them (lower-case names); other casings are found too. */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Most problems reported for one body: enough to fix it, bounded for a hostile one. */
const MAX_PROBLEMS = 20;

export function ingestWebhook(
  rawBody: Buffer,
  maxBodyBytes: number,
  authenticate: () => WebhookRejection | null,
  interpret: (json: unknown) => WebhookParseResult,
): WebhookParseResult {
  if (rawBody.length > maxBodyBytes) {
    return rejection(413, [{ path: '', message: `body is ${rawBody.length} bytes, the limit is ${maxBodyBytes}` }]);
  }
  const denied = authenticate();
  if (denied) return denied;
  const json = decodeJson(rawBody);
  return json.ok ? interpret(json.value) : json;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Deeper than any provider's payload (Jira's rich-text comment bodies included). */
const MAX_DEPTH = 100;

function decodeJson(rawBody: Buffer): { ok: true; value: unknown } | WebhookRejection {
  let text: string;
  try {
    text = strictUtf8.decode(rawBody);
  } catch {
    return rejection(400, [{ path: '', message: 'body is not valid UTF-8' }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return rejection(400, [{ path: '', message: `body is not JSON: ${(error as Error).message}` }]);
  }
  const detached = withoutPrototypes(value);
  if (detached === TOO_DEEP) return rejection(400, [{ path: '', message: `body nests deeper than ${MAX_DEPTH} levels` }]);
  const controls = controlCharacterProblems(detached, MAX_PROBLEMS);
  if (controls.length > 0) return rejection(400, controls);
  return { ok: true, value: detached };
}

const TOO_DEEP = Symbol('too deep');

/**
 * Copies every decoded object onto a null prototype. zod reads an absent key
 * through the prototype chain, so a Jira changelog item without `toString`
 * would be checked against Object.prototype.toString; with no prototype,
 * absent is absent. Iterative with a depth limit, so a 256 KiB body of nested
 * brackets cannot exhaust the stack.
 */
function withoutPrototypes(root: unknown): unknown {
  const detach = (value: unknown): unknown =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.assign(Object.create(null) as object, value)
      : value;
  const top = detach(root);
  const pending: { node: unknown; depth: number }[] = [{ node: top, depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { node, depth } = next;
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_DEPTH) return TOO_DEEP;
    const container = node as Record<string, unknown>;
    for (const key of Object.keys(container)) {
      const child = detach(container[key]);
      container[key] = child;
      if (child !== null && typeof child === 'object') pending.push({ node: child, depth: depth + 1 });
    }
  }
  return top;
}

/** Runs a zod schema; a failure becomes a 400 naming the path of each problem. */
export function validate<T>(schema: z.ZodType<T>, value: unknown): { ok: true; value: T } | WebhookRejection {
  let parsed: ReturnType<typeof schema.safeParse>;
  try {
    parsed = schema.safeParse(value);
  } catch {
    // zod's length checks also run on a wrong-typed value that has a `length`: `{"length": {}}` (a
    // prototype-less object, see withoutPrototypes) makes them throw instead of failing. Still a bad body.
    return rejection(400, [{ path: '', message: 'the body does not have the shape this endpoint takes' }]);
  }
  if (parsed.success) return { ok: true, value: parsed.data };
  return rejection(400, parsed.error.issues.slice(0, MAX_PROBLEMS).map(toProblem));
}

/** A provider's bodies that name their event type in one property (Zendesk's `type`, Jira's `webhookEvent`). */
export interface TypedBodies<T> {
  /** just enough of a body to read its type */
  typeSchema: z.ZodType<string, unknown>;
  /** the types the board uses */
  handled: ReadonlySet<string>;
  /** a handled body in full */
  schema: z.ZodType<T, unknown>;
  /** where a handled body carries its times (checked against EventTimeBounds) */
  times: EventTimePaths;
}

/**
 * The type is read first: a well-formed type the board does not use is
 * accepted with no events, so the provider does not count it as a failure. A
 * handled body must pass its schema and is mapped; a mapping problem is a 400.
 */
export function interpretTypedBody<T>(
  json: unknown,
  bodies: TypedBodies<T>,
  bounds: EventTimeBounds,
  toEvents: (body: T) => TicketEvent[] | WebhookAcceptance | WebhookProblem,
): WebhookParseResult {
  const type = validate(bodies.typeSchema, json);
  if (!type.ok) return type;
  if (!bodies.handled.has(type.value)) return { ok: true, events: [] };
  return interpretBody(json, bodies.schema, bodies.times, bounds, toEvents);
}

/** A body validated, its times checked (event-time-bounds.ts), then mapped; each step's problem is a 400. */
export function interpretBody<T>(
  json: unknown,
  schema: z.ZodType<T, unknown>,
  times: EventTimePaths,
  bounds: EventTimeBounds,
  toEvents: (body: T) => TicketEvent[] | WebhookAcceptance | WebhookProblem,
): WebhookParseResult {
  const body = validate(schema, json);
  if (!body.ok) return body;
  const outOfBounds = eventTimeProblems(body.value, times, bounds);
  if (outOfBounds.length > 0) return rejection(400, outOfBounds);
  const events = toEvents(body.value);
  if (Array.isArray(events)) return { ok: true, events };
  return 'ok' in events ? events : rejection(400, [events]);
}

function toProblem(issue: z.core.$ZodIssue): WebhookProblem {
  return { path: issue.path.map(String).join('.'), message: issue.message };
}

/** One header's value; a header sent several times counts as absent (which one would be signed?). */
export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  let value = headers[name];
  if (value === undefined) {
    const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
    value = key === undefined ? undefined : headers[key];
  }
  if (typeof value === 'string') return value;
  return value?.length === 1 ? value[0] : undefined;
}

/** 401 unless `received` matches; `header` names what was missing or wrong. */
export function requireSignature(
  received: string | undefined,
  header: string,
  matches: (received: string) => boolean,
): WebhookRejection | null {
  if (received === undefined || received === '') return rejection(401, [{ path: header, message: 'missing signature header' }]);
  if (!matches(received.trim())) return rejection(401, [{ path: header, message: 'signature does not match' }]);
  return null;
}

/** How a source proves a delivery is its own. */
export interface SourceAuthentication {
  secrets: readonly string[];
  /** the header holding the signature, and the signature `received` must equal for `secret` */
  signature: { header: string; expectedFor: (secret: string) => string; caseInsensitive?: boolean };
  /** also accept the secret itself in X-Wallboard-Token (a sender that cannot sign) */
  acceptToken: boolean;
  tokenHeader: string;
}

/**
 * The signature when one is sent; else, where the source allows it, the
 * shared token (weaker: the body is not covered, so it is off unless asked for).
 */
export function requireSignatureOrToken(headers: WebhookHeaders, auth: SourceAuthentication): WebhookRejection | null {
  const signature = headerValue(headers, auth.signature.header);
  const token = auth.acceptToken ? headerValue(headers, auth.tokenHeader) : undefined;
  if (signature === undefined && token !== undefined) {
    return requireSignature(token, auth.tokenHeader, (received) => matchesAnySecret(auth.secrets, received, (secret) => secret));
  }
  return requireSignature(signature, auth.signature.header, (received) =>
    matchesAnySecret(auth.secrets, auth.signature.caseInsensitive ? received.toLowerCase() : received, auth.signature.expectedFor),
  );
}
