/**
 * The steps every check of a record read back from Redis takes (someone with
 * redis-cli may have edited it): the JSON parses to an object, each checked
 * field passes, and the record is stored under its own key. Light on purpose:
 * it runs on every read.
 */

export type StoredRecordResult<T> = { ok: true; record: T } | { ok: false; reason: string };

/** One field's check; `expected` says what it wants, in the skip reason. */
export interface FieldRule {
  name: string;
  expected: string;
  test(value: unknown): boolean;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseStoredRecord<T>(
  json: string,
  rules: readonly FieldRule[],
  keyOf: (record: T) => string,
  key: string,
): StoredRecordResult<T> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!isPlainObject(value)) return { ok: false, reason: 'not an object' };
  for (const rule of rules) {
    if (!rule.test(value[rule.name])) return { ok: false, reason: `field ${rule.name} is not ${rule.expected}` };
  }
  const record = value as unknown as T;
  if (keyOf(record) !== key) return { ok: false, reason: 'stored under another key' };
  return { ok: true, record };
}
