import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AmiHistoryPipeline } from '../../server/import/ami-history-pipeline';
import { MemberDirectory } from '../../server/import/member-directory';
import { importQueueLog, learnMembers } from '../../server/import/queue-log-import';
import { HistoryImportError } from '../../server/history/bulk-history-writer';
import { factsFromOps } from '../../server/history/history-facts';
import { writeBatch } from '../../server/history/write-batch';
import { HistoryService } from '../../server/history/history-service';
import { historySink } from '../../server/import/history-sink';
import { createLogger } from '../../server/observability/logger';
import { Registry } from 'prom-client';
import { callRows, dumpTables, historyDb, intervalCounters, type HistoryDb } from '../unit/import/history-db';
import { memorySink, rulesOf, serverRules } from '../unit/import/import-test-kit';
import { DEMO_CONFIG } from '../../server/simulator/simulator-config';
import { simulateOutputs, type SimulatedOutputs } from '../unit/import/simulated-day';

const SAMPLE = 'test/fixtures/queue-log/asterisk-sample.queue_log';
const SITE = 'msk';

const open: HistoryDb[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function database(label: string, sinkOptions: Parameters<typeof historyDb>[2] = {}): Promise<HistoryDb> {
  const db = await historyDb(label, SITE, sinkOptions);
  open.push(db);
  return db;
}

async function importSample(target: HistoryDb) {
  const members = new MemberDirectory();
  await learnMembers(SAMPLE, members);
  return importQueueLog({ file: SAMPLE, rules: serverRules(), members, sink: target.sink });
}

const at = (epochSec: number): number => epochSec * 1000;

describe('queue_log import into Postgres', () => {
  it('writes the calls of the sample queue_log as the board would count them', async () => {
    const target = await database('import_sample');
    const result = await importSample(target);
    expect(result.lines).toBe(61);
    expect(result.rejected).toEqual({});
    expect(result.skipped).toEqual({ no_live_equivalent: 6, agent_in_no_known_queue: 4 });

    const rows = await callRows(target.db, SITE);
    const brief = rows.map((r) => [r.queue_id, r.call_id, r.outcome, r.wait_sec, r.talk_sec, r.wrap_sec, r.agent_id, r.answered_within_sl, r.short_abandon]);
    expect(brief).toEqual([
      // 1.4 / 1.6 era lines at the end of the file: SIP/2001 is an interface already; EXITWITHTIMEOUT without its wait.
      ['support', '1262304000.7', 'answered', 7, 65, 30, 'SIP/2001', true, false],
      ['support', '1262304100.9', 'timedOut', 300, 0, 0, null, false, false],
      // Waited 22 s: over the default 20 s threshold.
      ['support', '1700000000.101', 'answered', 22, 180, 30, 'anna', false, false],
      ['support', '1700000100.103', 'abandoned', 30, 0, 0, null, false, false],
      ['support', '1700000200.104', 'timedOut', 300, 0, 0, null, false, false],
      // EXITWITHKEY counts as exited, as a timeout.
      ['support', '1700000300.105', 'timedOut', 12, 0, 0, null, false, false],
      // boris is filed under PJSIP/1002, learnt from the PAUSEALL / PAUSE pair further down; BLINDTRANSFER completes the call.
      ['support', '1700000400.106', 'answered', 4, 60, 30, 'PJSIP/1002', true, false],
      ['sales', '1700000600.108', 'answered', 5, 95, 10, 'anna', true, false],
      ['sales', '1700000710.110', 'answered', 3, 40, 10, 'anna', true, false],
      ['sales', '1700000760.112', 'answered', 4, 26, 10, 'anna', true, false],
      // Gone after 3 s: a short abandon.
      ['support', '1700000800.114', 'abandoned', 3, 0, 0, null, false, true],
      ['support', '1700000810.115', 'timedOut', 30, 0, 0, null, false, false],
      // AGENTDUMP, then the caller's ABANDON.
      ['sales', '1700000900.116', 'abandoned', 4, 0, 0, null, false, true],
      ['sales', '1700000950.117', 'answered', 5, 100, 10, 'anna', true, false],
      ['sales', '1700005100.122', 'answered', 4, 60, 10, 'anna', true, false],
    ]);
    const first = rows.find((r) => r.call_id === '1700000000.101');
    expect([first.entered, first.answered, first.ended, first.day, first.interval_start]).toEqual([
      at(1700000000),
      at(1700000022),
      at(1700000202),
      // 01:13 on 15 November in Moscow; its interval starts at 01:00 (22:00 UTC).
      '2023-11-15',
      Date.parse('2023-11-14T22:00:00Z'),
    ]);
    expect(rows.find((r) => r.call_id === '1700005100.122').entered).toBe(1700005100123);

    const counters = await intervalCounters(target.db, SITE);
    expect(counters.find((r) => r.queue_id === 'support' && r.interval_start === Date.parse('2023-11-14T22:15:00Z'))).toMatchObject({
      offered: 6,
      answered: 1,
      answered_within_sl: 1,
      abandoned: 2,
      short_abandoned: 1,
      timed_out: 3,
      handled: 1,
      hold_sec: 4,
    });
  });

  it('changes nothing when the same file is imported again', async () => {
    const target = await database('import_twice');
    const first = await importSample(target);
    const before = await dumpTables(target.db);
    expect(before.call_history).toHaveLength(15);
    expect(before.agent_state_spans?.length).toBeGreaterThan(0);
    expect(before.ring_no_answer?.length).toBeGreaterThan(0);
    const second = await importSample(target);
    expect(second.tally).toEqual(first.tally);
    expect(await dumpTables(target.db)).toEqual(before);
  });

  it("writes the same call rows and interval counters from the simulator's queue_log as from its AMI stream", async () => {
    // Monday 2026-03-02 in Moscow, a whole day; a seed whose day has every outcome (a timeout is rare on the demo site).
    const run = simulateOutputs(Date.parse('2026-03-01T21:00:00Z'), 24, { ...DEMO_CONFIG, seed: 22 });
    const rules = rulesOf(run.config);

    const viaAmi = await database('import_ami_side');
    const ami = new AmiHistoryPipeline(rules);
    ami.resync(run.queueStatus, run.startAt);
    ami.push(run.ami);
    ami.run.sweep(run.model.now() + rules.outcomeGraceMs);
    await viaAmi.sink.record(ami.run.takeHistory());
    await viaAmi.sink.flush();

    const viaLog = await database('import_log_side');
    const dir = mkdtempSync(path.join(tmpdir(), 'queue-log-'));
    dirs.push(dir);
    const file = path.join(dir, 'queue_log');
    writeFileSync(file, `${run.queueLog.join('\n')}\n`);
    const result = await importQueueLog({ file, rules, members: new MemberDirectory(run.members), sink: viaLog.sink });
    expect(result.rejected).toEqual({});

    const amiRows = await callRows(viaAmi.db, SITE, true);
    expect(amiRows.length).toBeGreaterThan(1000);
    expect(new Set(amiRows.map((r) => r.outcome))).toEqual(new Set(['answered', 'abandoned', 'timedOut']));
    expect(await callRows(viaLog.db, SITE, true)).toEqual(amiRows);
    const amiCounters = await intervalCounters(viaAmi.db, SITE);
    expect(amiCounters.length).toBeGreaterThan(3 * 60);
    expect(await intervalCounters(viaLog.db, SITE)).toEqual(amiCounters);

    // The agents' day's own facts: every ring not answered, and the paused time by reason (queue_log has whole seconds).
    const rings = (db: HistoryDb['db']) =>
      db.query(`SELECT agent_id, queue_id, call_id, date_trunc('second', at) AS at, ring_ms FROM ring_no_answer WHERE site = $1 ORDER BY agent_id, at, queue_id, call_id`, [SITE]).then((r) => r.rows);
    const amiRings = await rings(viaAmi.db);
    expect(amiRings.length).toBeGreaterThan(20);
    expect(await rings(viaLog.db)).toEqual(amiRings);
    const pausedByReason = (db: HistoryDb['db']) =>
      db
        .query(
          `SELECT agent_id, coalesce(pause_reason, '') AS reason,
             sum(extract(epoch FROM date_trunc('second', to_at) - date_trunc('second', from_at)))::float8 AS sec
           FROM agent_state_spans WHERE site = $1 AND state = 'paused' GROUP BY 1, 2 ORDER BY 1, 2`,
          [SITE],
        )
        .then((r) => r.rows);
    // A member paused before the log begins is added PAUSED without a reason (ADDMEMBER has none): only AMI's
    // QueueStatus knows it, so those agents' paused time differs by design.
    const pausedAtStart = new Set(run.config.agents.filter((agent) => agent.pausedReason !== null).map((agent) => agent.interface));
    expect(pausedAtStart.size).toBe(1);
    const comparable = (rows: { agent_id: string }[]) => rows.filter((row) => !pausedAtStart.has(row.agent_id));
    const amiPaused = await pausedByReason(viaAmi.db);
    expect(new Set(amiPaused.map((row) => row.reason))).toEqual(new Set(['Break', 'Lunch', 'Meeting', 'Training']));
    expect(comparable(await pausedByReason(viaLog.db))).toEqual(comparable(amiPaused));
  });

  it('runs as `npm run import -- queue_log FILE` and prints the summary', async () => {
    const target = await database('import_cli');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/import/import-cli.ts', 'queue_log', SAMPLE, '--site', SITE], {
      env: { ...process.env, DATABASE_URL: target.url, LOG_LEVEL: 'silent' },
    });
    expect(stdout).toContain(`queue_log import of ${SAMPLE} into site "${SITE}"`);
    expect(stdout).toMatch(/calls written\s+15 \(answered 8, abandoned 3, timed out 4\)/);
    expect(stdout).toMatch(/skipped \(mapper\)\s+no_live_equivalent 6, agent_in_no_known_queue 4/);
    expect(await callRows(target.db, SITE)).toHaveLength(15);
  });

  describe('big and awkward files', () => {
    // 06:00-14:00 in Moscow on a Monday in March, and on a Monday in July: months apart, as rotated logs concatenated.
    const march = (): SimulatedOutputs => simulateOutputs(Date.parse('2026-03-02T03:00:00Z'), 8);
    const july = (): SimulatedOutputs => simulateOutputs(Date.parse('2026-07-06T03:00:00Z'), 8);
    /** Small chunks: many COPY batches, rollups during the import and intervals touched again after theirs. */
    const CHUNKS = { chunkFacts: 1_000 };

    function logFile(...runs: SimulatedOutputs[]): string {
      const dir = mkdtempSync(path.join(tmpdir(), 'queue-log-'));
      dirs.push(dir);
      const file = path.join(dir, 'queue_log');
      writeFileSync(file, runs.map((run) => `${run.queueLog.join('\n')}\n`).join(''));
      return file;
    }

    const importFile = (file: string, run: SimulatedOutputs, sink: HistoryDb['sink'], signal?: AbortSignal) =>
      importQueueLog({ file, rules: rulesOf(run.config), members: new MemberDirectory(run.members), sink, ...(signal ? { signal } : {}) });

    /** The interval rows' call counters summed from the call rows themselves: what the rollup must hold for every interval. */
    async function countersFromCalls(db: HistoryDb['db']) {
      const { rows } = await db.query(
        `SELECT coalesce(queue_id, '') AS queue_id, (extract(epoch FROM interval_start) * 1000)::float8 AS interval_start,
           sum(adds_offered)::int AS offered, sum(adds_answered)::int AS answered, sum(adds_abandoned)::int AS abandoned,
           sum(adds_timed_out)::int AS timed_out, sum(adds_talk_sec)::float8 AS talk_sec
         FROM call_history GROUP BY GROUPING SETS ((queue_id, interval_start), (interval_start)) ORDER BY 1, 2`,
      );
      return rows;
    }

    it('finishes a file of two months with months between them, in either order: the calls and their counters as the months imported apart', async () => {
      const [a, b] = [march(), july()];
      const apart = await database('import_apart', CHUNKS);
      await importFile(logFile(a), a, apart.sink);
      await importFile(logFile(b), b, apart.sink);
      const calls = await callRows(apart.db, SITE);
      const counters = await intervalCounters(apart.db, SITE);

      const together = await database('import_gap', CHUNKS);
      const result = await importFile(logFile(a, b), a, together.sink);
      expect(result.rejected).toEqual({});
      expect(result.tally.totalCalls).toBe(calls.length);
      expect(await callRows(together.db, SITE)).toEqual(calls);
      expect(await intervalCounters(together.db, SITE)).toEqual(counters);
      // Every interval's counters are those of its calls, in both months.
      const rollup = await together.db.query(
        `SELECT queue_id, (extract(epoch FROM interval_start) * 1000)::float8 AS interval_start, offered, answered, abandoned, timed_out, talk_sec
         FROM interval_stats WHERE offered > 0 ORDER BY 1, 2`,
      );
      expect(rollup.rows).toEqual(await countersFromCalls(together.db));
      const months = await together.db.query(
        `SELECT DISTINCT to_char(interval_start AT TIME ZONE 'UTC', 'YYYY-MM') AS month FROM interval_stats WHERE offered > 0 ORDER BY 1`,
      );
      expect(months.rows.map((r) => r.month)).toEqual(['2026-03', '2026-07']);
      // The log says nothing between the months, so agents logged in at the end of March stay so until July
      // (one span across the gap): its every interval is rolled up too, and the import still finishes.
      const staffedDays = await together.db.query(
        `SELECT count(DISTINCT date_trunc('day', interval_start))::int AS days FROM interval_stats WHERE queue_id = '' AND staffed_sec > 0`,
      );
      expect(staffedDays.rows[0].days).toBeGreaterThan(100);

      const reversed = await database('import_gap_reversed', CHUNKS);
      await importFile(logFile(b, a), a, reversed.sink);
      expect(await callRows(reversed.db, SITE)).toEqual(calls);
      expect(await intervalCounters(reversed.db, SITE)).toEqual(counters);

      // Importing the file again changes nothing.
      const imported = await dumpTables(together.db);
      await importFile(logFile(a, b), a, together.sink);
      expect(await dumpTables(together.db)).toEqual(imported);
    });

    it("stores the same rows by the bulk writer's binary COPY as the live writer does from the same facts", async () => {
      const run = march();
      const memory = memorySink();
      await importFile(logFile(run), run, memory);
      const facts = factsFromOps(memory.ops);
      expect(facts.some((f) => f.kind === 'agentState' && f.span.pauseReason !== null)).toBe(true);
      expect(facts.some((f) => f.kind === 'call' && f.call.answeredAt === null)).toBe(true);
      const live = await database('import_live_writer');
      const client = await live.db.connect();
      try {
        await writeBatch(client, SITE, facts);
      } finally {
        client.release();
      }
      const bulk = await database('import_bulk_writer', CHUNKS);
      await bulk.sink.record(memory.ops);
      await bulk.sink.flush();
      expect(await dumpTables(bulk.db)).toEqual(await dumpTables(live.db));
    });

    /** One chunk for the whole morning: its straight COPY is all or nothing. */
    const ONE_CHUNK = { chunkFacts: 100_000 };

    /** The March morning's facts, and the tables they give when written once into a database of their own. */
    async function factsWrittenOnce(label: string) {
      const run = march();
      const memory = memorySink();
      await importFile(logFile(run), run, memory);
      const clean = await database(label, ONE_CHUNK);
      await clean.sink.record(memory.ops);
      await clean.sink.flush();
      return { memory, tables: await dumpTables(clean.db) };
    }

    it('writes a chunk holding a call stored already, found by neither the first nor the last call, as the upsert would: the newer fact wins, nothing doubles', async () => {
      const { memory, tables: expected } = await factsWrittenOnce('import_straight');

      // One call in the middle stored beforehand with another wrap-up: the chunk's COPY meets its key and is undone.
      const calls = memory.calls();
      const middle = calls[Math.floor(calls.length / 2)]!;
      const target = await database('import_straight_met', ONE_CHUNK);
      await target.sink.record([{ op: 'history.call', call: { ...middle, wrapSec: middle.wrapSec + 100 } }]);
      await target.sink.flush();
      await target.sink.record(memory.ops);
      await target.sink.flush();
      expect(await dumpTables(target.db)).toEqual(expected);
    });

    it('writes a chunk whose facts repeat a key as the upsert would: the latest fact of each call, span and ring, nothing doubled', async () => {
      const { memory, tables: once } = await factsWrittenOnce('import_once');

      // The same facts again inside the same chunk: its straight COPY meets its own keys, and the chunk is upserted.
      const repeated = await database('import_repeated', ONE_CHUNK);
      await repeated.sink.record([...memory.ops, ...memory.ops]);
      await repeated.sink.flush();
      expect(await dumpTables(repeated.db)).toEqual(once);

      // A call and a span repeated later in the chunk with other values: the later fact is the row.
      const calls = memory.calls();
      const call = calls[Math.floor(calls.length / 2)]!;
      const span = memory.ops.find((op) => op.op === 'history.agentState' && op.span.state === 'busy');
      if (span?.op !== 'history.agentState') throw new Error('the simulated morning has busy spans');
      const changed = await database('import_repeated_changed', ONE_CHUNK);
      await changed.sink.record([
        ...memory.ops,
        { op: 'history.call', call: { ...call, wrapSec: call.wrapSec + 100 } },
        { op: 'history.agentState', span: { ...span.span, state: 'wrapup' } },
      ]);
      await changed.sink.flush();
      const rows = await dumpTables(changed.db);
      expect(rows.call_history!.length).toBe(once.call_history!.length);
      expect(rows.agent_state_spans!.length).toBe(once.agent_state_spans!.length);
      const { rows: stored } = await changed.db.query(
        `SELECT (SELECT wrap_sec FROM call_history WHERE queue_id = $1 AND call_id = $2)::float8 AS wrap_sec,
           (SELECT state FROM agent_state_spans WHERE agent_id = $3 AND from_at = $4) AS state`,
        [call.queueId, call.callId, span.span.agentId, new Date(span.span.from)],
      );
      expect(stored[0]).toEqual({ wrap_sec: call.wrapSec + 100, state: 'wrapup' });
    });

    it('takes statistics of the history tables after the first chunk into a new database; a range of calls is read by the key', async () => {
      const run = march();
      const target = await database('import_statistics', CHUNKS);
      const before = await target.db.query(`SELECT relname, reltuples FROM pg_class WHERE relname IN ('call_history', 'agent_state_spans') ORDER BY 1`);
      expect(before.rows.map((r) => Number(r.reltuples))).toEqual([-1, -1]);
      await importFile(logFile(run), run, target.sink);
      const { rows } = await target.db.query(
        `SELECT relname, reltuples FROM pg_class WHERE relname IN ('call_history', 'agent_state_spans', 'ring_no_answer') ORDER BY 1`,
      );
      // At least the first chunk's rows (1,000 facts of the three kinds), seen by ANALYZE rather than guessed.
      for (const row of rows) expect(Number(row.reltuples), row.relname).toBeGreaterThan(0);
      const plan = await target.db.query(
        `EXPLAIN (FORMAT JSON) SELECT count(*) FROM call_history WHERE site = $1 AND entered_at >= $2 AND entered_at < $3`,
        [SITE, new Date(run.startAt), new Date(run.startAt + 3_600_000)],
      );
      const planned = JSON.stringify(plan.rows[0]);
      expect(planned).toContain('call_history_pkey');
      expect(planned).toMatch(/Index Cond[^}]*entered_at >=/);
    });

    it('completes an interrupted import when it is run again, without doubling anything', async () => {
      const run = march();
      const file = logFile(run);
      const clean = await database('import_clean', CHUNKS);
      await importFile(file, run, clean.sink);
      const expected = await dumpTables(clean.db);

      const target = await database('import_interrupted', CHUNKS);
      // A first run that dies half-way: the chunks sent so far are committed; its last chunk and its rollups never come.
      const memory = memorySink();
      await importFile(file, run, memory);
      const dying = new HistoryService({ databaseUrl: target.url, site: SITE, logger: createLogger('silent'), registry: new Registry() });
      // Small chunks: the writer keeps two in flight, so a run that dies leaves its last two uncommitted.
      const dyingSink = historySink(dying, { chunkFacts: 200 });
      for (let i = 0; i < memory.ops.length * 0.6; i += 200) await dyingSink.record(memory.ops.slice(i, i + 200));
      await dying.close();
      const partial = await dumpTables(target.db);
      expect(partial.call_history!.length).toBeGreaterThan(0);
      expect(partial.call_history!.length).toBeLessThan(expected.call_history!.length);

      await importFile(file, run, target.sink);
      expect(await dumpTables(target.db)).toEqual(expected);
    });

    it('stops with an error that says so when Postgres cancels a statement at its timeout, instead of retrying it', async () => {
      const run = march();
      const target = await database('import_timeout', { ...CHUNKS, statementTimeoutMs: 1 });
      const started = performance.now();
      const failure = await importFile(logFile(run), run, target.sink).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(HistoryImportError);
      expect((failure as Error).message).toMatch(/statement timeout and was cancelled/);
      expect((failure as Error).message).toMatch(/running the import again completes it/);
      // Not retried: it stops at the first cancelled statement, not after rounds of backoff.
      expect(performance.now() - started).toBeLessThan(30_000);
    });

    it('following a file, commits and rolls up what it read each time it catches up', async () => {
      const run = march();
      const memory = memorySink();
      await importFile(logFile(run), run, memory);
      const totalCalls = memory.calls().length;
      const target = await database('import_follow', CHUNKS);
      const dir = mkdtempSync(path.join(tmpdir(), 'queue-log-'));
      dirs.push(dir);
      const file = path.join(dir, 'queue_log');
      const half = Math.floor(run.queueLog.length / 2);
      writeFileSync(file, `${run.queueLog.slice(0, half).join('\n')}\n`);
      const stop = new AbortController();
      const following = importQueueLog({
        file,
        rules: rulesOf(run.config),
        members: new MemberDirectory(run.members),
        sink: target.sink,
        follow: true,
        pollMs: 50,
        signal: stop.signal,
      });
      const rolledUp = async (): Promise<number> => {
        const calls = await callRows(target.db, SITE);
        const { rows } = await target.db.query(`SELECT coalesce(sum(offered), 0)::int AS offered FROM interval_stats WHERE queue_id = ''`);
        return rows[0].offered === calls.length ? calls.length : -1;
      };
      await vi.waitFor(async () => expect(await rolledUp()).toBeGreaterThan(0), { timeout: 20_000, interval: 100 });
      const firstPart = await rolledUp();
      expect(firstPart).toBeLessThan(totalCalls);
      appendFileSync(file, `${run.queueLog.slice(half).join('\n')}\n`);
      // Calls still waiting at the end of the log are decided only when following stops.
      await vi.waitFor(async () => expect(await rolledUp()).toBeGreaterThan(firstPart), { timeout: 20_000, interval: 100 });
      stop.abort();
      await following;
      expect(await rolledUp()).toBe(totalCalls);
    });

    it('refuses a file that is not a queue_log at once, writing nothing', async () => {
      const target = await database('import_not_a_log');
      const dir = mkdtempSync(path.join(tmpdir(), 'queue-log-'));
      dirs.push(dir);
      const file = path.join(dir, 'calls.csv');
      writeFileSync(file, ['start;answer;end;line', ...Array.from({ length: 5_000 }, (_, i) => `2025-12-01 09:00:${i % 60};;2025-12-01 09:05:00;support`)].join('\n'));
      await expect(importQueueLog({ file, rules: serverRules(), members: new MemberDirectory(), sink: target.sink })).rejects.toThrow(
        /does not look like an Asterisk queue_log: 0 of its first 50 lines .* first line reads "start;answer;end;line"/,
      );
      const started = performance.now();
      const cli = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/import/import-cli.ts', 'queue_log', file, '--site', SITE], {
        env: { ...process.env, DATABASE_URL: target.url, LOG_LEVEL: 'silent' },
      }).then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      );
      expect(cli?.code).toBe(1);
      expect(cli?.stderr).toMatch(/does not look like an Asterisk queue_log/);
      // tsx's start-up included; the refusal itself reads 64 kB.
      expect(performance.now() - started).toBeLessThan(15_000);
      const dump = await dumpTables(target.db);
      expect([dump.call_history, dump.agent_state_spans, dump.interval_stats]).toEqual([[], [], []]);
    });
  });
});
