import { z } from 'zod';
import { assertTimeZone } from '../../shared/site-time';

/**
 * Configuration from the environment. These names are relied on by deployments
 * and scripts (README, docker-compose.yml): keep them.
 */
const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** without DATABASE_URL the server runs its own Postgres with its data here */
  DATA_DIR: z.string().min(1).default('data'),
  /** history facts held while Postgres is unreachable; more are dropped and counted */
  HISTORY_BUFFER_MAX: z.coerce.number().int().min(1000).max(10_000_000).default(200_000),
  AMI_HOST: z.string().min(1).optional(),
  AMI_PORT: z.coerce.number().int().min(1).max(65535).default(5038),
  AMI_USERNAME: z.string().min(1).optional(),
  AMI_SECRET: z.string().optional(),
  SIMULATOR: booleanFlag.optional(),
  SITE: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/i, 'letters, digits, - and _ (it names Redis keys)')
    .default('main'),
  SITE_TZ: z
    .string()
    .default('Europe/Moscow')
    .superRefine((tz, ctx) => {
      try {
        assertTimeZone(tz);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  QUEUES_FILE: z.string().default('config/queues.json'),
  SHORT_ABANDON_SEC: z.coerce.number().int().min(0).max(120).default(5),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface WallboardConfig {
  port: number;
  host: string;
  redisUrl: string | null;
  databaseUrl: string | null;
  /** where the embedded Postgres keeps its data (default ./data) */
  dataDir?: string;
  /** history facts held during a Postgres outage (default 200,000) */
  historyBufferMax?: number;
  site: string;
  timeZone: string;
  queuesFile: string;
  shortAbandonSec: number;
  logLevel: string;
  /** where queue events come from */
  ami: { host: string; port: number; username: string; secret: string } | null;
  simulator: boolean;
}

/** Parses the environment; throws one error listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WallboardConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.AMI_HOST && (!e.AMI_USERNAME || e.AMI_SECRET === undefined)) {
    throw new Error('invalid configuration:\n  AMI_HOST is set: AMI_USERNAME and AMI_SECRET are needed too');
  }
  // The simulator is on by default only when no real PBX is configured.
  const simulator = e.SIMULATOR ?? !e.AMI_HOST;
  if (simulator && e.AMI_HOST) {
    throw new Error('invalid configuration:\n  SIMULATOR is on and AMI_HOST is set: the board reads one PBX, pick one');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    redisUrl: e.REDIS_URL ?? null,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: e.DATA_DIR,
    historyBufferMax: e.HISTORY_BUFFER_MAX,
    site: e.SITE,
    timeZone: e.SITE_TZ,
    queuesFile: e.QUEUES_FILE,
    shortAbandonSec: e.SHORT_ABANDON_SEC,
    logLevel: e.LOG_LEVEL,
    ami: e.AMI_HOST
      ? { host: e.AMI_HOST, port: e.AMI_PORT, username: e.AMI_USERNAME ?? '', secret: e.AMI_SECRET ?? '' }
      : null,
    simulator,
  };
}
