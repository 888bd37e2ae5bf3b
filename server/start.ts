import { loadConfigOrExit } from './config/env-config';
import { createLogger } from './observability/logger';

/**
 * `npm start`: the demo (server/demo/) when the simulator is on, which it is
 * by default without AMI_HOST, else the production start-up (server/main.ts).
 * Only the chosen one is loaded: production never loads the simulator.
 */
const config = loadConfigOrExit();
const run = config.simulator
  ? (await import('./demo/demo-main')).runDemo
  : (await import('./main')).runProduction;
await run(config).catch((error: unknown) => {
  // the one log format, to the end
  createLogger(config.logLevel).fatal({ err: error }, 'wallboard did not start');
  process.exit(1);
});
