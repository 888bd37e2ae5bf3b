import WebSocket from 'ws';
import { SocketEvents } from '../../shared/socket-protocol';
import { serveCommands } from './child-rpc';
import { boardClientsStartSchema, type BoardClientsReport, type DeliveryTrace } from './board-clients-process';
import { spreadOf } from './stats';

/**
 * The board clients process of the fan-out benchmark (see board-clients-process.ts).
 *
 * Each client is a bare websocket speaking engine.io 4 / socket.io 5 as the
 * page's socket.io-client does on the wire (open, namespace connect, join with
 * an ack, pong), but it never decodes a message whole: it reads the version
 * numbers at the head of each board:patch / board:snapshot packet, and for a
 * few traced clients the `at` and `lastEventAt` times. Thousands of clients
 * taking 20 updates a second each would otherwise need several cores of their
 * own, taken from the servers on this 2-core machine; real boards run
 * elsewhere. The servers' work, and every byte on the wire, are unchanged.
 */

const CONNECT_BATCH = 100;
const TRACED_CLIENTS = 20;
const PATCH_HEAD = Buffer.from(`42["${SocketEvents.patch}",`);
const SNAPSHOT_HEAD = Buffer.from(`42["${SocketEvents.snapshot}",`);

interface ClientState {
  ws: WebSocket;
  traced: boolean;
  /** the newest version it has, -1 before the join's snapshot */
  version: number;
  received: number;
  /** versions it never got a patch or a snapshot for (skipped by the server, or lost) */
  missed: number;
  wholes: number;
  /** traced clients: receive time, `at`, lastEventAt and seq (NaN when the update does not carry it) */
  trace: { received: number[]; builtAt: number[]; lastEventAt: number[]; seq: number[] };
}

const clients: ClientState[] = [];
let recording = false;
let windowStart = 0;
let cpuAtStart = process.cpuUsage();
let disconnects = 0;
let newestPacketBytes = { patch: 0, snapshot: 0 };

function numberAfter(data: Buffer, key: string): number {
  const at = data.indexOf(key);
  if (at < 0) return Number.NaN;
  let value = 0;
  for (let i = at + key.length; i < data.length; i++) {
    const digit = data[i]! - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  return value;
}

function timeAfter(data: Buffer, key: string): number {
  const at = data.indexOf(key);
  if (at < 0 || data[at + key.length] !== 0x22) return Number.NaN;
  const start = at + key.length + 1;
  return Date.parse(data.toString('latin1', start, data.indexOf(0x22, start)));
}

function onPacket(client: ClientState, data: Buffer, join: () => void): void {
  const received = Date.now();
  if (data.length === 1 && data[0] === 0x32) return void client.ws.send('3'); // engine.io ping -> pong
  if (data[0] === 0x34 && data[1] === 0x30) return join(); // socket.io connected to the namespace
  const patch = data.subarray(0, PATCH_HEAD.length).equals(PATCH_HEAD);
  const whole = !patch && data.subarray(0, SNAPSHOT_HEAD.length).equals(SNAPSHOT_HEAD);
  if (!patch && !whole) return;
  if (patch) {
    const from = numberAfter(data, '"from":');
    const to = numberAfter(data, '"to":');
    if (to <= client.version) return;
    if (recording && from !== client.version && client.version >= 0) client.missed += from - client.version;
    client.version = to;
    newestPacketBytes.patch = data.length;
  } else {
    const version = numberAfter(data, '"version":');
    if (recording && client.version >= 0 && version > client.version + 1) client.missed += version - client.version - 1;
    client.version = Math.max(client.version, version);
    if (recording) client.wholes++;
    newestPacketBytes.snapshot = data.length;
  }
  if (!recording) return;
  client.received++;
  if (client.traced) {
    client.trace.received.push(received);
    client.trace.builtAt.push(timeAfter(data, '"at":'));
    client.trace.lastEventAt.push(timeAfter(data, '"lastEventAt":'));
    client.trace.seq.push(numberAfter(data, '"seq":'));
  }
}

function connectClient(url: string, board: string, traced: boolean): Promise<ClientState> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { skipUTF8Validation: true, perMessageDeflate: false });
    const client: ClientState = { ws, traced, version: -1, received: 0, missed: 0, wholes: 0, trace: { received: [], builtAt: [], lastEventAt: [], seq: [] } };
    const join = () => ws.send(`420["${SocketEvents.join}",${JSON.stringify({ board })}]`);
    ws.on('message', (data: Buffer) => {
      if (data[0] === 0x30) return void ws.send('40'); // engine.io open -> connect to the namespace
      onPacket(client, data, join);
      if (client.version >= 0) resolve(client);
    });
    ws.on('close', () => {
      disconnects++;
      reject(new Error('closed before the first snapshot'));
    });
    ws.on('error', reject);
  });
}

serveCommands({
  async start(raw) {
    const { url, board, count } = boardClientsStartSchema.parse(raw);
    const started = performance.now();
    const step = Math.max(1, Math.floor(count / TRACED_CLIENTS));
    for (let first = 0; first < count; first += CONNECT_BATCH) {
      const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - first) }, (_, i) => connectClient(url, board, (first + i) % step === 0));
      clients.push(...(await Promise.all(batch)));
      if (clients.length % 1000 === 0) console.error(`board clients: ${clients.length} of ${count} joined after ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    return { joinSeconds: (performance.now() - started) / 1000 };
  },

  measureStart() {
    for (const client of clients) {
      client.received = 0;
      client.missed = 0;
      client.wholes = 0;
      client.trace = { received: [], builtAt: [], lastEventAt: [], seq: [] };
    }
    disconnects = 0;
    cpuAtStart = process.cpuUsage();
    windowStart = Date.now();
    recording = true;
  },

  measureStop(): BoardClientsReport {
    recording = false;
    const seconds = (Date.now() - windowStart) / 1000;
    const cpu = process.cpuUsage(cpuAtStart);
    const delays: number[] = [];
    const freshness: number[] = [];
    const traces: DeliveryTrace[] = [];
    for (const { trace } of clients.filter((client) => client.traced)) {
      trace.received.forEach((received, i) => {
        if (!Number.isNaN(trace.builtAt[i]!)) delays.push(received - trace.builtAt[i]!);
        if (!Number.isNaN(trace.lastEventAt[i]!)) freshness.push(received - trace.lastEventAt[i]!);
      });
      traces.push(trace.received.map((received, j) => [received, trace.lastEventAt[j]!, trace.seq[j]!] as [number, number, number]));
    }
    const rates = clients.map((client) => client.received / seconds);
    const perClient = spreadOf(rates);
    return {
      clients: clients.filter((client) => client.ws.readyState === WebSocket.OPEN).length,
      seconds,
      deliveries: clients.reduce((sum, client) => sum + client.received, 0),
      wholes: clients.reduce((sum, client) => sum + client.wholes, 0),
      missedUpdates: clients.reduce((sum, client) => sum + client.missed, 0),
      clientsMissing: clients.filter((client) => client.missed > 0).length,
      newestVersion: clients.reduce((max, client) => Math.max(max, client.version), 0),
      perClientPerSec: { min: rates.length > 0 ? Math.min(...rates) : null, p50: perClient.p50, max: perClient.max },
      delayMs: spreadOf(delays),
      freshnessMs: spreadOf(freshness),
      disconnects,
      packetBytes: newestPacketBytes,
      cpuMs: (cpu.user + cpu.system) / 1000,
      traces,
    };
  },

  stop() {
    for (const client of clients) client.ws.close();
  },
});
