import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAlertsFile, checkRulesDocument, loadAlertsFile } from '../../../server/alerts/alert-config';

const channels = { ops: { type: 'webhook', url: 'https://hooks.example/ops' } };

function problems(input: unknown): string[] {
  const checked = checkAlertsFile(input);
  return checked.ok ? [] : checked.problems;
}

describe('alert rules check', () => {
  it("takes the issue's example and fills the defaults", () => {
    const checked = checkAlertsFile({
      channels: { ...channels, tg: { type: 'telegram', botToken: 't', chatId: '42' } },
      rules: [{ id: 'support-wait', queue: 'support', metric: 'longestWaitSec', above: 60, forSec: 10, notify: ['ops', 'tg'] }],
    });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.value.rules[0]).toMatchObject({ repeatSec: 0, sound: false });
    expect(checked.value.channels.tg).toMatchObject({ apiBaseUrl: 'https://api.telegram.org' });
  });

  it('names the rule and the field of every problem', () => {
    expect(
      problems({
        channels,
        rules: [
          { id: 'a', metric: 'longestWaitSec', above: 60, below: 10 },
          { id: 'b', metric: 'waitng', above: 1 },
          { id: 'c', metric: 'waiting', above: 5, clearAt: 9 },
          { id: 'd', queue: 'support', metric: 'pbxLinkDown', above: 0 },
          { id: 'e', metric: 'waiting', above: 5, forSec: -1 },
          { metric: 'waiting', above: 5 },
        ],
      }),
    ).toEqual([
      'rule "a" (rules.0): above: give exactly one of "above" and "below"',
      expect.stringMatching(/^rule "b" \(rules\.1\): metric: /),
      'rule "c" (rules.2): clearAt: must not be above "above" (it is where the alert resolves)',
      'rule "d" (rules.3): queue: the metric is a site-wide figure: leave "queue" out',
      expect.stringMatching(/^rule "e" \(rules\.4\): forSec: /),
      expect.stringMatching(/^rule \(rules\.5\): id: /),
    ]);
  });

  it('refuses channels that do not exist and ids used twice', () => {
    expect(
      problems({
        channels,
        rules: [
          { id: 'a', metric: 'waiting', above: 1, notify: ['ops', 'sms'] },
          { id: 'a', metric: 'waiting', above: 2 },
        ],
      }),
    ).toEqual(['rule "a" (rules.0): notify.1: no channel "sms" (channels: ops)', 'rule "a" (rules.1): id: another rule has this id']);
    expect(checkRulesDocument({ rules: [{ id: 'x', metric: 'waiting', above: 1, notify: ['ops'] }] }, {}).ok).toBe(false);
  });

  it('checks channels: a webhook needs an http(s) URL', () => {
    expect(problems({ channels: { ops: { type: 'webhook', url: 'ftp://x' } } })).toEqual([expect.stringMatching(/^channels\.ops\.url: /)]);
  });

  it('a named file must exist and be valid; the message names the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'alerts-'));
    const file = path.join(dir, 'alerts.json');
    expect(() => loadAlertsFile(file)).toThrow(`ALERTS_FILE ${file}`);
    writeFileSync(file, JSON.stringify({ rules: [{ id: 'a', metric: 'waiting' }] }));
    expect(() => loadAlertsFile(file)).toThrow(`ALERTS_FILE ${file} is invalid:\n  rule "a" (rules.0): above: give exactly one`);
  });
});

describe('the shipped example', () => {
  it('is a valid ALERTS_FILE with every channel type', () => {
    const example = loadAlertsFile('config/alerts.example.json');
    expect(new Set(Object.values(example.channels).map((channel) => channel.type))).toEqual(new Set(['webhook', 'telegram', 'slack', 'email']));
    expect(example.rules.length).toBeGreaterThan(3);
  });
});
