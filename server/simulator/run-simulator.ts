import { AsteriskSimulator } from './asterisk-simulator';
import { dayStartMs, siteDay } from '../../shared/site-time';
import { DEMO_CONFIG, type SimulatorConfigInput } from './simulator-config';

export interface RunSimulatorOptions {
  port: number;
  host?: string;
  username: string;
  secret: string;
  /** simulated seconds per real second; 1 = real time */
  speed?: number;
  config?: SimulatorConfigInput;
  /** PBX time runs on while nobody is logged in (see AsteriskSimulatorOptions) */
  lossy?: boolean;
  /** also append the queue_log Asterisk would write to this file */
  queueLogFile?: string;
}

/**
 * Starts the simulated Asterisk for the demo: real-time (or sped-up) clock
 * starting now, the demo call center unless a config is given. The caller owns
 * the returned simulator and stops it on shutdown.
 */
export async function runSimulator(options: RunSimulatorOptions): Promise<AsteriskSimulator> {
  const simulator = new AsteriskSimulator({
    port: options.port,
    host: options.host ?? '127.0.0.1',
    username: options.username,
    secret: options.secret,
    speed: options.speed ?? 1,
    ...(options.config ? { config: options.config } : {}),
    ...(options.lossy ? { lossy: true } : {}),
    ...(options.queueLogFile ? { queueLogFile: options.queueLogFile } : {}),
  });
  await simulator.start();
  return simulator;
}

/**
 * The demo's simulator: it starts at the site's midnight and, once the board
 * has logged in, catches up to the wall clock at full speed, so the board opens
 * on a day's worth of traffic instead of an empty morning; then real time.
 */
export async function runDemoSimulator(options: Omit<RunSimulatorOptions, 'speed'> & { timeZone: string }): Promise<AsteriskSimulator> {
  const now = Date.now();
  const simulator = new AsteriskSimulator({
    port: options.port,
    host: options.host ?? '127.0.0.1',
    username: options.username,
    secret: options.secret,
    speed: 1,
    startAt: dayStartMs(options.timeZone, siteDay(options.timeZone, now)),
    config: { ...(options.config ?? DEMO_CONFIG), timeZone: options.timeZone },
  });
  await simulator.start();
  return simulator;
}
