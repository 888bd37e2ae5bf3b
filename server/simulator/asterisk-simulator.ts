import { appendFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { AmiServer } from './ami-server';
import { CallCenterModel } from './call-center-model';
import type { Ledger } from './ledger';
import type { SiteCalendar } from '../../shared/site-time';
import type { SimTruth } from './model-views';
import { QueueLogWriter } from './queue-log-writer';
import { DEMO_CONFIG, parseSimulatorConfig, type SimulatorConfig, type SimulatorConfigInput } from './simulator-config';

export interface AsteriskSimulatorOptions {
  /** the call center to simulate; validated, defaults to the demo site */
  config?: SimulatorConfigInput;
  /**
   * Simulated seconds per real second (1 = real time, for the demo), or 'max':
   * time moves only inside runFor / runUntil / drain, as fast as the consumer
   * reads (socket backpressure is respected).
   */
  speed?: number | 'max';
  /** simulated epoch ms at the start; defaults to the wall clock when constructed */
  startAt?: number;
  host?: string;
  /** 0 = any free port */
  port?: number;
  username?: string;
  secret?: string;
  /**
   * Lossy: PBX time runs on while no manager session is logged in, as a real
   * PBX's does, and what happens meanwhile is not sent to anyone (AMI cannot
   * replay it). Default: time stands still while nobody listens.
   */
  lossy?: boolean;
  /** also write the queue_log Asterisk would, appending to this file as time runs */
  queueLogFile?: string;
}

export interface SimulatorStats {
  eventsEmitted: number;
  /** event name -> count (AMI events only, not action replies) */
  eventCounts: Record<string, number>;
  loggedInSessions: number;
  bytesWritten: number;
  malformedActions: number;
}

/** model events handled between two looks at the sockets in 'max' speed */
const STEPS_PER_BATCH = 200;
const PACED_TICK_MS = 100;
/** drain() gives up when calls are still running after this much simulated time */
const DRAIN_LIMIT_SEC = 12 * 3600;

interface Waiter {
  at: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * A fake Asterisk 22: the call-center model behind a real AMI TCP endpoint.
 *
 * Simulated time stands still while no manager session is logged in. A real
 * PBX keeps going while nobody listens, but AMI cannot replay what a client
 * missed; pausing keeps the ledger comparable with what the consumer saw, and
 * the consumer's reconnect path (log in again, QueueStatus to resync) is what a
 * test exercises by calling dropConnections(). The `lossy` option keeps time
 * running instead, so the consumer meets real gaps (the ledger has everything).
 */
export class AsteriskSimulator {
  readonly config: SimulatorConfig;
  private readonly model: CallCenterModel;
  private readonly server: AmiServer;
  private readonly speed: number | 'max';
  private readonly lossy: boolean;
  private readonly queueLog: { file: string; writer: QueueLogWriter } | null;
  private readonly host: string;
  private readonly requestedPort: number;
  private boundPort = 0;
  private started = false;
  private stopped = false;
  private waiters: Waiter[] = [];
  private target = -Infinity;
  private pumping = false;
  private wakePump: (() => void) | null = null;
  private pacedTimer: NodeJS.Timeout | null = null;
  private lastPacedTick: number | null = null;

  constructor(options: AsteriskSimulatorOptions = {}) {
    this.config = parseSimulatorConfig(options.config ?? DEMO_CONFIG);
    const speed = options.speed ?? 1;
    if (speed !== 'max' && !(speed > 0 && speed <= 100_000)) throw new Error(`speed must be 'max' or in (0, 100000], got ${speed}`);
    this.speed = speed;
    this.lossy = options.lossy ?? false;
    this.host = options.host ?? '127.0.0.1';
    this.requestedPort = options.port ?? 0;
    this.queueLog = options.queueLogFile ? { file: options.queueLogFile, writer: new QueueLogWriter() } : null;
    this.model = new CallCenterModel(this.config, options.startAt ?? Date.now(), this.queueLog?.writer);
    this.server = new AmiServer(
      { now: () => this.model.now(), bootedAt: this.model.startedAt, queueStatus: () => this.model.queueStatus() },
      { username: options.username ?? 'wallboard', secret: options.secret ?? 'wallboard' },
    );
    this.server.onSessionsChanged(() => {
      this.wakePump?.();
      if (this.server.loggedInSessions === 0 && !this.lossy) this.lastPacedTick = null;
    });
  }

  /** Listens (127.0.0.1 by default); resolves with the port. */
  async start(): Promise<number> {
    if (this.started) throw new Error('simulator already started');
    this.started = true;
    this.boundPort = await this.server.listen(this.requestedPort, this.host);
    if (this.speed !== 'max') this.pacedTimer = setInterval(() => this.pacedTick(), PACED_TICK_MS);
    return this.boundPort;
  }

  get port(): number {
    return this.boundPort;
  }

  /** Stops the clock, ends every session and closes the listener. Pending runs are rejected. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.pacedTimer) clearInterval(this.pacedTimer);
    this.wakePump?.();
    for (const waiter of this.waiters) waiter.reject(new Error('simulator stopped'));
    this.waiters = [];
    if (this.started) await this.server.close();
  }

  /** Ends every TCP session (written bytes are delivered first); unless lossy, the clock pauses until someone logs in again. */
  dropConnections(): Promise<void> {
    return this.server.dropConnections();
  }

  /** The site's day and 15-minute interval of an instant: the ledger's keys. */
  get calendar(): SiteCalendar {
    return this.model.calendar;
  }

  get ledger(): Ledger {
    return this.model.ledger;
  }

  truth(): SimTruth {
    return this.model.truth();
  }

  /** Simulated time, epoch ms. */
  now(): number {
    return this.model.now();
  }

  stats(): SimulatorStats {
    return {
      eventsEmitted: this.model.eventsEmitted,
      eventCounts: this.model.eventCounts(),
      loggedInSessions: this.server.loggedInSessions,
      bytesWritten: this.server.bytesWritten,
      malformedActions: this.server.malformedActions,
    };
  }

  /** Resolves once simulated time has advanced by `seconds` (unless lossy, time only moves while a session is logged in). */
  runFor(seconds: number): Promise<void> {
    return this.runUntil(this.model.now() + seconds * 1000);
  }

  /** Resolves once simulated time reaches `at` (epoch ms) and every event up to it was written. */
  runUntil(at: number): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('simulator stopped'));
    if (!this.started) return Promise.reject(new Error('start() the simulator first'));
    if (this.model.now() >= at) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ at, resolve, reject });
      if (this.speed === 'max') {
        this.target = Math.max(this.target, at);
        void this.pump();
      }
    });
  }

  /**
   * Paced speed only: runs simulated time up to `at` as fast as the reader
   * takes it, then goes on at the paced speed. The demo starts the site's day
   * at midnight and catches up to now, so "today" shows a day's traffic at once.
   */
  async catchUp(at: number): Promise<void> {
    if (this.speed === 'max') throw new Error("catchUp is for paced speed; 'max' speed uses runUntil");
    if (this.model.now() >= at) return;
    this.catchingUp = true;
    try {
      const reached = new Promise<void>((resolve, reject) => this.waiters.push({ at, resolve, reject }));
      this.target = Math.max(this.target, at);
      void this.pump();
      await reached;
    } finally {
      this.catchingUp = false;
      this.lastPacedTick = null;
    }
  }
  private catchingUp = false;

  /** No new callers from now on; calls in progress run to their end. */
  stopArrivals(): void {
    this.model.stopArrivals();
  }

  /**
   * Stops arrivals and runs until no caller waits, no call rings or talks, no
   * wrap-up runs and every caller sent on by a queue has hung up.
   */
  async drain(): Promise<void> {
    this.stopArrivals();
    const limit = this.model.now() + DRAIN_LIMIT_SEC * 1000;
    while (!this.model.isIdle()) {
      if (this.model.now() >= limit) throw new Error(`calls still running after ${DRAIN_LIMIT_SEC} s of draining`);
      await this.runFor(10);
    }
  }

  // ---- clocks --------------------------------------------------------------

  /** 'max' speed: advance in batches, waiting for logged-in readers and for full socket buffers. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.stopped && this.model.now() < this.target) {
        if (this.server.loggedInSessions === 0 && !this.lossy) {
          await new Promise<void>((resolve) => (this.wakePump = resolve));
          this.wakePump = null;
          continue;
        }
        this.model.advanceTo(this.target, STEPS_PER_BATCH);
        const full = this.flush();
        this.settleWaiters();
        if (full.length > 0) await Promise.all(full.map(drained));
        else await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Paced speed: simulated time follows the wall clock times `speed` while someone is logged in. */
  private pacedTick(): void {
    if (this.stopped || this.speed === 'max' || this.catchingUp) return;
    if (this.server.loggedInSessions === 0 && !this.lossy) {
      this.lastPacedTick = null;
      return;
    }
    const real = Date.now();
    if (this.lastPacedTick !== null) {
      this.model.advanceTo(this.model.now() + (real - this.lastPacedTick) * this.speed);
      this.flush();
      this.settleWaiters();
    }
    this.lastPacedTick = real;
  }

  private flush(): Socket[] {
    const lines = this.queueLog?.writer.takeLines() ?? [];
    if (lines.length > 0) appendFileSync(this.queueLog!.file, `${lines.join('\n')}\n`);
    return this.server.broadcast(this.model.takeEvents());
  }

  private settleWaiters(): void {
    const now = this.model.now();
    const due = this.waiters.filter((w) => w.at <= now);
    if (due.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.at > now);
    for (const waiter of due) waiter.resolve();
  }
}

function drained(socket: Socket): Promise<void> {
  if (socket.destroyed || !socket.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}
