import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { WEEKDAYS, addBusinessTime, businessTimeBetween, type BusinessCalendar } from '../../../server/domain/sla/business-calendar';
import { HOUR, MINUTE, calendarFrom } from './sla-test-kit';

/**
 * Zones picked for their clock changes: Berlin and New York (DST at night),
 * Santiago (DST at midnight), Lord Howe (a 30-minute DST), Moscow and Kolkata
 * (none, Kolkata at +05:30).
 */
const ZONES = ['Europe/Berlin', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Europe/Moscow', 'Asia/Kolkata'];
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2027, 0, 1);
const DAY = 24 * HOUR;

/** Weekly calendars with frames on whole hours, so a minute-by-minute reference can check them. */
const weeklyDefinition = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    week: fc.tuple(
      ...WEEKDAYS.map(() =>
        fc.uniqueArray(fc.integer({ min: 0, max: 24 }), { maxLength: 4 }).map((hours) => {
          const sorted = [...hours].sort((a, b) => a - b);
          const frames: string[] = [];
          for (let i = 0; i + 1 < sorted.length; i += 2) {
            const hh = (h: number | undefined) => `${String(h).padStart(2, '0')}:00`;
            frames.push(`${hh(sorted[i])}-${hh(sorted[i + 1])}`);
          }
          return frames;
        }),
      ),
    ),
    holidays: fc.uniqueArray(
      fc.integer({ min: FROM / DAY, max: TO / DAY - 1 }).map((day) => new Date(day * DAY).toISOString().slice(0, 10)),
      { maxLength: 40 },
    ),
  })
  .filter(({ week }) => week.some((frames) => frames.length > 0))
  .map(({ timeZone, week, holidays }) => ({
    kind: 'weekly' as const,
    timeZone,
    week: Object.fromEntries(WEEKDAYS.map((day, index) => [day, week[index]])),
    holidays,
  }));

const officeBerlin = {
  kind: 'weekly' as const,
  timeZone: 'Europe/Berlin',
  week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, ['08:00-18:00']])),
  holidays: ['2025-04-18', '2025-04-21', '2025-12-25', '2025-12-26'],
};

const calendars = fc.oneof(
  fc.constant(calendarFrom({ kind: 'always' })),
  fc.constant(calendarFrom(officeBerlin)),
  weeklyDefinition.map(calendarFrom),
);

/** instants anywhere in 2024-2026, often right around a clock change */
const DST_DAYS = [
  Date.UTC(2025, 2, 30), // Berlin
  Date.UTC(2025, 9, 26),
  Date.UTC(2025, 2, 9), // New York
  Date.UTC(2025, 10, 2),
  Date.UTC(2025, 3, 6), // Santiago and Lord Howe
  Date.UTC(2025, 8, 7), // Santiago
  Date.UTC(2025, 9, 5), // Lord Howe
];
const instant = fc.oneof(
  fc.integer({ min: FROM, max: TO }),
  fc.constantFrom(...DST_DAYS).chain((day) => fc.integer({ min: day - 2 * DAY, max: day + 2 * DAY })),
);
const duration = fc.oneof(fc.integer({ min: 0, max: 30 * DAY }), fc.integer({ min: 0, max: 2 * HOUR }));
const sorted = (a: number, b: number): [number, number] => (a <= b ? [a, b] : [b, a]);

describe('business-time arithmetic, for any calendar and instants', () => {
  it('addBusinessTime and businessTimeBetween are inverse', () => {
    fc.assert(
      fc.property(calendars, instant, duration, instant, (calendar, start, ms, end) => {
        expect(businessTimeBetween(calendar, start, addBusinessTime(calendar, start, ms))).toBe(ms);
        if (end >= start) {
          // the earliest instant with the same business time: at or before `end`, with none in between
          const back = addBusinessTime(calendar, start, businessTimeBetween(calendar, start, end));
          expect(back).toBeLessThanOrEqual(end);
          expect(businessTimeBetween(calendar, back, end)).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('both are monotone', () => {
    fc.assert(
      fc.property(calendars, instant, instant, duration, duration, (calendar, a, b, d1, d2) => {
        const [s1, s2] = sorted(a, b);
        const [short, long] = sorted(d1, d2);
        expect(addBusinessTime(calendar, s1, short)).toBeLessThanOrEqual(addBusinessTime(calendar, s1, long));
        expect(addBusinessTime(calendar, s1, short)).toBeLessThanOrEqual(addBusinessTime(calendar, s2, short));
        const end = s2 + long;
        expect(businessTimeBetween(calendar, s1, s2)).toBeLessThanOrEqual(businessTimeBetween(calendar, s1, end));
        expect(businessTimeBetween(calendar, s2, end)).toBeLessThanOrEqual(businessTimeBetween(calendar, s1, end));
      }),
      { numRuns: 300 },
    );
  });

  it('business time between two instants never exceeds the wall time, and adds up across a split', () => {
    fc.assert(
      fc.property(calendars, instant, instant, instant, (calendar, x, y, z) => {
        const [a, c] = sorted(x, z);
        const b = Math.min(Math.max(y, a), c);
        const whole = businessTimeBetween(calendar, a, c);
        expect(whole).toBeGreaterThanOrEqual(0);
        expect(whole).toBeLessThanOrEqual(c - a);
        expect(businessTimeBetween(calendar, a, b) + businessTimeBetween(calendar, b, c)).toBe(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('a 24/7 calendar is plain arithmetic', () => {
    const always: BusinessCalendar = calendarFrom({ kind: 'always' });
    fc.assert(
      fc.property(instant, duration, (start, ms) => {
        expect(addBusinessTime(always, start, ms)).toBe(start + ms);
        expect(businessTimeBetween(always, start, start + ms)).toBe(ms);
      }),
    );
  });
});

/**
 * Reference: step minute by minute and ask luxon which local weekday and time
 * each minute is. Independent of the frame-walking code, and exact for frames on
 * whole hours (no frame boundary falls inside a repeated DST interval of these zones).
 */
interface WeeklyInput {
  timeZone: string;
  week: Record<string, string[] | undefined>;
  holidays: string[];
}

function referenceBusinessTime(definition: WeeklyInput, fromMs: number, toMs: number): number {
  const holidays = new Set(definition.holidays);
  let minutes = 0;
  for (let t = fromMs; t < toMs; t += MINUTE) {
    const local = DateTime.fromMillis(t, { zone: definition.timeZone });
    if (holidays.has(local.toISODate() ?? '')) continue;
    const frames: string[] = definition.week[WEEKDAYS[local.weekday % 7] ?? 'sun'] ?? [];
    const minuteOfDay = local.hour * 60 + local.minute;
    const inFrame = frames.some((frame) => {
      const [from = 0, to = 0] = frame.split('-').map((hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));
      return minuteOfDay >= from && minuteOfDay < to;
    });
    if (inFrame) minutes += 1;
  }
  return minutes * MINUTE;
}

describe('business time against a minute-by-minute reference', () => {
  it('matches for random calendars and spans of up to 3 days around clock changes', () => {
    const minuteInstant = instant.map((ms) => Math.floor(ms / MINUTE) * MINUTE);
    fc.assert(
      fc.property(weeklyDefinition, minuteInstant, fc.integer({ min: 0, max: 3 * 24 * 60 }), (definition, start, spanMinutes) => {
        const end = start + spanMinutes * MINUTE;
        expect(businessTimeBetween(calendarFrom(definition), start, end)).toBe(referenceBusinessTime(definition, start, end));
      }),
      { numRuns: 60 },
    );
  });
});
