import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addBusinessTime } from '../../../server/domain/sla/business-calendar';
import { loadSlaPolicies } from '../../../server/domain/sla/load-sla-policies';
import { mapPriority } from '../../../server/domain/sla/priority-mapping';
import { SlaPolicyError, calendarOf, parseSlaPolicies } from '../../../server/domain/sla/sla-policy';
import { HOUR, MINUTE, SECOND, wallTime } from './sla-test-kit';

const DEFAULT_FILE = 'config/sla-policies.json';
const defaultFile = (): Record<string, unknown> => JSON.parse(readFileSync(DEFAULT_FILE, 'utf8'));

function issuePaths(input: unknown): string[] {
  try {
    parseSlaPolicies(input);
  } catch (error) {
    if (error instanceof SlaPolicyError) return error.issues.map((issue) => issue.path.join('.'));
    throw error;
  }
  throw new Error('the policies were accepted');
}

describe('the default policy file', () => {
  const policies = loadSlaPolicies(DEFAULT_FILE);

  it('holds the desk defaults: email first reply within 1 h, chat picked up within 30 s', () => {
    expect(policies.channels.email.targets.medium.firstResponse.targetMs).toBe(HOUR);
    expect(policies.channels.chat.targets.medium.firstResponse.targetMs).toBe(30 * SECOND);
  });

  it('answers high priority faster than medium, and medium faster than low, on every channel', () => {
    for (const { targets } of Object.values(policies.channels)) {
      expect(targets.high.firstResponse.targetMs).toBeLessThanOrEqual(targets.medium.firstResponse.targetMs);
      expect(targets.medium.firstResponse.targetMs).toBeLessThanOrEqual(targets.low.firstResponse.targetMs);
      expect(targets.high.resolution.targetMs).toBeLessThan(targets.low.resolution.targetMs);
    }
  });

  it('pauses on pending only, has OLAs for L2 and L3, and the 15 min / 75% risk thresholds', () => {
    expect(policies.channels.email.pauseStatuses).toEqual(['pending']);
    expect(Object.keys(policies.olas).sort()).toEqual(['L2', 'L3']);
    expect(policies.olas.L2?.firstResponse.targetMs).toBe(4 * HOUR);
    expect(policies.atRisk).toEqual({ withinMs: 15 * MINUTE, fractionUsed: 0.75 });
  });

  it("has an office calendar in the site's zone that skips the New Year holidays (Russian production calendar)", () => {
    const office = calendarOf(policies, 'office');
    const lastWorkingEvening = wallTime('Europe/Moscow', '2025-12-30T17:30');
    // 31 Dec 2025 is a day off moved from 5 Jan; 1-11 Jan 2026 are holidays and a weekend
    expect(addBusinessTime(office, lastWorkingEvening, HOUR)).toBe(wallTime('Europe/Moscow', '2026-01-12T08:30'));
  });
});

describe('validation', () => {
  it('names the path of every problem', () => {
    const file = defaultFile();
    const calendars = file.calendars as Record<string, Record<string, unknown>>;
    calendars.office = { ...calendars.office, timeZone: 'Europe/Atlantis', holidays: ['2025-02-30'] };
    const channels = file.channels as Record<string, { calendar: string; targets: Record<string, Record<string, unknown>> }>;
    channels.email = { calendar: 'offic', targets: { ...channels.email?.targets, low: { firstResponse: '1d', resolution: '0s' } } };
    delete channels.phone;
    expect(issuePaths(file).sort()).toEqual([
      'calendars.office.holidays.0',
      'calendars.office.timeZone',
      'channels.email.targets.low.firstResponse',
      'channels.email.targets.low.resolution',
      'channels.phone',
    ]);
  });

  it('checks that the calendars referenced exist', () => {
    const file = defaultFile();
    (file.olas as Record<string, { calendar: string }>).L3 = { calendar: 'night-shift', firstResponse: '1h' } as never;
    expect(issuePaths(file)).toEqual(['olas.L3.calendar']);
  });

  it('refuses overlapping frames, frames across midnight and a week without working time', () => {
    const calendarIssues = (week: unknown) => {
      const file = defaultFile();
      (file.calendars as Record<string, unknown>).office = { kind: 'weekly', timeZone: 'Europe/Berlin', week };
      return issuePaths(file);
    };
    expect(calendarIssues({ mon: ['08:00-12:00', '11:00-18:00'] })).toEqual(['calendars.office.week.mon.1']);
    expect(calendarIssues({ fri: ['22:00-06:00'] })).toEqual(['calendars.office.week.fri.0']);
    expect(calendarIssues({ sat: [] })).toEqual(['calendars.office.week']);
  });

  it('puts the file name and the paths in the error message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sla-policies-'));
    const path = join(dir, 'policies.json');
    writeFileSync(path, JSON.stringify({ ...defaultFile(), atRisk: { within: '15m', fractionUsed: 2 } }));
    expect(() => loadSlaPolicies(path)).toThrow(/policies\.json[\s\S]*atRisk\.fractionUsed/);
    writeFileSync(path, '{ "calendars": ');
    expect(() => loadSlaPolicies(path)).toThrow(/not valid JSON/);
  });

  it('fills in the defaults: pause on pending, 15 min / 75%, no OLAs', () => {
    const { pauseStatuses: _pause, atRisk: _risk, olas: _olas, ...bare } = defaultFile();
    const policies = parseSlaPolicies(bare);
    expect(policies.channels.email.pauseStatuses).toEqual(['pending']);
    expect(policies.atRisk).toEqual({ withinMs: 15 * MINUTE, fractionUsed: 0.75 });
    expect(policies.olas).toEqual({});
  });
});

describe('mapPriority', () => {
  it.each([
    ['zendesk', 'low', 'low'],
    ['zendesk', 'normal', 'medium'],
    ['zendesk', 'high', 'high'],
    ['zendesk', 'URGENT', 'high'],
    ['jira', 'Lowest', 'low'],
    ['jira', 'Low', 'low'],
    ['jira', 'Medium', 'medium'],
    ['jira', 'High', 'high'],
    ['jira', 'highest', 'high'],
    ['generic', 'High', 'high'],
  ] as const)('maps %s "%s" to %s', (source, name, priority) => {
    expect(mapPriority(source, name)).toEqual({ priority, known: true });
  });

  it('falls back to medium for an unknown name and says so', () => {
    expect(mapPriority('jira', 'Blocker')).toEqual({ priority: 'medium', known: false });
    expect(mapPriority('zendesk', 'constructor')).toEqual({ priority: 'medium', known: false });
    expect(mapPriority('zendesk', 'normal ')).toEqual({ priority: 'medium', known: true });
  });
});
