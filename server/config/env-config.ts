import { z } from 'zod';
import { DEFAULT_LANGUAGE, languageSchema, type Language } from '../../shared/i18n/languages';
import { assertTimeZone } from '../../shared/site-time';
import { DEFAULT_ALERTS_FILE } from '../alerts/alert-config';
import { DEFAULT_BOARDS_FILE } from '../boards/board-config';
import { DEFAULT_TICKET_SLA_TARGET_PCT } from '../domain/tickets/ticket-board';
import { DEFAULT_READER_LEASE_TTL_MS } from '../ingest/reader-lease';
import { CLOCK_WINDOW_SEC_RANGE, genericSourceIdSchema, MAX_BODY_BYTES_RANGE, webhookConfigSchema, type WebhookConfig } from '../ingest/webhooks/webhook-config';
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
const desk = webhookConfigSchema.shape.zammad.unwrap().shape;

/** Zammad, Freshdesk and Help Scout are configured alike: `<DESK>_WEBHOOK_SECRET` and its names. */
const DESKS = ['ZAMMAD', 'FRESHDESK', 'HELPSCOUT'] as const;
type Desk = (typeof DESKS)[number];
function deskVariables<D extends Desk>(name: D) {
  return {
    [`${name}_WEBHOOK_SECRET`]: webhookSecrets.optional(),
    [`${name}_GROUP_LINES`]: pairs(desk.groupLines).optional(),
    [`${name}_STATUS_NAMES`]: pairs(desk.statusNames).optional(),
    [`${name}_PRIORITY_NAMES`]: pairs(desk.priorityNames).optional(),
    [`${name}_CHANNEL_NAMES`]: pairs(desk.channelNames).optional(),
    [`${name}_DEFAULT_LINE`]: desk.defaultLine.optional(),
    [`${name}_DEFAULT_CHANNEL`]: desk.defaultChannel.optional(),
  } as Record<`${D}_${'WEBHOOK_SECRET' | 'GROUP_LINES' | 'STATUS_NAMES' | 'PRIORITY_NAMES' | 'CHANNEL_NAMES' | 'DEFAULT_LINE' | 'DEFAULT_CHANNEL'}`, z.ZodOptional<z.ZodType<unknown, string>>>;
}

/** A desk's part of the webhook configuration, or undefined without its secret. */
function deskConfig(values: Record<string, unknown>, name: Desk): Record<string, unknown> | undefined {
  const value = (suffix: string): unknown => values[`${name}_${suffix}`];
  if (!value('WEBHOOK_SECRET')) return undefined;
  return {
    secrets: value('WEBHOOK_SECRET'),
    groupLines: value('GROUP_LINES'),
    statusNames: value('STATUS_NAMES'),
    priorityNames: value('PRIORITY_NAMES'),
    channelNames: value('CHANNEL_NAMES'),
    defaultLine: value('DEFAULT_LINE'),
    defaultChannel: value('DEFAULT_CHANNEL'),
  };
}

const text = z.string();
/** an IANA zone name the calendar code can use */
const timeZoneName = text.superRefine((tz, ctx) => {
  try {
    assertTimeZone(tz);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

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
  /** the PBX's queue_log, readable here: a link gap's calls are read from it, exactly, instead of estimated */
  QUEUE_LOG_FILE: text.optional(),
  SIMULATOR: flag.optional(),
  SITE: text
    .regex(/^[a-z0-9_-]{1,40}$/i, 'expected 1-40 letters, digits, - and _ (it names Redis keys)')
    .default('main'),
  SITE_TZ: timeZoneName.default('Europe/Moscow'),
  /** the language of the pages (a page's ?lang= overrides it) and of the notifications people read */
  SITE_LANG: languageSchema.default(DEFAULT_LANGUAGE),
  QUEUES_FILE: text.default('config/queues.json'),
  /** alert rules and channels (server/alerts/); the default file may be missing (no alerts) */
  ALERTS_FILE: text.default(DEFAULT_ALERTS_FILE),
  /** team boards (server/boards/); the default file may be missing (only the board `main`) */
  BOARDS_FILE: text.default(DEFAULT_BOARDS_FILE),
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
  /** generic sources that may send their secret in X-Wallboard-Token instead of signing */
  WEBHOOK_GENERIC_TOKEN_SOURCES: list(z.array(genericSourceIdSchema)).optional(),
  /** an event time further ahead of the server's clock is refused (400 naming the field) */
  WEBHOOK_MAX_FUTURE_SEC: wholeNumber(CLOCK_WINDOW_SEC_RANGE.min, CLOCK_WINDOW_SEC_RANGE.max).optional(),
  ZENDESK_WEBHOOK_SECRET: webhookSecrets.optional(),
  ZENDESK_REPLAY_WINDOW_SEC: wholeNumber(CLOCK_WINDOW_SEC_RANGE.min, CLOCK_WINDOW_SEC_RANGE.max).optional(),
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
  /** REST backfill and reconcile (docs/WEBHOOKS.md): https://<subdomain>.zendesk.com, an agent's email and an API token */
  ZENDESK_API_URL: url(['https', 'http']).optional(),
  ZENDESK_API_USER: text.optional(),
  ZENDESK_API_TOKEN: text.optional(),
  /** https://<site>.atlassian.net, an Atlassian account's email and an API token; JIRA_API_JQL picks the service desk's issues */
  JIRA_API_URL: url(['https', 'http']).optional(),
  JIRA_API_USER: text.optional(),
  JIRA_API_TOKEN: text.optional(),
  JIRA_API_JQL: text.max(2000).optional(),
  /** the desks' APIs are read at start and then every this many minutes */
  DESK_RECONCILE_MINUTES: wholeNumber(1, 1440).default(15),
  /** the first read (nothing read before) takes tickets changed in this many days, and for Jira every open issue */
  DESK_BACKFILL_DAYS: wholeNumber(1, 365).default(14),
  ...deskVariables('ZAMMAD'),
  ...deskVariables('FRESHDESK'),
  ...deskVariables('HELPSCOUT'),
  WRIKE_WEBHOOK_SECRET: webhookSecrets.optional(),
  WRIKE_TICKET_FIELD: text.optional(),
  JIRA_DEV_WEBHOOK_SECRET: webhookSecrets.optional(),
  /** the Jira Software project keys whose issues are escalations to development */
  JIRA_DEV_PROJECTS: list(webhookConfigSchema.shape.jiraDev.unwrap().shape.projectKeys).optional(),
  JIRA_DEV_TICKET_FIELD: text.optional(),
  JIRA_DEV_ACCEPT_TOKEN_HEADER: flag.optional(),
  ESCALATION_DEFAULT_LINE: choice(['L1', 'L2', 'L3']).optional(),
  /** the zone of Freshdesk's {{ticket.created_on}} (the account's; Freshdesk sends no offset) */
  FRESHDESK_TIME_ZONE: timeZoneName.optional(),
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
const SECRET_VARIABLE = /SECRET|_API_TOKEN$/;

/** access control as it is without any configuration */
export const DEFAULT_AUTH_CONFIG: AuthConfig = { enabled: true, trustProxy: false, allowedOrigins: [], frameAncestors: [], sessionTtlMs: 12 * 3600_000, oidc: null };

export interface TicketDeskConfig {
  slaPoliciesFile: string;
  /** first-response SLA target the board compares with, percent */
  slaTargetPct: number;
  webhooks: WebhookConfig;
  /** the desks' REST APIs the board backfills and reconciles from */
  deskApis: DeskApiConfig;
}

/** How the board reaches one desk's REST API (HTTP Basic: user and API token). */
export interface DeskApiAccess {
  /** without a trailing slash */
  baseUrl: string;
  user: string;
  token: string;
}

export interface DeskApiConfig {
  zendesk: DeskApiAccess | null;
  /** `jql`: the clause that selects the service desk's issues (e.g. project = SD); null reads every issue the user sees */
  jira: (DeskApiAccess & { jql: string | null }) | null;
  reconcileEveryMs: number;
  backfillDays: number;
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
  /** SITE_LANG (default en) */
  language?: Language;
  queuesFile: string;
  /** alert rules and channels; without it (configs built in code) no alerts run */
  alertsFile?: string;
  /** team boards; without it (configs built in code) only `main` until boards are saved on the admin page */
  boardsFile?: string;
  shortAbandonSec: number;
  /** calls tracked longer are decided (default 4 h) */
  callMaxAgeSec?: number;
  /** agents logged out of every queue this long are removed (default 12 h) */
  agentForgetAfterSec?: number;
  logLevel: string;
  /** where queue events come from */
  ami: { host: string; port: number; username: string; secret: string; queueLogFile?: string } | null;
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
  if (e.JIRA_DEV_WEBHOOK_SECRET && !e.JIRA_DEV_PROJECTS) {
    throw configError(['JIRA_DEV_WEBHOOK_SECRET is set: JIRA_DEV_PROJECTS must name the project keys whose issues are escalations']);
  }
  // The simulator is on by default only when no real PBX is configured.
  const simulator = e.SIMULATOR ?? !e.AMI_HOST;
  if (simulator && e.AMI_HOST) {
    throw configError(['SIMULATOR is on and AMI_HOST is set: the board reads one PBX, pick one']);
  }
  const deskApis = deskApiConfig(e);
  const tokenSources = new Set(e.WEBHOOK_GENERIC_TOKEN_SOURCES ?? []);
  const generic = Object.fromEntries(
    Object.entries({ [GENERIC_SECRET]: e.WEBHOOK_SECRET_GENERIC, ...sources.data }).flatMap(([name, secrets]) =>
      secrets ? [[sourceIdOf(name), { secrets, acceptTokenHeader: tokenSources.has(sourceIdOf(name)) }]] : [],
    ),
  );
  const freshdesk = deskConfig(e, 'FRESHDESK');
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
    language: e.SITE_LANG,
    queuesFile: e.QUEUES_FILE,
    alertsFile: e.ALERTS_FILE,
    boardsFile: e.BOARDS_FILE,
    shortAbandonSec: e.SHORT_ABANDON_SEC,
    callMaxAgeSec: e.CALL_MAX_AGE_SEC,
    agentForgetAfterSec: e.AGENT_FORGET_AFTER_SEC,
    logLevel: e.LOG_LEVEL,
    ami: e.AMI_HOST
      ? {
          host: e.AMI_HOST,
          port: e.AMI_PORT,
          username: e.AMI_USERNAME ?? '',
          secret: e.AMI_SECRET ?? '',
          ...(e.QUEUE_LOG_FILE ? { queueLogFile: e.QUEUE_LOG_FILE } : {}),
        }
      : null,
    simulator,
    auth: authConfig(e),
    ticketDesk: {
      slaPoliciesFile: e.SLA_POLICIES_FILE,
      slaTargetPct: e.TICKET_SLA_TARGET_PCT,
      webhooks: webhookConfigSchema.parse({
        maxBodyBytes: e.WEBHOOK_MAX_BODY_BYTES,
        maxFutureSec: e.WEBHOOK_MAX_FUTURE_SEC,
        generic: { sources: generic },
        zendesk: e.ZENDESK_WEBHOOK_SECRET && {
          secrets: e.ZENDESK_WEBHOOK_SECRET,
          replayWindowSec: e.ZENDESK_REPLAY_WINDOW_SEC,
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
        zammad: deskConfig(e, 'ZAMMAD'),
        freshdesk: freshdesk && { ...freshdesk, timeZone: e.FRESHDESK_TIME_ZONE },
        helpscout: deskConfig(e, 'HELPSCOUT'),
        wrike: e.WRIKE_WEBHOOK_SECRET && { secrets: e.WRIKE_WEBHOOK_SECRET, ticketField: e.WRIKE_TICKET_FIELD },
        jiraDev: e.JIRA_DEV_WEBHOOK_SECRET && {
          secrets: e.JIRA_DEV_WEBHOOK_SECRET,
          projectKeys: e.JIRA_DEV_PROJECTS,
          ticketField: e.JIRA_DEV_TICKET_FIELD,
          acceptTokenHeader: e.JIRA_DEV_ACCEPT_TOKEN_HEADER,
        },
        escalationDefaultLine: e.ESCALATION_DEFAULT_LINE,
      }),
      deskApis,
    },
  };
}

/**
 * A desk's API needs its URL, user and token together, and its webhook secret:
 * the API's tickets are mapped with the webhook's names, groups and fields.
 */
function deskApiConfig(e: z.output<typeof envSchema>): DeskApiConfig {
  const access = (desk: 'ZENDESK' | 'JIRA'): DeskApiAccess | null => {
    const [baseUrl, user, token] = [e[`${desk}_API_URL`], e[`${desk}_API_USER`], e[`${desk}_API_TOKEN`]];
    if (baseUrl === undefined && user === undefined && token === undefined) return null;
    const problems: string[] = [];
    if (baseUrl === undefined || user === undefined || token === undefined) {
      problems.push(`${desk}_API_URL, ${desk}_API_USER and ${desk}_API_TOKEN go together: set all three or none`);
    }
    if (e[`${desk}_WEBHOOK_SECRET`] === undefined) {
      problems.push(`${desk}_API_URL is set: ${desk}_WEBHOOK_SECRET is needed too (the API's tickets are mapped with the webhook's settings)`);
    }
    if (problems.length > 0) throw configError(problems);
    return { baseUrl: baseUrl!.replace(/\/+$/, ''), user: user!, token: token! };
  };
  const jiraAccess = access('JIRA');
  return {
    zendesk: access('ZENDESK'),
    jira: jiraAccess && { ...jiraAccess, jql: e.JIRA_API_JQL ?? null },
    reconcileEveryMs: e.DESK_RECONCILE_MINUTES * 60_000,
    backfillDays: e.DESK_BACKFILL_DAYS,
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
