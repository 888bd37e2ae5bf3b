import { describe, expect, it, vi } from 'vitest';
import type { AmiClient, AmiClientOptions } from '../../../server/ingest/ami/ami-client';
import { AMI_EVENTS_WANTED } from '../../../server/ingest/ami/ami-event-mapper';
import { amiTestBed } from '../../support/ami-test-bed';
import { frame } from '../../support/fake-ami';

/** AmiClient with mapEventsOffThread: the stream is framed, decoded and mapped on a worker thread. */

const WAIT = { timeout: 10_000, interval: 10 };
const RECEIVED_AT = Date.UTC(2026, 11, 2, 9, 0, 0);

const join = (callId: string, stamped = true): string =>
  frame([
    'Event: QueueCallerJoin',
    'Privilege: agent,all',
    ...(stamped ? ['Timestamp: 1718012345.100000'] : []),
    'Queue: support',
    `Uniqueid: ${callId}`,
    'Position: 1',
    'CallerIDNum: 5551234',
  ]);
const noise = (): string => frame(['Event: Newexten', 'Privilege: dialplan,all', 'Channel: PJSIP/100-00000001', 'Extension: s', 'Application: Set']);
const varSet = (variable: string): string =>
  frame(['Event: VarSet', 'Privilege: dialplan,all', 'Channel: PJSIP/100-00000001', `Variable: ${variable}`, 'Value: ANSWER', 'Uniqueid: 1.1']);

const bed = amiTestBed();

/** What reached the listeners, in order: `mapped:<callId>`, `frame:<event>`, `ignored:<n>`, `connected`, `disconnected`. */
async function offThreadClient(options: Partial<AmiClientOptions> = {}): Promise<{ client: AmiClient; seen: string[]; readAts: number[]; ats: number[] }> {
  const client = await bed.client({
    actionTimeoutMs: 5_000,
    wantEvent: (name) => AMI_EVENTS_WANTED.has(name),
    mapEventsOffThread: { clock: () => RECEIVED_AT },
    ...options,
  });
  const seen: string[] = [];
  const readAts: number[] = [];
  const ats: number[] = [];
  client.on('connected', () => seen.push('connected'));
  client.on('disconnected', () => seen.push('disconnected'));
  client.on('event', (event) => seen.push(`frame:${event.fields.event}`));
  client.on('ignored', (count) => seen.push(`ignored:${count}`));
  client.on('mapped', (result, readAt) => {
    readAts.push(readAt);
    if (result.kind === 'event') {
      ats.push(result.event.at);
      seen.push(`mapped:${'callId' in result.event ? result.event.callId : result.event.kind}`);
    } else seen.push(`invalid:${result.eventName}`);
  });
  client.start();
  await vi.waitFor(() => expect(seen).toContain('connected'), WAIT);
  return { client, seen, readAts, ats };
}

describe('AmiClient decoding off the main thread', () => {
  it('hands over mapped events in stream order, ahead of the answer that followed them', async () => {
    const { client, seen, readAts } = await offThreadClient();
    const before = performance.now();
    bed.fake!.current.send(join('1.1') + noise() + varSet('DIALSTATUS') + varSet('QUEUESTATUS_SEEN') + join('1.2'));
    await client.sendAction('Ping').then(() => seen.push('pong'));
    // FullyBooted, Newexten and a VarSet without QUEUESTATUS in it are never decoded; the
    // VarSet that holds the text but is another variable is mapped to nothing and counted
    expect(seen.filter((item) => item !== 'ignored:1')).toEqual(['connected', 'mapped:1.1', 'mapped:1.2', 'pong']);
    expect(seen).toContain('ignored:1');
    expect(client.counters.parser.skipped).toBe(3);
    // the ingest latency starts when the bytes were read, on this thread's clock
    for (const readAt of readAts) expect(readAt).toBeGreaterThanOrEqual(before);
  });

  it('stamps an event without a Timestamp with the clock at the read, and keeps the PBX time of one with it', async () => {
    const { ats } = await offThreadClient();
    bed.fake!.current.send(join('2.1', false) + join('2.2'));
    await vi.waitFor(() => expect(ats).toHaveLength(2), WAIT);
    expect(ats).toEqual([RECEIVED_AT, 1718012345100]);
  });

  it('reports an event with bad fields as invalid, never as a mapped event', async () => {
    const { seen } = await offThreadClient();
    bed.fake!.current.send(frame(['Event: QueueCallerJoin', 'Queue: support', 'Uniqueid: 3.1', 'Position: first']) + join('3.2'));
    await vi.waitFor(() => expect(seen).toContain('mapped:3.2'), WAIT);
    expect(seen.slice(1)).toEqual(['invalid:QueueCallerJoin', 'mapped:3.2']);
  });

  it('gives the events read while a list is collected as frames, and maps again after it', async () => {
    const { client, seen } = await offThreadClient();
    bed.fake!.onAction = (session, action) => {
      if (action.fields.action !== 'QueueStatus') return;
      const id = `ActionID: ${action.fields.actionid}`;
      session.send(
        frame(['Response: Success', id, 'EventList: start']) +
          join('4.1') +
          frame(['Event: QueueParams', id, 'Queue: support', 'Calls: 0']) +
          frame(['Event: QueueStatusComplete', id, 'EventList: Complete', 'ListItems: 1']),
      );
    };
    const answer = await client.collectAction('QueueStatus', {}, 'QueueStatusComplete');
    expect(answer.events.map((item) => item.fields.event)).toEqual(['QueueParams']);
    bed.fake!.current.send(join('4.2'));
    await vi.waitFor(() => expect(seen).toContain('mapped:4.2'), WAIT);
    expect(seen.slice(1)).toEqual(['frame:QueueCallerJoin', 'mapped:4.2']);
  });

  it('delivers what was read before the PBX closed the link ahead of `disconnected`, then reconnects', async () => {
    const { seen } = await offThreadClient();
    const session = bed.fake!.current;
    let events = '';
    for (let i = 0; i < 2_000; i++) events += join(`5.${i}`) + noise();
    session.send(events);
    session.socket.end();
    await vi.waitFor(() => expect(seen.filter((item) => item === 'connected')).toHaveLength(2), WAIT);
    const disconnectedAt = seen.indexOf('disconnected');
    const mapped = seen.filter((item) => item.startsWith('mapped:'));
    expect(mapped).toHaveLength(2_000);
    expect(seen.lastIndexOf('mapped:5.1999')).toBeLessThan(disconnectedAt);
  });

  it('counts a frame over the size limit, as on the main thread', async () => {
    const counted: string[] = [];
    const { seen } = await offThreadClient({ maxFrameBytes: 256, onCount: (what) => counted.push(what) });
    bed.fake!.current.send(frame(['Event: QueueCallerJoin', `Queue: ${'x'.repeat(400)}`]) + join('6.1'));
    await vi.waitFor(() => expect(seen).toContain('mapped:6.1'), WAIT);
    expect(counted).toEqual(['oversizeFrame']);
  });
});
