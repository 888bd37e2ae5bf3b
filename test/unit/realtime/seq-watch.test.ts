import { afterEach, describe, expect, it, vi } from 'vitest';
import { SeqWatch, type SeqWatchOptions } from '../../../server/realtime/seq-watch';

/** A store seq the test moves, with pushes the test sends by hand. */
function fakeStore() {
  let seq = 0;
  let push: ((seq: number) => void) | null = null;
  const unsubscribed = vi.fn(async () => undefined);
  return {
    readSeq: vi.fn(async () => seq),
    subscribe: vi.fn(async (onSeq: (seq: number) => void) => {
      push = onSeq;
      return unsubscribed;
    }),
    unsubscribed,
    move(to: number): void {
      seq = to;
    },
    push(to: number): void {
      seq = to;
      push?.(to);
    },
  };
}

describe('SeqWatch', () => {
  let watch: SeqWatch | null = null;
  afterEach(() => {
    watch?.stop();
    watch = null;
    vi.useRealTimers();
  });

  function start(options: SeqWatchOptions): SeqWatch {
    watch = new SeqWatch(options);
    watch.start();
    return watch;
  }

  it('polls the seq and reports each move once, the first read included', async () => {
    vi.useFakeTimers();
    const store = fakeStore();
    const onChange = vi.fn();
    start({ readSeq: store.readSeq, onChange, pollMs: 25 });
    await vi.advanceTimersByTimeAsync(25);
    expect(onChange).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(onChange).toHaveBeenCalledTimes(1);
    store.move(1);
    await vi.advanceTimersByTimeAsync(25);
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('with pushes, reports a pushed seq at once and polls only slowly to back them up', async () => {
    vi.useFakeTimers();
    const store = fakeStore();
    const onChange = vi.fn();
    start({ readSeq: store.readSeq, onChange, pollMs: 25, subscribe: store.subscribe, subscribedPollMs: 1000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.subscribe).toHaveBeenCalledTimes(1);

    store.push(1);
    expect(onChange).toHaveBeenCalledTimes(1);
    // the same seq again (a poll that read it, a repeated message) is no change
    store.push(1);
    expect(onChange).toHaveBeenCalledTimes(1);

    const readsBefore = store.readSeq.mock.calls.length;
    await vi.advanceTimersByTimeAsync(999);
    expect(store.readSeq.mock.calls.length).toBe(readsBefore);
    // a push that was lost (the subscriber's connection was down) is found by the slow poll
    store.move(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('keeps the fast poll when the subscription fails', async () => {
    vi.useFakeTimers();
    const store = fakeStore();
    const onChange = vi.fn();
    start({ readSeq: store.readSeq, onChange, pollMs: 25, subscribe: async () => Promise.reject(new Error('no pub/sub')) });
    await vi.advanceTimersByTimeAsync(25);
    expect(onChange).toHaveBeenCalledTimes(1);
    store.move(1);
    await vi.advanceTimersByTimeAsync(25);
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('ends the subscription on stop and reports nothing after it', async () => {
    vi.useFakeTimers();
    const store = fakeStore();
    const onChange = vi.fn();
    const stopped = start({ readSeq: store.readSeq, onChange, pollMs: 25, subscribe: store.subscribe });
    await vi.advanceTimersByTimeAsync(0);
    stopped.stop();
    expect(store.unsubscribed).toHaveBeenCalledTimes(1);
    store.push(5);
    await vi.advanceTimersByTimeAsync(5000);
    expect(onChange).not.toHaveBeenCalled();
  });
});
