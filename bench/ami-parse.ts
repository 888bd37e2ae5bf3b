/**
 * AMI parsing throughput: our frame parser against the parsers inside the npm AMI clients,
 * all fed the same recorded-format Asterisk 22 bytes in the same odd-sized chunks.
 *
 * Each library is driven at the point where its socket data enters, so its own decoding and
 * framing are measured, not our guess of them:
 * - asterisk-manager: its reader is bound to the socket it creates with net.createConnection;
 *   we hand it a fake socket and emit the strings a `setEncoding('utf-8')` socket would.
 * - asterisk-ami-client: parsing lives in asterisk-ami-events-stream (a Transform that its
 *   connector pipes the socket into); we write the chunks into that stream.
 * - ami-io: Client#splitMessages receives the socket's decoded strings; we call it directly.
 * Their event dispatch after parsing (emits per event name, action callbacks) is left out
 * where it can be, as ours has none.
 *
 * Times are CPU time of this process (user + system), best of several runs, so other work on
 * a shared machine disturbs the figures less than wall-clock time would.
 */
import { createRequire } from 'node:module';
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AmiFrame } from '../server/ingest/ami/ami-frame';
import { AmiFrameParser } from '../server/ingest/ami/frame-parser';
import { generateAsterisk22Stream, REPEATED_SAMPLE, repeatedHeadersSample, type Asterisk22Stream } from './fixtures/asterisk22-stream';

export interface Row {
  parser: string;
  /** frames the parser delivered from the stream */
  framesOut: number | null;
  /** frames it should deliver (all of the stream's, but for a filtering run) */
  expectedFrames: number;
  /** frames of the stream consumed per CPU second (delivered or skipped) */
  eventsPerSec: number | null;
  mbPerSec: number | null;
  /** our events/s divided by this parser's (1 for ours) */
  oursOverThis: number | null;
  keepsRepeatedChanVariable: boolean | null;
  keepsMultiLineOutput: boolean | null;
  note: string;
}

/** What a driver needs from one parser: feed bytes, finish, count frames. */
interface ParserRun {
  push(chunk: Buffer): void;
  /** resolves once every pushed byte has been parsed */
  finish(): Promise<void>;
}

interface Driver {
  name: string;
  note: string;
  /** onFrame receives whatever object the library produces per frame */
  start(onFrame: (frame: unknown) => void): ParserRun;
  /** every value the produced frame holds for a header, as its parsed fields expose them */
  valuesOf(frame: unknown, header: string): readonly string[];
  /** frames it should deliver from the stream, when not all of them */
  expectedFrames?(stream: Asterisk22Stream): number;
}

/**
 * How the npm libraries expose a header: a property named like it (case varies by library)
 * holding a string, an array of strings (asterisk-manager for repeats), or for channel
 * variables an object of name -> value (asterisk-manager, ami-io).
 */
function libraryValuesOf(frame: unknown, header: string): string[] {
  if (typeof frame !== 'object' || frame === null) return [];
  const entry = Object.entries(frame).find(([key]) => key.toLowerCase() === header);
  const value: unknown = entry?.[1];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'object' && value !== null) return Object.entries(value).map(([name, item]) => `${name}=${String(item)}`);
  return [];
}

const CHUNK_SIZES = [1, 7, 113, 1400, 4093];
const require = createRequire(import.meta.url);

function chunked(bytes: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = CHUNK_SIZES[i % CHUNK_SIZES.length] as number;
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

const ours: Driver = {
  name: 'ours (server/ingest/ami/frame-parser)',
  note: 'Buffer.indexOf framing, one latin1 decode per frame, cached header shapes',
  start(onFrame) {
    const parser = new AmiFrameParser({ onFrame });
    return { push: (chunk) => parser.push(chunk), finish: async () => undefined };
  },
  valuesOf(frame, header) {
    const { fields, repeated } = frame as AmiFrame;
    return repeated?.[header] ?? (fields[header] === undefined ? [] : [fields[header]]);
  },
};

const SKIPPED_BY_FILTER = new Set(['VarSet', 'Newexten']);

const oursFiltered: Driver = {
  ...ours,
  name: 'ours, wantEvent skipping VarSet and Newexten',
  note: 'the ingest setting: skipped events are never decoded',
  start(onFrame) {
    const parser = new AmiFrameParser({ onFrame, wantEvent: (name) => !SKIPPED_BY_FILTER.has(name) });
    return { push: (chunk) => parser.push(chunk), finish: async () => undefined };
  },
  expectedFrames: (stream) => stream.frames - [...SKIPPED_BY_FILTER].reduce((sum, name) => sum + (stream.byName[name] ?? 0), 0),
};

interface AsteriskManagerInstance extends EventEmitter {
  connect(port: number, host: string): void;
}

const asteriskManager: Driver = {
  name: 'asterisk-manager 0.2.0',
  note: 'split(/\\r?\\n/) per chunk, Array#shift per line',
  start(onFrame) {
    const Manager = require('asterisk-manager') as (port?: number) => AsteriskManagerInstance;
    const manager = Manager();
    const socket = Object.assign(new EventEmitter(), { readyState: 'open', setKeepAlive() {}, setNoDelay() {}, setEncoding() {} });
    const realCreateConnection = net.createConnection;
    (net as { createConnection: unknown }).createConnection = () => socket;
    try {
      manager.connect(5038, '127.0.0.1');
    } finally {
      (net as { createConnection: unknown }).createConnection = realCreateConnection;
    }
    // 'rawevent' is emitted synchronously by the reader; its own dispatcher (per-name emits on
    // process.nextTick) is removed so only parsing is measured
    manager.removeAllListeners('rawevent');
    manager.on('rawevent', onFrame);
    const decoder = new StringDecoder('utf8');
    return { push: (chunk) => socket.emit('data', decoder.write(chunk)), finish: async () => undefined };
  },
  valuesOf: libraryValuesOf,
};

interface AmiEventsStream extends NodeJS.ReadWriteStream {
  on(event: 'amiEvent' | 'amiResponse', listener: (frame: unknown) => void): this;
}

const asteriskAmiClient: Driver = {
  name: 'asterisk-ami-client 1.1.5',
  note: 'asterisk-ami-events-stream: byte loop + whole-chunk toString and regex per frame',
  start(onFrame) {
    const connectorRequire = createRequire(require.resolve('asterisk-ami-connector'));
    const Stream = connectorRequire('asterisk-ami-events-stream') as new () => AmiEventsStream;
    const stream = new Stream();
    stream.on('amiEvent', onFrame);
    stream.on('amiResponse', onFrame);
    stream.resume();
    return {
      push: (chunk) => void stream.write(chunk),
      finish: () => new Promise<void>((resolve) => stream.end(resolve)),
    };
  },
  valuesOf: libraryValuesOf,
};

interface AmiIoClient extends EventEmitter {
  splitMessages(data: string): void;
}

const amiIo: Driver = {
  name: 'ami-io 1.2.1',
  note: 'string concat + regex split per chunk, split(":") and regex trim per line',
  start(onFrame) {
    const amiIoModule = require('ami-io') as { createClient(config: object): AmiIoClient; SilentLogger: new () => object };
    // utf8 rather than its default 'ascii', which would corrupt non-ASCII caller names
    const client = amiIoModule.createClient({ logger: new amiIoModule.SilentLogger(), encoding: 'utf8' });
    client.on('rawEvent', onFrame);
    client.on('needParseResponse', onFrame);
    const decoder = new StringDecoder('utf8');
    return { push: (chunk) => client.splitMessages(decoder.write(chunk)), finish: async () => undefined };
  },
  valuesOf: libraryValuesOf,
};

const DRIVERS: readonly Driver[] = [ours, oursFiltered, asteriskManager, asteriskAmiClient, amiIo];

function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

// A full collection before each run, so one parser's garbage is not billed to the next.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

async function measure(driver: Driver, chunks: readonly Buffer[]): Promise<{ frames: number; seconds: number }> {
  collectGarbage();
  let frames = 0;
  const run = driver.start(() => {
    frames++;
  });
  const started = cpuMicros();
  for (const chunk of chunks) run.push(chunk);
  await run.finish();
  return { frames, seconds: (cpuMicros() - started) / 1e6 };
}

/**
 * Whether the parsed fields of the frame that has `header` hold exactly `expected` (compared
 * without case: ami-io lower-cases channel variable names, which still keeps them apart).
 */
async function keepsRepeated(driver: Driver, header: string, expected: readonly string[]): Promise<boolean> {
  const produced: unknown[] = [];
  const run = driver.start((frame) => produced.push(frame));
  run.push(Buffer.from(repeatedHeadersSample(), 'utf8'));
  await run.finish();
  const normalise = (values: readonly string[]): string => JSON.stringify(values.map((value) => value.toLowerCase()));
  return produced.some((frame) => normalise(driver.valuesOf(frame, header)) === normalise(expected));
}

export async function runAmiParseBench(options: { frames?: number; runs?: number } = {}): Promise<Row[]> {
  const stream = generateAsterisk22Stream({ frames: options.frames ?? 100_000 });
  const chunks = chunked(stream.bytes);
  const runs = options.runs ?? 3;
  const best = new Map<Driver, { frames: number; seconds: number } | Error>();

  // interleaved runs, so a burst of load on the machine hits every parser alike
  for (let round = 0; round < runs; round++) {
    for (const driver of DRIVERS) {
      const previous = best.get(driver);
      if (previous instanceof Error) continue;
      try {
        const result = await measure(driver, chunks);
        if (previous === undefined || result.seconds < previous.seconds) best.set(driver, result);
      } catch (error) {
        best.set(driver, error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  const oursResult = best.get(ours);
  const oursRate = oursResult instanceof Error || oursResult === undefined ? null : stream.frames / oursResult.seconds;
  const rows: Row[] = [];
  for (const driver of DRIVERS) {
    const result = best.get(driver);
    const expectedFrames = driver.expectedFrames?.(stream) ?? stream.frames;
    const keepsChanVariable = await keepsRepeated(driver, 'chanvariable', REPEATED_SAMPLE.chanVariables).catch(() => null);
    const keepsOutput = await keepsRepeated(driver, 'output', REPEATED_SAMPLE.outputLines).catch(() => null);
    if (result === undefined || result instanceof Error) {
      rows.push({
        parser: driver.name,
        framesOut: null,
        expectedFrames,
        eventsPerSec: null,
        mbPerSec: null,
        oursOverThis: null,
        keepsRepeatedChanVariable: keepsChanVariable,
        keepsMultiLineOutput: keepsOutput,
        note: `could not be driven: ${result?.message ?? 'not run'}`,
      });
      continue;
    }
    const rate = stream.frames / result.seconds;
    rows.push({
      parser: driver.name,
      framesOut: result.frames,
      expectedFrames,
      eventsPerSec: Math.round(rate),
      mbPerSec: Math.round((stream.bytes.length / 1e6 / result.seconds) * 10) / 10,
      oursOverThis: oursRate === null ? null : Math.round((oursRate / rate) * 100) / 100,
      keepsRepeatedChanVariable: keepsChanVariable,
      keepsMultiLineOutput: keepsOutput,
      note: result.frames === expectedFrames ? driver.note : `${driver.note}; WRONG frame count`,
    });
  }
  return rows;
}

function formatTable(rows: readonly Row[]): string {
  const header = ['parser', 'frames out', 'events/s', 'MB/s', 'ours ÷ this', 'keeps ChanVariable', 'keeps Output lines', 'note'];
  const cell = (value: unknown): string => (value === null ? 'n/a' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value));
  const lines = rows.map((row) => [
    row.parser,
    `${cell(row.framesOut)} / ${row.expectedFrames}`,
    cell(row.eventsPerSec),
    cell(row.mbPerSec),
    cell(row.oursOverThis),
    cell(row.keepsRepeatedChanVariable),
    cell(row.keepsMultiLineOutput),
    row.note,
  ]);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await runAmiParseBench();
  console.log(`AMI parse: ${rows[0]?.expectedFrames} Asterisk 22 frames, chunks cycling ${CHUNK_SIZES.join('/')} bytes, CPU time, best of 3; events/s counts every frame consumed`);
  console.log(formatTable(rows));
}
