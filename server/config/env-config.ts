import { z } from 'zod';
import { assertTimeZone } from '../../shared/site-time';
import { DEFAULT_TICKET_SLA_TARGET_PCT } from '../domain/tickets/ticket-board';
import { DEFAULT_READER_LEASE_TTL_MS } from '../ingest/reader-lease';
import { genericSourceIdSchema, MAX_BODY_BYTES_RANGE, webhookConfigSchema, type WebhookConfig } from '../ingest/webhooks/webhook-config';
import { choice, decimal, flag, list, pairs, url, wholeNumber } from './env-values';
import { DEFAULT_AGENT_FORGET_AFTER_SEC, DEFAULT_CALL_MAX_AGE_SEC } from './queue-rules';
import { parseRedisUrl, type RedisConnection } from './redis-url';

/**
 * The one reader of the environment. These names are relied on by deployments
 * and scripts (README's configuration table, docker-compose.yml, docs/WEBHOOKS.md):
 * keep them, and keep the README's table in step (a unit test compares the two).
 * A blank value means unset.
 */

const zendesk = webhookConfigSchema.shape.zendesk.unwrap().shape;
const jira = webhookConfigSchema.shape.jira.unwrap().shape;
const webhookSecrets = list(zendesk.secrets);

const text = z.string();

const redisConnection: z.ZodType<RedisConnection, string> = z.string().transform((value, ctx) => {
  const parsed = parseRedisUrl(value);
  if (parsed.ok) return parsed.connection;
  ctx.addIssue({ code: 'custom', message: parsed.reason });
  return z.NEVER;
});
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

const envSchema = z.object({
  PORT: wholeNumber(0, 65535).default(3000),
  HOST: text.default('0.0.0.0'),
  /** one server, Sentinels or a Cluster: see redis-url.ts */
  REDIS_URL: redisConnection.optional(),
  DATABASE_URL: url(['postgres', 'postgresql']).optional(),
  /** without DATABASE_URL the server runs its own Postgres with its data here */
  DATA_DIR: text.default('data'),
  /** history facts held while Postgres is unreachable; more are dropped and counted */
  HISTORY_BUFFER_MAX: wholeNumber(1000, 10_000_000).default(200_000),
  /** a history query (day, range, heatmap, plan) running longer is cancelled: 503, narrow the range */
  HISTORY_QUERY_TIMEOUT_MS: wholeNumber(100, 600_000).default(10_000),
  /** the reader lease's TTL: a dead reader is replaced within 1.25 x this (renewals and standby polls every quarter) */
  READER_LEASE_TTL_MS: wholeNumber(1000, 600_000).default(DEFAULT_READER_LEASE_TTL_MS),
  /** on SIGTERM/SIGINT, what is not flushed by then is logged and given up */
  SHUTDOWN_TIMEOUT_MS: wholeNumber(100, 600_000).default(DEFAULT_SHUTDOWN_TIMEOUT_MS),
  AMI_HOST: text.optional(),
  AMI_PORT: wholeNumber(1, 65535).default(5038),
  AMI_USERNAME: text.optional(),
  AMI_SECRET: text.optional(),
  SIMULATOR: flag.optional(),
  SITE: text
    .regex(/^[a-z0-9_-]{1,40}$/i, 'expected 1-40 letters, digits, - and _ (it names Redis keys)')
    .default('main'),
  SITE_TZ: text
    .superRefine((tz, ctx) => {
      try {
        assertTimeZone(tz);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .default('Europe/Moscow'),
  QUEUES_FILE: text.default('config/queues.json'),
  SHORT_ABANDON_SEC: wholeNumber(0, 120).default(5),
  /** a call tracked longer than this is decided (a lost AgentComplete, Hangup or Leave) */
  CALL_MAX_AGE_SEC: wholeNumber(600, 7 * 86_400).default(DEFAULT_CALL_MAX_AGE_SEC),
  /** an agent logged out of every queue this long leaves the live state */
  AGENT_FORGET_AFTER_SEC: wholeNumber(60, 30 * 86_400).default(DEFAULT_AGENT_FORGET_AFTER_SEC),
  LOG_LEVEL: choice(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SLA_POLICIES_FILE: text.default('config/sla-policies.json'),
  TICKET_SLA_TARGET_PCT: decimal(0, 100).default(DEFAULT_TICKET_SLA_TARGET_PCT),
  WEBHOOK_MAX_BODY_BYTES: wholeNumber(MAX_BODY_BYTES_RANGE.min, MAX_BODY_BYTES_RANGE.max).optional(),
  WEBHOOK_SECRET_GENERIC: webhookSecrets.optional(),
  ZENDESK_WEBHOOK_SECRET: webhookSecrets.optional(),
  ZENDESK_GROUP_LINES: pairs(zendesk.groupLines).optional(),
  ZENDESK_DEFAULT_LINE: zendesk.defaultLine.optional(),
  ZENDESK_DEFAULT_CHANNEL: zendesk.defaultChannel.optional(),
  ZENDESK_CHANNEL_NAMES: pairs(zendesk.channelNames).optional(),
  JIRA_WEBHOOK_SECRET: webhookSecrets.optional(),
  JIRA_ACCEPT_TOKEN_HEADER: flag.optional(),
  JIRA_STATUS_NAMES: pairs(jira.statusNames).optional(),
  JIRA_PRIORITY_NAMES: pairs(jira.priorityNames).optional(),
  JIRA_LINE_FIELD: jira.lineField,
  JIRA_LINE_NAMES: pairs(jira.lineNames).optional(),
  JIRA_CHANNEL_FIELD: jira.channelField,
  JIRA_CHANNEL_NAMES: pairs(jira.channelNames).optional(),
  JIRA_DEFAULT_LINE: jira.defaultLine.optional(),
  JIRA_DEFAULT_CHANNEL: jira.defaultChannel.optional(),
  /** off: anyone who reaches the port sees everything (a private demo); said loudly in the log and on the board */
  AUTH: flag.default(true),
  /** express' trust proxy: hops (1) or addresses in front that set X-Forwarded-For/-Proto; unset: none */
  TRUST_PROXY: text.optional(),
  /** origins (scheme://host[:port]) allowed for REST and socket.io besides the server's own */
  ALLOWED_ORIGINS: list(z.array(url(['http', 'https']))).optional(),
  /** CSP frame-ancestors: who may embed the board ('none' by default) */
  FRAME_ANCESTORS: list(z.array(text.min(1))).optional(),
  SESSION_TTL_HOURS: wholeNumber(1, 24 * 90).default(12),
  OIDC_ISSUER: url(['http', 'https']).optional(),
  OIDC_CLIENT_ID: text.optional(),
  OIDC_CLIENT_SECRET: text.optional(),
  /** where the IdP sends people back: the server's public URL + /api/auth/oidc/callback */
  OIDC_REDIRECT_URL: url(['http', 'https']).optional(),
  OIDC_GROUPS_CLAIM: text.default('groups'),
  /** IdP group=role pairs; a person in none of the groups may not sign in */
  OIDC_ROLE_GROUPS: pairs(z.record(z.string().min(1), z.enum(['viewer', 'manager', 'admin']))).optional(),
});

/** WEBHOOK_SECRET_GENERIC is source `default`; WEBHOOK_SECRET_GENERIC_HELP_DESK is source `help-desk`. */
const GENERIC_SECRET = 'WEBHOOK_SECRET_GENERIC';
const GENERIC_SOURCE_SECRET = `${GENERIC_SECRET}_<SOURCE>`;

/** Every variable the server reads; `<SOURCE>` stands for any source id. */
export const CONFIG_VARIABLES: readonly string[] = [...Object.keys(envSchema.shape), GENERIC_SOURCE_SECRET];

/** Values never repeated in an error message. */
const SECRET_VARIABLE = /SECRET/;

/** access control as it is without any configuration */
export const DEFAULT_AUTH_CONFIG: AuthConfig = { enabled: true, trustProxy: false, allowedOrigins: [], frameAncestors: [], sessionTtlMs: 12 * 3600_000, oidc: null };

export interface TicketDeskConfig {
  slaPoliciesFile: string;
  /** first-response SLA target the board compares with, percent */
  slaTargetPct: number;
  webhooks: WebhookConfig;
}

export interface WallboardConfig {
  port: number;
  host: string;
  /** the live store; null keeps it in process (one node only) */
  redis: RedisConnection | null;
  databaseUrl: string | null;
  /** where the embedded Postgres keeps its data (default ./data) */
  dataDir?: string;
  /** history facts held during a Postgres outage (default 200,000) */
  historyBufferMax?: number;
  /** a history query running longer is cancelled (default 10 s) */
  historyQueryTimeoutMs?: number;
  /** reader lease TTL (default 8 s) */
  readerLeaseTtlMs?: number;
  /** how long a shutdown may take (default DEFAULT_SHUTDOWN_TIMEOUT_MS) */
  shutdownTimeoutMs?: number;
  site: string;
  timeZone: string;
  queuesFile: string;
  shortAbandonSec: number;
  /** calls tracked longer are decided (default 4 h) */
  callMaxAgeSec?: number;
  /** agents logged out of every queue this long are removed (default 12 h) */
  agentForgetAfterSec?: number;
  logLevel: string;
  /** where queue events come from */
  ami: { host: string; port: number; username: string; secret: string } | null;
  simulator: boolean;
  /** the ticket desk; startWallboard's `tickets` option overrides it */
  ticketDesk: TicketDeskConfig;
  /** access control (default: on, no OIDC, same origin only) */
  auth?: AuthConfig;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  groupsClaim: string;
  /** IdP group -> role */
  roleGroups: Record<string, 'viewer' | 'manager' | 'admin'>;
}

export interface AuthConfig {
  enabled: boolean;
  /** express' `trust proxy` value; false: the peer address is the client */
  trustProxy: boolean | number | string;
  allowedOrigins: string[];
  frameAncestors: string[];
  sessionTtlMs: number;
  oidc: OidcConfig | null;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses the environment; throws one error listing every bad variable with the
 * value it got. `defaults` stand in for variables the environment leaves unset
 * (a command-line tool logs warnings only unless LOG_LEVEL says otherwise).
 */
export function loadConfig(env: Env = process.env, defaults: Env = {}): WallboardConfig {
  const given = { ...setValues(defaults), ...setValues(env) };
  const sourceSecrets = Object.keys(given).filter((name) => name.startsWith(`${GENERIC_SECRET}_`));
  const parsed = envSchema.safeParse(given);
  const sources = z.object(Object.fromEntries(sourceSecrets.map((name) => [name, genericSourceSecrets(name)]))).safeParse(given);
  if (!parsed.success || !sources.success) {
    const issues = [...(parsed.error?.issues ?? []), ...(sources.error?.issues ?? [])];
    throw configError(issues.map((issue) => describeIssue(issue, given)));
  }
  const e = parsed.data;
  if (e.AMI_HOST && (!e.AMI_USERNAME || e.AMI_SECRET === undefined)) {
    throw configError(['AMI_HOST is set: AMI_USERNAME and AMI_SECRET are needed too']);
  }
  // The simulator is on by default only when no real PBX is configured.
  const simulator = e.SIMULATOR ?? !e.AMI_HOST;
  if (simulator && e.AMI_HOST) {
    throw configError(['SIMULATOR is on and AMI_HOST is set: the board reads one PBX, pick one']);
  }
  const generic = Object.fromEntries(
    Object.entries({ [GENERIC_SECRET]: e.WEBHOOK_SECRET_GENERIC, ...sources.data }).flatMap(([name, secrets]) =>
      secrets ? [[sourceIdOf(name), { secrets }]] : [],
    ),
  );
  return {
    port: e.PORT,
    host: e.HOST,
    redis: e.REDIS_URL ?? null,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: e.DATA_DIR,
    historyBufferMax: e.HISTORY_BUFFER_MAX,
    historyQueryTimeoutMs: e.HISTORY_QUERY_TIMEOUT_MS,
    readerLeaseTtlMs: e.READER_LEASE_TTL_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    site: e.SITE,
    timeZone: e.SITE_TZ,
    queuesFile: e.QUEUES_FILE,
    shortAbandonSec: e.SHORT_ABANDON_SEC,
    callMaxAgeSec: e.CALL_MAX_AGE_SEC,
    agentForgetAfterSec: e.AGENT_FORGET_AFTER_SEC,
    logLevel: e.LOG_LEVEL,
    ami: e.AMI_HOST
      ? { host: e.AMI_HOST, port: e.AMI_PORT, username: e.AMI_USERNAME ?? '', secret: e.AMI_SECRET ?? '' }
      : null,
    simulator,
    auth: authConfig(e),
    ticketDesk: {
      slaPoliciesFile: e.SLA_POLICIES_FILE,
      slaTargetPct: e.TICKET_SLA_TARGET_PCT,
      webhooks: webhookConfigSchema.parse({
        maxBodyBytes: e.WEBHOOK_MAX_BODY_BYTES,
        generic: { sources: generic },
        zendesk: e.ZENDESK_WEBHOOK_SECRET && {
          secrets: e.ZENDESK_WEBHOOK_SECRET,
          groupLines: e.ZENDESK_GROUP_LINES,
          defaultLine: e.ZENDESK_DEFAULT_LINE,
          defaultChannel: e.ZENDESK_DEFAULT_CHANNEL,
          channelNames: e.ZENDESK_CHANNEL_NAMES,
        },
        jira: e.JIRA_WEBHOOK_SECRET && {
          secrets: e.JIRA_WEBHOOK_SECRET,
          acceptTokenHeader: e.JIRA_ACCEPT_TOKEN_HEADER,
          statusNames: e.JIRA_STATUS_NAMES,
          priorityNames: e.JIRA_PRIORITY_NAMES,
          lineField: e.JIRA_LINE_FIELD,
          lineNames: e.JIRA_LINE_NAMES,
          channelField: e.JIRA_CHANNEL_FIELD,
          channelNames: e.JIRA_CHANNEL_NAMES,
          defaultLine: e.JIRA_DEFAULT_LINE,
          defaultChannel: e.JIRA_DEFAULT_CHANNEL,
        },
      }),
    },
  };
}

function authConfig(e: z.output<typeof envSchema>): AuthConfig {
  const oidcNeeds = { OIDC_CLIENT_ID: e.OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: e.OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL: e.OIDC_REDIRECT_URL };
  const missing = Object.entries(oidcNeeds).filter(([, value]) => value === undefined).map(([name]) => name);
  if (e.OIDC_ISSUER && missing.length > 0) throw configError([`OIDC_ISSUER is set: ${missing.join(', ')} needed too`]);
  return {
    enabled: e.AUTH,
    trustProxy: trustProxyValue(e.TRUST_PROXY),
    allowedOrigins: (e.ALLOWED_ORIGINS ?? []).map((origin) => new URL(origin).origin),
    frameAncestors: e.FRAME_ANCESTORS ?? [],
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    oidc: e.OIDC_ISSUER
      ? {
          issuer: e.OIDC_ISSUER,
          clientId: e.OIDC_CLIENT_ID ?? '',
          clientSecret: e.OIDC_CLIENT_SECRET ?? '',
          redirectUrl: e.OIDC_REDIRECT_URL ?? '',
          groupsClaim: e.OIDC_GROUPS_CLAIM,
          roleGroups: e.OIDC_ROLE_GROUPS ?? {},
        }
      : null,
  };
}

/** "true"/"false", a hop count, or addresses and subnets as express takes them */
function trustProxyValue(text: string | undefined): boolean | number | string {
  if (text === undefined || text === 'false') return false;
  if (text === 'true') return true;
  return /^\d+$/.test(text) ? Number(text) : text;
}

/** The variables with a value, trimmed: blank or whitespace-only is unset. */
function setValues(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const trimmed = value?.trim();
    if (trimmed) out[name] = trimmed;
  }
  return out;
}

function sourceIdOf(variable: string): string {
  return variable === GENERIC_SECRET ? 'default' : variable.slice(GENERIC_SECRET.length + 1).toLowerCase().replaceAll('_', '-');
}

function genericSourceSecrets(variable: string): z.ZodType<string[], string> {
  const id = genericSourceIdSchema.safeParse(sourceIdOf(variable));
  if (id.success) return webhookSecrets;
  return z.string().transform((_text, ctx): string[] => {
    ctx.addIssue({ code: 'custom', message: `names the source "${sourceIdOf(variable)}": ${id.error.issues[0]?.message}` });
    return z.NEVER;
  });
}

function describeIssue(issue: z.core.$ZodIssue, given: Record<string, string>): string {
  const [name, ...where] = issue.path.map(String);
  const variable = name ?? '?';
  const value = given[variable];
  const got = value === undefined ? '' : SECRET_VARIABLE.test(variable) ? ' (value not shown)' : `, got "${withoutPassword(value)}"`;
  const detail = where.length > 0 ? `${where.join('.')}: ` : '';
  return `${variable}: ${detail}${issue.message}${got}`;
}

/** A URL's password stays out of logs and terminals. */
function withoutPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

function configError(problems: readonly string[]): Error {
  return new Error(`invalid configuration:\n  ${problems.join('\n  ')}`);
}

/** For entry points: the configuration, or the problems on stderr and exit code 2. */
export function loadConfigOrExit(): WallboardConfig {
  try {
    return loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}
