import { randomBytes } from 'node:crypto';
import { loadConfig } from './config/env-config';
import { createLogger } from './observability/logger';
import { runSimulator } from './simulator/run-simulator';
import { startWallboard, type WallboardOptions } from './wallboard';

/**
 * `npm start`: the wallboard on the configured PBX, or on the built-in
 * simulator (real time) when no AMI_HOST is set.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);

  let ami: WallboardOptions['ami'] = null;
  let stopSimulator = async (): Promise<void> => undefined;
  if (config.simulator) {
    // A private AMI endpoint on loopback with a throwaway secret: nobody else can log in.
    const secret = randomBytes(12).toString('hex');
    const simulator = await runSimulator({ port: 0, host: '127.0.0.1', username: 'wallboard', secret });
    logger.info({ port: simulator.port }, 'built-in Asterisk simulator running (real time)');
    ami = { host: '127.0.0.1', port: simulator.port, username: 'wallboard', secret, sourceKind: 'simulator' };
    stopSimulator = () => simulator.stop();
  } else if (config.ami) {
    ami = { ...config.ami, sourceKind: 'ami' };
  }

  const wallboard = await startWallboard({ config, ami, logger });
  logger.info(`wallboard ready: open http://localhost:${wallboard.port}`);

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await wallboard.close();
    await stopSimulator();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
