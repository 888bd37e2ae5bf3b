import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseQueueLogLine } from '../../../server/ingest/queue-log/queue-log-line';
import { loadMembersFile, MemberDirectory } from '../../../server/import/member-directory';

function learnAll(directory: MemberDirectory, text: string): void {
  for (const line of text.trim().split('\n')) {
    const parsed = parseQueueLogLine(line);
    if (parsed.ok) directory.learn(parsed.line);
  }
}

describe('pairing queue_log member names with interfaces', () => {
  it('learns a name from the PAUSE lines app_queue writes right after a PAUSEALL, and the same for UNPAUSEALL', () => {
    const members = new MemberDirectory();
    learnAll(
      members,
      `
1700001100|NONE|NONE|PJSIP/1002|PAUSEALL|
1700001100|NONE|support|Boris Orlov|PAUSE|Meeting
1700001100|NONE|sales|Boris Orlov|PAUSE|Meeting
1700001160|NONE|NONE|PJSIP/1003|UNPAUSEALL|
1700001160|NONE|support|Anna|UNPAUSE|`,
    );
    expect(members.resolve('Boris Orlov')).toBe('PJSIP/1002');
    expect(members.resolve('Anna')).toBe('PJSIP/1003');
    expect(members.report().learnt).toEqual({ Anna: 'PJSIP/1003', 'Boris Orlov': 'PJSIP/1002' });
  });

  it('does not pair across seconds, across pause directions, or a name seen with two interfaces', () => {
    const members = new MemberDirectory();
    learnAll(
      members,
      `
1700001100|NONE|NONE|PJSIP/1002|PAUSEALL|
1700001101|NONE|support|late|PAUSE|Meeting
1700001200|NONE|NONE|PJSIP/1002|PAUSEALL|
1700001200|NONE|support|wrongway|UNPAUSE|
1700001300|NONE|NONE|PJSIP/1004|PAUSEALL|
1700001300|NONE|support|twice|PAUSE|
1700001400|NONE|NONE|PJSIP/1005|PAUSEALL|
1700001400|NONE|support|twice|PAUSE|`,
    );
    expect(members.report()).toMatchObject({ learnt: {}, ambiguous: ['twice'] });
    expect(['late', 'wrongway', 'twice'].map((name) => members.resolve(name))).toEqual(['late', 'wrongway', 'twice']);
    expect(members.report().unpaired).toEqual(['late', 'twice', 'wrongway']);
  });

  it('takes the members file over what it learnt, and keeps interfaces as they are', () => {
    const members = new MemberDirectory(new Map([['Boris', 'SIP/boris']]));
    learnAll(members, '1700001100|NONE|NONE|PJSIP/1002|PAUSEALL|\n1700001100|NONE|support|Boris|PAUSE|x');
    expect(members.resolve('Boris')).toBe('SIP/boris');
    expect(members.resolve('Local/1001@agents')).toBe('Local/1001@agents');
    expect(members.report().unpaired).toEqual([]);
  });

  it('reads a members file as JSON name -> interface and says what is wrong with a bad one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'members-'));
    try {
      const good = path.join(dir, 'good.json');
      writeFileSync(good, JSON.stringify({ 'Anna Petrova': 'PJSIP/1001' }));
      expect(loadMembersFile(good)).toEqual(new Map([['Anna Petrova', 'PJSIP/1001']]));
      const bad = path.join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ Anna: '1001' }));
      expect(() => loadMembersFile(bad)).toThrow(/Anna: an interface like PJSIP\/1001/);
      const notJson = path.join(dir, 'not.json');
      writeFileSync(notJson, '{');
      expect(() => loadMembersFile(notJson)).toThrow(/not\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
