import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AsteriskSimulator } from '../../server/simulator/asterisk-simulator';

/** Monday 2025-03-10 10:00 in Moscow: a busy hour */
const START = Date.parse('2025-03-10T07:00:00Z');
const BANNER = 'Asterisk Call Manager/9.0.0\r\n';

type Frame = [name: string, value: string][];

const value = (frame: Frame, name: string): string | undefined => frame.find(([n]) => n === name)?.[1];

/** A bare TCP client with a local frame splitter: what a test needs, nothing of the product's AMI client. */
class RawAmiClient {
  readonly frames: Frame[] = [];
  private text = '';
  private bannerSeen = false;
  private wakeUp: (() => void) | null = null;
  bytesReceived = 0;
  /** count bytes only, for streams too long to keep */
  discardFrames = false;
  readonly ended: Promise<void>;
  banner = '';

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.bytesReceived += Buffer.byteLength(chunk);
      if (this.discardFrames) return;
      this.text += chunk;
      if (!this.bannerSeen) {
        const lineEnd = this.text.indexOf('\r\n');
        if (lineEnd < 0) return;
        this.banner = this.text.slice(0, lineEnd + 2);
        this.text = this.text.slice(lineEnd + 2);
        this.bannerSeen = true;
      }
      let end: number;
      while ((end = this.text.indexOf('\r\n\r\n')) >= 0) {
        const lines = this.text.slice(0, end).split('\r\n');
        this.text = this.text.slice(end + 4);
        this.frames.push(
          lines.map((line) => {
            const colon = line.indexOf(': ');
            return [line.slice(0, colon), line.slice(colon + 2)];
          }),
        );
      }
      this.wakeUp?.();
    });
    this.ended = new Promise((resolve) => socket.on('close', () => resolve()));
    socket.on('close', () => this.wakeUp?.());
  }

  static open(port: number): Promise<RawAmiClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawAmiClient(socket)));
      socket.once('error', reject);
    });
  }

  send(headers: Record<string, string>): void {
    this.socket.write(Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n');
  }

  /** Waits for (and removes) the first frame that matches, leaving the others in order. */
  async take(matches: (frame: Frame) => boolean): Promise<Frame> {
    for (;;) {
      const index = this.frames.findIndex(matches);
      if (index >= 0) return this.frames.splice(index, 1)[0]!;
      if (this.socket.destroyed) throw new Error('connection closed before the frame arrived');
      await new Promise<void>((resolve) => (this.wakeUp = resolve));
    }
  }

  async reply(actionId: string): Promise<Frame> {
    return this.take((f) => f[0]?.[0] === 'Response' && value(f, 'ActionID') === actionId);
  }

  async login(secret = 'pw'): Promise<Frame> {
    this.send({ Action: 'Login', ActionID: 'login', Username: 'board', Secret: secret });
    return this.reply('login');
  }

  /** Frames of a list reply, from the ack to the *Complete frame. */
  async list(actionId: string, completeEvent: string): Promise<Frame[]> {
    const items: Frame[] = [await this.reply(actionId)];
    for (;;) {
      const frame = await this.take((f) => value(f, 'ActionID') === actionId);
      items.push(frame);
      if (value(frame, 'Event') === completeEvent) return items;
    }
  }

  events(): Frame[] {
    return this.frames.filter((f) => f[0]?.[0] === 'Event' && value(f, 'ActionID') === undefined);
  }
}

let simulator: AsteriskSimulator | null = null;
const clients: RawAmiClient[] = [];

async function startSimulator(): Promise<AsteriskSimulator> {
  simulator = new AsteriskSimulator({ speed: 'max', startAt: START, username: 'board', secret: 'pw' });
  await simulator.start();
  return simulator;
}

async function client(sim: AsteriskSimulator): Promise<RawAmiClient> {
  const c = await RawAmiClient.open(sim.port);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.destroy();
  await simulator?.stop();
  simulator = null;
});

describe('the simulated Asterisk AMI endpoint', () => {
  it('greets with the Asterisk 22 banner and ends the session on a wrong secret', async () => {
    const sim = await startSimulator();
    const ami = await client(sim);
    const refused = await ami.login('wrong');
    await ami.ended;
    expect(ami.banner).toBe(BANNER);
    expect(refused).toEqual([
      ['Response', 'Error'],
      ['ActionID', 'login'],
      ['Message', 'Authentication failed'],
    ]);
  });

  it('refuses actions before login and unknown actions after it', async () => {
    const sim = await startSimulator();
    const ami = await client(sim);
    ami.send({ Action: 'QueueStatus', ActionID: 'early' });
    expect(await ami.reply('early')).toEqual([
      ['Response', 'Error'],
      ['ActionID', 'early'],
      ['Message', 'Permission denied'],
    ]);
    await ami.login();
    ami.send({ Action: 'Originate', ActionID: 'x' });
    expect(value(await ami.reply('x'), 'Message')).toBe(
      'Invalid/unknown command: Originate. Use Action: ListCommands to show available commands.',
    );
  });

  it('accepts the login, sends FullyBooted and answers Ping with the simulated clock', async () => {
    const sim = await startSimulator();
    const ami = await client(sim);
    expect(await ami.login()).toEqual([
      ['Response', 'Success'],
      ['ActionID', 'login'],
      ['Message', 'Authentication accepted'],
    ]);
    const booted = await ami.take((f) => value(f, 'Event') === 'FullyBooted');
    expect(booted.slice(0, 3).map(([n]) => n)).toEqual(['Event', 'Privilege', 'Timestamp']);
    expect(value(booted, 'Privilege')).toBe('system,all');
    ami.send({ Action: 'Ping', ActionID: 'p1' });
    const pong = await ami.reply('p1');
    expect(pong.map(([n]) => n)).toEqual(['Response', 'ActionID', 'Ping', 'Timestamp']);
    expect(value(pong, 'Ping')).toBe('Pong');
    expect(Number(value(pong, 'Timestamp')) * 1000).toBeCloseTo(sim.now(), -1);
  });

  it('answers QueueStatus with the current truth in Asterisk frames carrying the ActionID', async () => {
    const sim = await startSimulator();
    const ami = await client(sim);
    await ami.login();
    await sim.runFor(900);
    ami.send({ Action: 'QueueStatus', ActionID: 'qs' });
    const frames = await ami.list('qs', 'QueueStatusComplete');
    const truth = sim.truth();

    expect(frames[0]).toEqual([
      ['Response', 'Success'],
      ['ActionID', 'qs'],
      ['EventList', 'start'],
      ['Message', 'Queue status will follow'],
    ]);
    const complete = frames.at(-1)!;
    expect(complete).toEqual([
      ['Event', 'QueueStatusComplete'],
      ['ActionID', 'qs'],
      ['EventList', 'Complete'],
      ['ListItems', String(frames.length - 2)],
    ]);
    const items = frames.slice(1, -1);
    for (const frame of items) {
      expect(frame.some(([n]) => n === 'Privilege' || n === 'Timestamp')).toBe(false);
      expect(frame.at(-1)).toEqual(['ActionID', 'qs']);
    }
    const params = items.filter((f) => value(f, 'Event') === 'QueueParams');
    expect(params.map((f) => value(f, 'Queue'))).toEqual(['sales', 'support', 'billing']);
    expect(params[0]!.map(([n]) => n)).toEqual([
      'Event', 'Queue', 'Max', 'Strategy', 'Calls', 'Holdtime', 'TalkTime', 'Completed', 'Abandoned',
      'ServiceLevel', 'ServicelevelPerf', 'ServicelevelPerf2', 'Weight', 'ActionID',
    ]);
    expect(params.map((f) => value(f, 'ServiceLevel'))).toEqual(['20', '20', '30']);

    const members = items.filter((f) => value(f, 'Event') === 'QueueMember');
    expect(members[0]!.map(([n]) => n)).toEqual([
      'Event', 'Queue', 'Name', 'Location', 'StateInterface', 'Membership', 'Penalty', 'CallsTaken', 'LastCall',
      'LastPause', 'LoginTime', 'InCall', 'Status', 'Paused', 'PausedReason', 'Wrapuptime', 'ActionID',
    ]);
    for (const agent of Object.values(truth.agents)) {
      const rows = members.filter((f) => value(f, 'Location') === agent.id);
      expect(rows.map((f) => value(f, 'Queue'))).toEqual(agent.queues);
      for (const row of rows) {
        expect(value(row, 'Name')).toBe(agent.name);
        expect(value(row, 'Paused')).toBe(agent.state === 'paused' ? '1' : '0');
        if (agent.state === 'paused') expect(value(row, 'PausedReason')).toBe(agent.pausedReason);
        expect(value(row, 'InCall')).toBe(agent.state === 'busy' ? '1' : '0');
      }
    }

    const entries = items.filter((f) => value(f, 'Event') === 'QueueEntry');
    const waiting = Object.entries(truth.waiting).flatMap(([queue, callers]) => callers.map((c) => ({ queue, ...c })));
    expect(entries.map((f) => [value(f, 'Queue'), value(f, 'Uniqueid'), value(f, 'Position')])).toEqual(
      waiting.map((c) => [c.queue, c.callId, String(c.position)]),
    );
    for (const [index, entry] of entries.entries()) {
      const expectedWait = Math.floor(truth.at / 1000) - Math.floor(waiting[index]!.joinedAt / 1000);
      expect(value(entry, 'Wait')).toBe(String(expectedWait));
    }
  });

  it('streams every event with Privilege and Timestamp first, in the order the model emitted them', async () => {
    const sim = await startSimulator();
    const ami = await client(sim);
    await ami.login();
    await sim.runFor(1800);
    ami.send({ Action: 'Ping', ActionID: 'sync' });
    await ami.reply('sync');
    const events = ami.events();
    // FullyBooted comes from the login, the rest from the model
    expect(events.length).toBe(sim.stats().eventsEmitted + 1);
    const privilegeOf: Record<string, string> = {
      Hangup: 'call,all',
      VarSet: 'dialplan,all',
      Newexten: 'dialplan,all',
      FullyBooted: 'system,all',
    };
    let lastStamp = 0;
    for (const event of events) {
      expect(event.slice(0, 3).map(([n]) => n)).toEqual(['Event', 'Privilege', 'Timestamp']);
      const name = value(event, 'Event')!;
      expect(value(event, 'Privilege')).toBe(privilegeOf[name] ?? 'agent,all');
      const stamp = value(event, 'Timestamp')!;
      expect(stamp).toMatch(/^\d{10}\.\d{6}$/);
      expect(Number(stamp)).toBeGreaterThanOrEqual(lastStamp);
      lastStamp = Number(stamp);
    }
    const connect = events.find((e) => value(e, 'Event') === 'AgentConnect')!;
    expect(connect.map(([n]) => n).slice(3)).toEqual([
      'Channel', 'ChannelState', 'ChannelStateDesc', 'CallerIDNum', 'CallerIDName', 'ConnectedLineNum',
      'ConnectedLineName', 'Language', 'AccountCode', 'Context', 'Exten', 'Priority', 'Uniqueid', 'Linkedid',
      'DestChannel', 'DestChannelState', 'DestChannelStateDesc', 'DestCallerIDNum', 'DestCallerIDName',
      'DestConnectedLineNum', 'DestConnectedLineName', 'DestLanguage', 'DestAccountCode', 'DestContext', 'DestExten',
      'DestPriority', 'DestUniqueid', 'DestLinkedid', 'Queue', 'Interface', 'MemberName', 'HoldTime', 'RingTime',
    ]);
    const names = new Set(events.map((e) => value(e, 'Event')));
    for (const name of ['QueueCallerJoin', 'QueueCallerLeave', 'AgentCalled', 'AgentComplete', 'QueueMemberStatus', 'VarSet', 'Newexten']) {
      expect(names.has(name), name).toBe(true);
    }
  });

  it('pauses simulated time while nobody is logged in, and resumes on the next login', async () => {
    const sim = await startSimulator();
    const first = await client(sim);
    await first.login();
    await sim.runFor(300);
    await sim.dropConnections();
    await first.ended;
    const pausedAt = sim.now();
    const run = sim.runFor(300);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sim.now()).toBe(pausedAt);
    const second = await client(sim);
    await second.login();
    await run;
    expect(sim.now()).toBe(pausedAt + 300_000);
  });

  it('delivers every written event before dropping a connection', async () => {
    const sim = await startSimulator();
    const ami = await client(sim);
    await ami.login();
    await sim.runFor(1200);
    await sim.dropConnections();
    await ami.ended;
    expect(ami.events().length).toBe(sim.stats().eventsEmitted + 1);
  });

  it('holds simulated time while the reader does not read (socket backpressure)', async () => {
    const sim = await startSimulator();
    const ami = await client(sim);
    await ami.login();
    ami.discardFrames = true;
    ami.socket.pause();
    const target = sim.now() + 24 * 3_600_000;
    const run = sim.runUntil(target);
    // wait until the simulator stops writing: it is blocked on the full socket
    let written = -1;
    while (sim.stats().bytesWritten !== written) {
      written = sim.stats().bytesWritten;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(sim.now()).toBeLessThan(target);
    expect(written).toBeLessThan(12 * 1024 * 1024);
    ami.socket.resume();
    await run;
    await sim.dropConnections();
    await ami.ended;
    expect(ami.bytesReceived).toBe(sim.stats().bytesWritten);
  });

  it('drains to a known state: nobody waiting, every call finished', async () => {
    const sim = await startSimulator();
    const ami = await client(sim);
    await ami.login();
    await sim.runFor(1800);
    await sim.drain();
    const truth = sim.truth();
    expect(Object.values(truth.waiting).flat()).toEqual([]);
    for (const agent of Object.values(truth.agents)) expect(['available', 'paused', 'loggedOut']).toContain(agent.state);
    for (const queue of sim.config.queues) {
      const total = sim.ledger.total(queue.name);
      expect(total.offered).toBe(total.answered + total.abandoned + total.timedOut);
      expect(total.handled).toBe(total.answered);
    }
  });
});
