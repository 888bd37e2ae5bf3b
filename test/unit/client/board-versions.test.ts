import { describe, expect, it } from 'vitest';
import { followPatch, missedUpdate, type BoardVersion } from '../../../client/src/board-versions';
import { diffSnapshots } from '../../../shared/snapshot-patch';
import { PROTOCOL_VERSION, type BoardPatch } from '../../../shared/socket-protocol';
import { busyBoard } from '../../support/board-fixtures';

const AT = Date.parse('2026-12-02T10:00:00Z');
const v1 = busyBoard(AT, 1);
const v2 = busyBoard(AT + 1000, 2);
const v3 = { ...v2, seq: 3, queues: v2.queues.map((q, i) => (i === 0 ? { ...q, waiting: q.waiting + 1 } : q)) };

const patch = (from: number, to: number, a = v1, b = v2, stream = 's1'): BoardPatch => ({
  protocol: PROTOCOL_VERSION,
  board: 'floor',
  stream,
  from,
  to,
  patch: diffSnapshots(a, b),
});
const at = (version: number, snapshot = v1, stream = 's1'): BoardVersion => ({ stream, version, snapshot });

describe('following the update stream', () => {
  it('applies a patch on top of the version it starts from', () => {
    const outcome = followPatch(at(1), patch(1, 2));
    expect(outcome).toEqual({ kind: 'applied', state: { stream: 's1', version: 2, snapshot: v2 } });
    const next = outcome.kind === 'applied' ? outcome.state : null;
    expect(followPatch(next, patch(2, 3, v2, v3))).toEqual({ kind: 'applied', state: at(3, v3) });
  });

  it('asks for the whole snapshot when it missed a version, and never applies the later patch on the old state', () => {
    const outcome = followPatch(at(1), patch(2, 3, v2, v3));
    expect(outcome).toEqual({ kind: 'resync', why: 'missed versions 2..2' });
  });

  it('asks for the whole snapshot for a patch of another stream (a reconnect to another node) or before any whole one', () => {
    expect(followPatch(at(1), patch(1, 2, v1, v2, 's2')).kind).toBe('resync');
    expect(followPatch(null, patch(1, 2)).kind).toBe('resync');
  });

  it('ignores a patch it is already past (a whole snapshot overtook it)', () => {
    expect(followPatch(at(2, v2), patch(1, 2))).toEqual({ kind: 'stale' });
  });

  it('asks for the whole snapshot when the patched result is not a valid snapshot', () => {
    const bad: BoardPatch = { ...patch(1, 2), patch: { set: { seq: -1 } } };
    expect(followPatch(at(1), bad).kind).toBe('resync');
  });

  it('a heartbeat naming a newer version or another stream says an update was missed', () => {
    expect(missedUpdate(at(2), { stream: 's1', version: 3 })).toBe(true);
    expect(missedUpdate(at(2), { stream: 's2', version: 2 })).toBe(true);
    expect(missedUpdate(at(2), { stream: 's1', version: 2 })).toBe(false);
    expect(missedUpdate(null, { stream: 's1', version: 2 })).toBe(false);
  });
});
