import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { AmiClient, type AmiClientOptions, type AmiConnectedInfo } from '../../../server/ingest/ami/ami-client';
import { AmiError } from '../../../server/ingest/ami/ami-error';
import type { AmiFrame } from '../../../server/ingest/ami/ami-frame';
import { amiTestBed } from '../../support/ami-test-bed';
import { FakeAmi, frame, type FakeSession } from '../../support/fake-ami';

const WAIT = { timeout: 10_000, interval: 10 };

const queueEvent = (name: string, extra: readonly string[] = []): string =>
  frame([`Event: ${name}`, 'Privilege: agent,all', 'Timestamp: 1718012345.100000', 'Queue: support', 'Uniqueid: 1718012345.42', ...extra]);

const bed = amiTestBed();

interface Observed {
  client: AmiClient;
  connected: AmiConnectedInfo[];
  disconnected: string[];
  authErrors: string[];
  events: AmiFrame[];
}

async function connectedClient(options: Partial<AmiClientOptions> = {}, waitForLogin = true): Promise<Observed> {
  const client = await bed.client({ actionTimeoutMs: 2_000, ...options });
  const observed: Observed = { client, connected: [], disconnected: [], authErrors: [], events: [] };
  client.on('connected', (info) => observed.connected.push(info));
  client.on('disconnected', ({ reason }) => observed.disconnected.push(reason));
  client.on('authError', ({ message }) => observed.authErrors.push(message));
  client.on('event', (event) => observed.events.push(event));
  client.start();
  if (waitForLogin) await vi.waitFor(() => expect(observed.connected).toHaveLength(1), WAIT);
  return observed;
}

describe('AmiClient login', () => {
  it('reads the banner, logs in with Username, Secret and Events: on, and reports the AMI version', async () => {
    const { client, connected, events } = await connectedClient();
    expect(connected).toEqual([{ version: '11.0.0', banner: 'Asterisk Call Manager/11.0.0' }]);
    expect(client.isConnected).toBe(true);
    const login = bed.fake!.current.lastAction('Login');
    expect(login?.fields).toMatchObject({ action: 'Login', username: 'wallboard', secret: 's3cret', events: 'on' });
    expect(login?.fields.actionid).toMatch(/\S/);
    await vi.waitFor(() => expect(events.map((event) => event.fields.event)).toEqual(['FullyBooted']), WAIT);
  });

  it('emits connected before the events that follow the login answer', async () => {
    bed.fake = await FakeAmi.start();
    const client = new AmiClient({ host: '127.0.0.1', port: bed.fake.port, username: 'u', secret: 's' });
    bed.clients.push(client);
    const order: string[] = [];
    client.on('connected', () => order.push('connected'));
    client.on('event', (event) => order.push(event.fields.event ?? ''));
    client.start();
    await vi.waitFor(() => expect(order).toEqual(['connected', 'FullyBooted']), WAIT);
  });

  it('sends the configured Events classes', async () => {
    await connectedClient({ events: 'agent,call,dialplan' });
    expect(bed.fake!.current.lastAction('Login')?.fields.events).toBe('agent,call,dialplan');
  });

  it('reports a rejected login and retries until it is accepted', async () => {
    bed.fake = await FakeAmi.start();
    bed.fake.loginAnswers = ['Error', 'Error'];
    const observed = await connectedClient({}, false);
    await vi.waitFor(() => expect(observed.connected).toHaveLength(1), WAIT);
    expect(observed.authErrors).toEqual(['Authentication failed', 'Authentication failed']);
    expect(bed.fake.sessions).toHaveLength(3);
    expect(observed.disconnected).toEqual([]);
    expect(observed.client.counters).toMatchObject({ authFailures: 2, logins: 1, connectAttempts: 3 });
  });

  it('rejects actions while not logged in', async () => {
    bed.fake = await FakeAmi.start();
    const client = new AmiClient({ host: '127.0.0.1', port: bed.fake.port, username: 'u', secret: 's' });
    bed.clients.push(client);
    await expect(client.sendAction('QueueSummary')).rejects.toMatchObject({ code: 'not-connected' });
  });
});

describe('AmiClient actions', () => {
  it('matches answers to actions by ActionID, out of order and between live events', async () => {
    const { client, events } = await connectedClient();
    bed.fake!.onAction = () => {
      const session = bed.fake!.current;
      if (session.actions.filter((action) => action.fields.action === 'Getvar').length < 2) return;
      const [first, second] = session.actions.filter((action) => action.fields.action === 'Getvar');
      session.send(queueEvent('QueueCallerJoin', ['Position: 1', 'Count: 1']));
      session.send(frame(['Response: Success', `ActionID: ${second?.fields.actionid}`, 'Variable: B', 'Value: 2']));
      session.send(queueEvent('QueueCallerLeave', ['Position: 1', 'Count: 0']));
      session.send(frame(['Response: Success', `ActionID: ${first?.fields.actionid}`, 'Variable: A', 'Value: 1']));
    };
    const [a, b] = await Promise.all([client.sendAction('Getvar', { Variable: 'A' }), client.sendAction('Getvar', { Variable: 'B' })]);
    expect(a.fields).toMatchObject({ variable: 'A', value: '1' });
    expect(b.fields).toMatchObject({ variable: 'B', value: '2' });
    await vi.waitFor(() => expect(events.map((event) => event.fields.event)).toEqual(['FullyBooted', 'QueueCallerJoin', 'QueueCallerLeave']), WAIT);
  });

  it('writes every field, repeating a header for an array value', async () => {
    const { client } = await connectedClient();
    bed.fake!.onAction = (session, action) => session.send(frame(['Response: Success', `ActionID: ${action.fields.actionid}`, 'Message: Originate successfully queued']));
    await client.sendAction('Originate', { Channel: 'Local/1001@agents', Variable: ['A=1', 'B=2'], Async: 'true' });
    const originate = bed.fake!.current.lastAction('Originate');
    expect(originate?.fields).toMatchObject({ channel: 'Local/1001@agents', async: 'true' });
    expect(originate?.repeated?.variable).toEqual(['A=1', 'B=2']);
  });

  it('rejects with action-failed and the answer when Asterisk says Response: Error', async () => {
    const { client } = await connectedClient();
    bed.fake!.onAction = (session, action) => session.send(frame(['Response: Error', `ActionID: ${action.fields.actionid}`, 'Message: Interface not found']));
    const failure = client.sendAction('QueuePause', { Interface: 'PJSIP/9999', Paused: 'true' });
    await expect(failure).rejects.toBeInstanceOf(AmiError);
    await expect(failure).rejects.toMatchObject({ code: 'action-failed', message: 'Interface not found', frame: { fields: { response: 'Error' } } });
  });

  it('refuses a field value with a line break without writing anything', async () => {
    const { client } = await connectedClient();
    const before = bed.fake!.current.actions.length;
    await expect(client.sendAction('Setvar', { Variable: 'X', Value: '1\r\nAction: Logoff' })).rejects.toMatchObject({ code: 'invalid-action' });
    await expect(client.sendAction('Bad Name')).rejects.toMatchObject({ code: 'invalid-action' });
    await client.sendAction('Ping');
    expect(bed.fake!.current.actions.slice(before).map((action) => action.fields.action)).toEqual(['Ping']);
  });

  it('rejects an unanswered action with timeout', async () => {
    const { client } = await connectedClient({ actionTimeoutMs: 100 });
    const before = client.counters.actionTimeouts;
    await expect(client.sendAction('QueueSummary')).rejects.toMatchObject({ code: 'timeout' });
    expect(client.counters.actionTimeouts).toBe(before + 1);
    expect(client.isConnected).toBe(true);
  });

  it('rejects pending actions with disconnected when the connection drops', async () => {
    const { client } = await connectedClient();
    bed.fake!.onAction = (session) => session.socket.destroy();
    await expect(client.sendAction('QueueSummary')).rejects.toMatchObject({ code: 'disconnected' });
  });
});

describe('AmiClient collectAction', () => {
  function answerQueueStatus(session: FakeSession, action: AmiFrame): void {
    const id = `ActionID: ${action.fields.actionid}`;
    session.send(frame(['Response: Success', id, 'EventList: start', 'Message: Queue status will follow']));
    session.send(frame(['Event: QueueParams', id, 'Queue: support', 'Max: 0', 'Strategy: rrmemory', 'Calls: 1', 'Holdtime: 12', 'TalkTime: 95', 'Completed: 40', 'Abandoned: 3', 'ServiceLevel: 20', 'ServicelevelPerf: 91.2', 'Weight: 0']));
    // a live event in the middle of the list
    session.send(queueEvent('QueueMemberStatus', ['MemberName: Анна Смирнова', 'Interface: PJSIP/1001', 'Paused: 1', 'PausedReason: Обед']));
    session.send(frame(['Event: QueueMember', id, 'Queue: support', 'Name: Анна Смирнова', 'Location: PJSIP/1001', 'StateInterface: PJSIP/1001', 'Membership: dynamic', 'Penalty: 0', 'CallsTaken: 7', 'LastCall: 1718012000', 'LastPause: 1718012300', 'LoginTime: 1718000000', 'InCall: 0', 'Status: 1', 'Paused: 1', 'PausedReason: Обед', 'Wrapuptime: 0']));
    session.send(frame(['Event: QueueEntry', id, 'Queue: support', 'Position: 1', 'Channel: PJSIP/trunk-mts-00000012', 'Uniqueid: 1718012345.42', 'CallerIDNum: 79161234567', 'CallerIDName: Иван Петров', 'Wait: 12', 'Priority: 0']));
    session.send(frame(['Event: QueueStatusComplete', id, 'EventList: Complete', 'ListItems: 3']));
  }

  it('resolves with the response, the list items and the complete event; live events still go to listeners', async () => {
    const { client, events } = await connectedClient();
    bed.fake!.onAction = answerQueueStatus;
    const result = await client.collectAction('QueueStatus', { Queue: 'support' }, 'QueueStatusComplete');
    expect(bed.fake!.current.lastAction('QueueStatus')?.fields.queue).toBe('support');
    expect(result.response.fields).toMatchObject({ response: 'Success', eventlist: 'start' });
    expect(result.events.map((item) => item.fields.event)).toEqual(['QueueParams', 'QueueMember', 'QueueEntry']);
    expect(result.events[1]?.fields).toMatchObject({ name: 'Анна Смирнова', pausedreason: 'Обед' });
    expect(result.complete.fields).toMatchObject({ event: 'QueueStatusComplete', listitems: '3' });
    await vi.waitFor(() => expect(events.map((event) => event.fields.event)).toEqual(['FullyBooted', 'QueueMemberStatus']), WAIT);
  });

  it('delivers list items even when the event filter refuses their names', async () => {
    const { client, events } = await connectedClient({ wantEvent: (name) => name === 'QueueCallerJoin' });
    bed.fake!.onAction = answerQueueStatus;
    const result = await client.collectAction('QueueStatus', {}, 'QueueStatusComplete');
    expect(result.events).toHaveLength(3);
    const skippedBefore = client.counters.parser.skipped;
    bed.fake!.current.send(queueEvent('QueueMemberStatus') + queueEvent('QueueCallerJoin'));
    await vi.waitFor(() => expect(events.map((event) => event.fields.event)).toContain('QueueCallerJoin'), WAIT);
    // the live QueueMemberStatus inside the list was decoded but not emitted; the one after it is skipped unread
    expect(events.map((event) => event.fields.event)).toEqual(['QueueCallerJoin']);
    expect(client.counters.parser.skipped).toBe(skippedBefore + 1);
  });

  it('rejects when the action fails', async () => {
    const { client } = await connectedClient();
    bed.fake!.onAction = (session, action) => session.send(frame(['Response: Error', `ActionID: ${action.fields.actionid}`, 'Message: Permission denied']));
    await expect(client.collectAction('QueueStatus', {}, 'QueueStatusComplete')).rejects.toMatchObject({ code: 'action-failed', message: 'Permission denied' });
  });

  it('times out when the list stops before its complete event', async () => {
    const { client } = await connectedClient({ actionTimeoutMs: 150 });
    bed.fake!.onAction = (session, action) => session.send(frame(['Response: Success', `ActionID: ${action.fields.actionid}`, 'EventList: start']));
    await expect(client.collectAction('QueueStatus', {}, 'QueueStatusComplete')).rejects.toMatchObject({ code: 'timeout' });
  });
});

describe('AmiClient reconnect', () => {
  it('reconnects after Asterisk drops the connection and emits connected again', async () => {
    const observed = await connectedClient();
    bed.fake!.current.socket.destroy();
    await vi.waitFor(() => expect(observed.connected).toHaveLength(2), WAIT);
    expect(observed.disconnected).toEqual(['closed by Asterisk']);
    expect(bed.fake!.sessions).toHaveLength(2);
    expect(observed.client.isConnected).toBe(true);
    expect(observed.client.counters).toMatchObject({ logins: 2, disconnects: 1 });
  });

  it('drops a connection whose Ping goes unanswered and reconnects', async () => {
    bed.fake = await FakeAmi.start();
    bed.fake.answerPings = false;
    const observed = await connectedClient({ pingIntervalMs: 30, actionTimeoutMs: 100 });
    await vi.waitFor(() => expect(observed.disconnected).toContain('ping timed out'), WAIT);
    bed.fake.answerPings = true;
    await vi.waitFor(() => expect(observed.connected.length).toBeGreaterThanOrEqual(2), WAIT);
    expect(observed.client.counters.pingTimeouts).toBeGreaterThanOrEqual(1);
    expect(bed.fake.sessions[0]?.socket.destroyed || bed.fake.sessions[0]?.socket.readableEnded).toBe(true);
  });

  it('keeps a link whose Ping answer is late behind a stream of events, and drops it once the stream stops too', async () => {
    bed.fake = await FakeAmi.start();
    bed.fake.answerPings = false;
    const observed = await connectedClient({ pingIntervalMs: 50, actionTimeoutMs: 1_000 });
    const session = bed.fake.current;
    const streaming = setInterval(() => session.send(queueEvent('QueueCallerJoin')), 20);
    try {
      // three Pings sent: the first two went unanswered, each while events kept coming
      await vi.waitFor(() => expect(session.actions.filter((action) => action.fields.action === 'Ping').length).toBeGreaterThanOrEqual(3), { timeout: 30_000, interval: 10 });
      expect(observed.disconnected).toEqual([]);
      expect(observed.client.counters.pingTimeouts).toBe(0);
    } finally {
      clearInterval(streaming);
    }
    await vi.waitFor(() => expect(observed.disconnected).toContain('ping timed out'), WAIT);
    expect(observed.client.counters.pingTimeouts).toBe(1);
  });

  it('keeps an answered Ping going without reconnecting', async () => {
    const observed = await connectedClient({ pingIntervalMs: 20, actionTimeoutMs: 2_000 });
    await vi.waitFor(() => expect(bed.fake!.current.actions.filter((action) => action.fields.action === 'Ping').length).toBeGreaterThanOrEqual(3), WAIT);
    expect(observed.connected).toHaveLength(1);
    expect(observed.disconnected).toEqual([]);
  });

  it('backs off while attempts fail and starts the backoff over once a connection logged in', async () => {
    bed.fake = await FakeAmi.start();
    bed.fake.loginAnswers = ['Error', 'Error', 'Error'];
    type Scheduled = { attempt: number; delayMs: number };
    const scheduled: Scheduled[] = [];
    const logger = {
      debug() {},
      info(obj: object, msg?: string) {
        if (msg === 'AMI reconnect scheduled') scheduled.push(obj as Scheduled);
      },
      warn() {},
      error() {},
    };
    const observed = await connectedClient({ logger, backoff: { initialDelayMs: 40, maxDelayMs: 1_000 } }, false);
    await vi.waitFor(() => expect(observed.connected).toHaveLength(1), WAIT);
    bed.fake.current.socket.destroy();
    await vi.waitFor(() => expect(observed.connected).toHaveLength(2), WAIT);
    // three refused logins are retries 2, 3 and 4 of the first run; after the loss the count starts at 1 again
    expect(scheduled.map((s) => s.attempt)).toEqual([2, 3, 4, 1]);
    const ceilings = [40, 80, 160, 40];
    scheduled.forEach((s, i) => expect(s.delayMs).toBeLessThan(ceilings[i]!));
    expect(observed.client.counters).toMatchObject({ reconnects: 4, connectAttempts: 5, logins: 2 });
  });

  it('reports oversize frames, unanswered Pings, throwing listeners and reconnects as they happen', async () => {
    bed.fake = await FakeAmi.start();
    const counted: string[] = [];
    const observed = await connectedClient({ maxFrameBytes: 1024, pingIntervalMs: 50, actionTimeoutMs: 100, onCount: (c) => counted.push(c) });
    observed.client.prependListener('event', (event) => {
      if (event.fields.event === 'QueueCallerJoin') throw new Error('listener bug');
    });
    bed.fake.current.send(queueEvent('UserEvent', [`Data: ${'x'.repeat(2048)}`]) + queueEvent('QueueCallerJoin'));
    await vi.waitFor(() => expect(counted).toEqual(['oversizeFrame', 'listenerError']), WAIT);
    bed.fake.answerPings = false;
    await vi.waitFor(() => expect(observed.disconnected).toContain('ping timed out'), WAIT);
    bed.fake.answerPings = true;
    await vi.waitFor(() => expect(observed.connected).toHaveLength(2), WAIT);
    expect(counted.slice(0, 4)).toEqual(['oversizeFrame', 'listenerError', 'pingTimeout', 'reconnect']);
    // On a loaded machine a later Ping may miss its 100 ms too: every trouble reported is also counted, however many.
    const { counters } = observed.client;
    expect(counters).toMatchObject({ listenerErrors: 1, parser: { oversizeDropped: 1 } });
    expect(counters.reconnects).toBeGreaterThanOrEqual(1);
    expect(counted.filter((c) => c === 'reconnect')).toHaveLength(counters.reconnects);
    expect(counted.filter((c) => c === 'pingTimeout')).toHaveLength(counters.pingTimeouts);
  });

  it('keeps trying while nothing listens, then connects', async () => {
    const placeholder = createServer();
    await new Promise<void>((resolve) => placeholder.listen(0, '127.0.0.1', resolve));
    const port = (placeholder.address() as { port: number }).port;
    await new Promise<void>((resolve) => placeholder.close(() => resolve()));
    const client = new AmiClient({ host: '127.0.0.1', port, username: 'u', secret: 's', backoff: { initialDelayMs: 10, maxDelayMs: 40 } });
    bed.clients.push(client);
    client.start();
    await vi.waitFor(() => expect(client.counters.connectAttempts).toBeGreaterThanOrEqual(3), WAIT);
    expect(client.isConnected).toBe(false);
  });

  it('stops for good on close(): the socket ends, pending actions reject, nothing reconnects', async () => {
    const { client, disconnected } = await connectedClient();
    const pending = client.sendAction('QueueSummary');
    await client.close();
    await expect(pending).rejects.toMatchObject({ code: 'disconnected' });
    expect(disconnected).toEqual(['client closed']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(bed.fake!.sessions).toHaveLength(1);
    expect(client.isConnected).toBe(false);
  });

  it('keeps reading the socket when an event listener throws', async () => {
    const observed = await connectedClient();
    observed.client.prependListener('event', (event) => {
      if (event.fields.event === 'QueueCallerJoin') throw new Error('listener bug');
    });
    bed.fake!.current.send(queueEvent('QueueCallerJoin') + queueEvent('QueueCallerLeave'));
    await vi.waitFor(() => expect(observed.events.map((event) => event.fields.event)).toContain('QueueCallerLeave'), WAIT);
    expect(observed.client.counters.listenerErrors).toBe(1);
    expect(observed.client.isConnected).toBe(true);
  });
});

describe('AmiClient failed attempts, classified', () => {
  async function firstFailure(port: number, options: Partial<AmiClientOptions> = {}) {
    const client = new AmiClient({ host: '127.0.0.1', port, username: 'u', secret: 's', backoff: { initialDelayMs: 10, maxDelayMs: 50 }, ...options });
    bed.clients.push(client);
    const failures: { kind: string; message: string }[] = [];
    client.on('attemptFailed', (failure) => failures.push(failure));
    client.start();
    await vi.waitFor(() => expect(failures.length).toBeGreaterThan(0), WAIT);
    return failures[0]!;
  }

  async function listener(onSocket: (socket: import('node:net').Socket) => void): Promise<{ port: number; close(): Promise<void> }> {
    const server = createServer(onSocket);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as import('node:net').AddressInfo).port;
    return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it('says refused when nothing listens on the port', async () => {
    const closed = await listener(() => {});
    await closed.close();
    expect(await firstFailure(closed.port)).toMatchObject({ kind: 'refused', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('says timed out when the peer never sends a banner', async () => {
    const sockets: import('node:net').Socket[] = [];
    const silent = await listener((socket) => sockets.push(socket));
    try {
      expect(await firstFailure(silent.port, { connectTimeoutMs: 100 })).toEqual({ kind: 'timeout', message: 'no AMI banner within 100 ms' });
    } finally {
      for (const socket of sockets) socket.destroy();
      await silent.close();
    }
  });

  it('says protocol when the peer is not an AMI', async () => {
    const web = await listener((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    try {
      expect((await firstFailure(web.port)).kind).toBe('protocol');
    } finally {
      await web.close();
    }
  });

  it('says auth when Asterisk refuses the login', async () => {
    bed.fake = await FakeAmi.start();
    bed.fake.loginAnswers = ['Error'];
    expect(await firstFailure(bed.fake.port)).toEqual({ kind: 'auth', message: 'login failed: Authentication failed' });
  });
});
