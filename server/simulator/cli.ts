import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { runSimulator } from './run-simulator';
import { DEMO_CONFIG, type SimulatorConfigInput } from './simulator-config';

/**
 * `npx tsx server/simulator/cli.ts --port 5038 --speed 1 [--lossy] [--queue-log /tmp/queue_log]`
 * A simulated Asterisk 22 AMI endpoint with the demo call center (or --config file.json).
 * `--lossy`: time runs on while no board is logged in (real AMI gaps); `--queue-log`: write the queue_log too.
 */

const argsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(5038),
  host: z.string().min(1).default('127.0.0.1'),
  speed: z.coerce.number().positive().max(100_000).default(1),
  username: z.string().min(1).default('wallboard'),
  secret: z.string().min(1).default('wallboard'),
  seed: z.coerce.number().int().optional(),
  scale: z.coerce.number().min(0).max(1000).optional(),
  config: z.string().min(1).optional(),
  lossy: z.boolean().default(false),
  'queue-log': z.string().min(1).optional(),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      speed: { type: 'string' },
      username: { type: 'string' },
      secret: { type: 'string' },
      seed: { type: 'string' },
      scale: { type: 'string' },
      config: { type: 'string' },
      lossy: { type: 'boolean' },
      'queue-log': { type: 'string' },
    },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const args = parsed.data;
  const base: SimulatorConfigInput = args.config
    ? (JSON.parse(await readFile(args.config, 'utf8')) as SimulatorConfigInput)
    : DEMO_CONFIG;
  const config: SimulatorConfigInput = {
    ...base,
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    ...(args.scale !== undefined ? { scale: args.scale } : {}),
  };
  const simulator = await runSimulator({
    port: args.port,
    host: args.host,
    username: args.username,
    secret: args.secret,
    speed: args.speed,
    config,
    lossy: args.lossy,
    ...(args['queue-log'] ? { queueLogFile: args['queue-log'] } : {}),
  });
  console.log(
    `simulated Asterisk AMI on ${args.host}:${simulator.port} (user ${args.username}, speed x${args.speed}, ` +
      `${simulator.config.queues.length} queues, ${simulator.config.agents.length} agents, time zone ${simulator.config.timeZone})`,
  );
  const shutdown = (): void => {
    void simulator.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
