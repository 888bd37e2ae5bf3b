/**
 * `YYYY-MM-DD HH:MM[:SS]` (a `T` may stand for the space) at the start of a
 * text, as exports and realtime queue_log tables write times: the wall clock
 * it names as epoch ms read as UTC, and where it ends. Null when the text does
 * not start so, or names no real time: 31 April, 24:00, a year before 100
 * (which Date.UTC would take for 19xx). Read by character codes, without a
 * regex or a Date: a calls CSV has three times a record.
 */
export function readWallDateTime(text: string): { wall: number; end: number } | null {
  if (text.length < 16 || text[4] !== '-' || text[7] !== '-' || (text[10] !== 'T' && text[10] !== ' ') || text[13] !== ':') return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  let second = 0;
  let end = 16;
  if (text[16] === ':') {
    second = digitsAt(text, 17, 2);
    if (second < 0 || second > 59) return null;
    end = 19;
  }
  return { wall: Date.UTC(year, month - 1, day, hour, minute, second), end };
}

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The number written by `count` digits at `from`; -1 when one of them is not a digit. */
export function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + code - 48;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}
