import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importCallsCsv } from '../../server/import/calls-csv-import';
import { parseMapping } from '../../server/import/calls-csv-mapping';
import { callRows, dumpTables, historyDb, intervalCounters, type HistoryDb } from '../unit/import/history-db';
import { serverRules } from '../unit/import/import-test-kit';
import { HistoryImportError } from '../../server/history/bulk-history-writer';

const SITE = 'legacy';
let target: HistoryDb | null = null;
let dir: string | null = null;
afterEach(async () => {
  await target?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  target = null;
  dir = null;
});

describe('calls CSV import into Postgres', () => {
  it('writes call rows the day view counts, and a second import of the file changes nothing', async () => {
    target = await historyDb('import_csv', SITE);
    dir = mkdtempSync(path.join(tmpdir(), 'calls-csv-'));
    const file = path.join(dir, 'export.csv');
    writeFileSync(
      file,
      [
        'start;answer;end;line;result;operator',
        '2025-12-01 09:00:10;2025-12-01 09:00:25;2025-12-01 09:04:25;support;ANSWERED;Anna',
        '2025-12-01 09:03:00;;2025-12-01 09:03:40;support;ABANDONED;',
        '2025-12-01 09:05:00;;2025-12-01 09:15:00;support;TIMEOUT;',
        '2025-12-01 09:20:00;2025-12-01 09:21:00;2025-12-01 09:22:00;support;ANSWERED;Boris',
        'garbage;;;support;;',
      ].join('\n'),
    );
    const mapping = parseMapping('entered=start,answered=answer,ended=end,queue=line,outcome=result,agent=operator');
    const first = await importCallsCsv({ file, mapping, rules: serverRules(), sink: target.sink, delimiter: ';' });
    expect(first.tally.calls).toEqual({ answered: 2, abandoned: 1, timedOut: 1 });
    expect(first.skipped).toEqual({ bad_time: 1 });
    expect(first.problems).toEqual(['line 6: entered "garbage" is not an ISO 8601 or epoch time']);

    expect((await callRows(target.db, SITE)).map((r) => [r.outcome, r.wait_sec, r.talk_sec, r.wrap_sec, r.agent_id, r.answered_within_sl])).toEqual([
      ['answered', 15, 240, 30, 'Anna', true],
      ['abandoned', 40, 0, 0, null, false],
      ['timedOut', 600, 0, 0, null, false],
      ['answered', 60, 60, 30, 'Boris', false],
    ]);
    // 09:00-09:15 Moscow = 06:00 UTC; 09:15-09:30 = 06:15 UTC.
    expect(await intervalCounters(target.db, SITE)).toEqual([
      expect.objectContaining({ queue_id: '', interval_start: Date.parse('2025-12-01T06:00:00Z'), offered: 3 }),
      expect.objectContaining({ queue_id: '', interval_start: Date.parse('2025-12-01T06:15:00Z'), offered: 1 }),
      expect.objectContaining({ queue_id: 'support', interval_start: Date.parse('2025-12-01T06:00:00Z'), offered: 3, answered: 1, abandoned: 1, timed_out: 1, hold_sec: 15 }),
      expect.objectContaining({ queue_id: 'support', interval_start: Date.parse('2025-12-01T06:15:00Z'), offered: 1, answered: 1, answered_within_sl: 0 }),
    ]);

    const before = await dumpTables(target.db);
    await importCallsCsv({ file, mapping, rules: serverRules(), sink: target.sink, delimiter: ';' });
    expect(await dumpTables(target.db)).toEqual(before);
  });

  /** Answered calls every 2 minutes from 08:00 for `days` days from `first`, then the same months later: rotated exports concatenated. */
  function twoMonths(first: string, later: string, days: number): string {
    const rows = ['entered;answered;ended;queue;agent'];
    for (const start of [first, later]) {
      for (let day = 0; day < days; day++) {
        for (let i = 0; i < 300; i++) {
          const entered = Date.parse(`${start}T05:00:00Z`) + day * 86_400_000 + i * 120_000;
          rows.push(`${entered / 1000};${entered / 1000 + 15};${entered / 1000 + 200};${i % 3 === 0 ? 'sales' : 'support'};agent${i % 7}`);
        }
      }
    }
    return rows.join('\n');
  }

  it('finishes a file of two months with months between them; every interval holds its calls; a second import changes nothing', async () => {
    target = await historyDb('import_csv_gap', SITE, { chunkFacts: 500 });
    dir = mkdtempSync(path.join(tmpdir(), 'calls-csv-'));
    const file = path.join(dir, 'export.csv');
    writeFileSync(file, twoMonths('2025-12-01', '2026-04-06', 3));
    const mapping = parseMapping('entered=entered,answered=answered,ended=ended,queue=queue,agent=agent');
    const options = { file, mapping, rules: serverRules(), sink: target.sink, delimiter: ';', timeFormat: 'epoch' as const };
    const first = await importCallsCsv(options);
    expect(first.tally.calls).toEqual({ answered: 1_800, abandoned: 0, timedOut: 0 });
    expect(await callRows(target.db, SITE)).toHaveLength(1_800);
    // A call every 2 minutes for 10 hours a day: 7 or 8 per interval, each interval of both months rolled up.
    const { rows } = await target.db.query(
      `SELECT to_char(interval_start AT TIME ZONE 'UTC', 'YYYY-MM') AS month, count(*)::int AS intervals, sum(offered)::int AS offered
       FROM interval_stats WHERE queue_id = '' GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { month: '2025-12', intervals: 3 * 40, offered: 900 },
      { month: '2026-04', intervals: 3 * 40, offered: 900 },
    ]);
    const before = await dumpTables(target.db);
    await importCallsCsv(options);
    expect(await dumpTables(target.db)).toEqual(before);
  });

  it('stops with an error that says so when Postgres cancels a statement at its timeout', async () => {
    target = await historyDb('import_csv_timeout', SITE, { chunkFacts: 500, statementTimeoutMs: 1 });
    dir = mkdtempSync(path.join(tmpdir(), 'calls-csv-'));
    const file = path.join(dir, 'export.csv');
    writeFileSync(file, twoMonths('2025-12-01', '2026-04-06', 2));
    const mapping = parseMapping('entered=entered,answered=answered,ended=ended,queue=queue');
    const failure = await importCallsCsv({ file, mapping, rules: serverRules(), sink: target.sink, delimiter: ';', timeFormat: 'epoch' }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(HistoryImportError);
    expect((failure as Error).message).toMatch(/ran past Postgres' statement timeout and was cancelled/);
  });
});
