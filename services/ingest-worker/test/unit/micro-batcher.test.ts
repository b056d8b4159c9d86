import { MicroBatcher, type MicroBatcherOptions } from '../../src/batching/micro-batcher';

/** A batcher whose handler answers each item with itself, recording every batch it was given. */
function recordingBatcher(options: Omit<MicroBatcherOptions<number, number>, 'handle'>) {
  const batches: number[][] = [];
  const batcher = new MicroBatcher<number, number>({
    ...options,
    handle: async (items) => {
      batches.push([...items]);
      return [...items];
    },
  });
  return { batches, batcher };
}

describe('MicroBatcher', () => {
  it('flushes as soon as maxSize items wait', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>({
      maxSize: 3,
      maxWaitMs: 60_000,
      handle: async (items) => {
        batches.push([...items]);
        return items.map((n) => n * 10);
      },
    });
    const results = await Promise.all([1, 2, 3].map((n) => batcher.add(n)));
    expect(results).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('flushes a partial batch after maxWaitMs', async () => {
    const { batches, batcher } = recordingBatcher({ maxSize: 100, maxWaitMs: 20 });
    await expect(Promise.all([batcher.add(1), batcher.add(2)])).resolves.toEqual([1, 2]);
    expect(batches).toEqual([[1, 2]]);
  });

  it('retries a failed batch item by item so one poison item fails alone', async () => {
    const calls: number[][] = [];
    const failures: number[] = [];
    const batcher = new MicroBatcher<number, string>({
      maxSize: 4,
      maxWaitMs: 60_000,
      handle: async (items) => {
        calls.push([...items]);
        if (items.includes(3)) throw new Error('poison');
        return items.map(String);
      },
      onBatchFailure: (_error, size) => failures.push(size),
    });
    const settled = await Promise.allSettled([1, 2, 3, 4].map((n) => batcher.add(n)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(failures).toEqual([4]);
    expect(calls).toEqual([[1, 2, 3, 4], [1], [2], [3], [4]]);
  });

  it('drain sends what waits and resolves when it has settled', async () => {
    const seen: number[] = [];
    const batcher = new MicroBatcher<number, number>({
      maxSize: 100,
      maxWaitMs: 60_000,
      handle: async (items) => {
        seen.push(...items);
        return [...items];
      },
    });
    const pending = batcher.add(7);
    await batcher.drain();
    expect(seen).toEqual([7]);
    await expect(pending).resolves.toBe(7);
  });

  it('holds at most maxInFlight batches; what arrives meanwhile goes as the next batches, each up to maxSize', async () => {
    const batches: number[][] = [];
    const releases: Array<() => void> = [];
    let inFlight = 0;
    let most = 0;
    const batcher = new MicroBatcher<number, number>({
      maxSize: 3,
      maxWaitMs: 60_000,
      maxInFlight: 1,
      handle: async (items) => {
        batches.push([...items]);
        most = Math.max(most, ++inFlight);
        await new Promise<void>((resolve) => releases.push(resolve));
        inFlight--;
        return [...items];
      },
    });
    const results = Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => batcher.add(n)));
    expect(batches).toEqual([[1, 2, 3]]);
    releases.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    // The next full batch goes as soon as the first has settled; the last item waits for drain.
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const drained = batcher.drain();
    releases.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    releases.shift()!();
    await drained;
    await expect(results).resolves.toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(most).toBe(1);
  });
});

describe('MicroBatcher, urgent items', () => {
  it('sends an urgent item with what waits now instead of after maxWaitMs, and then waits again', async () => {
    const { batches, batcher } = recordingBatcher({ maxSize: 100, maxWaitMs: 60_000 });
    const early = batcher.add(1);
    await expect(batcher.add(2, 0, true)).resolves.toBe(2);
    await expect(early).resolves.toBe(1);
    expect(batches).toEqual([[1, 2]]);

    let later = false;
    void batcher.add(3).then(() => (later = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(later).toBe(false);
    await batcher.drain();
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('sends an urgent item that arrived while the batches in flight were at their limit as soon as one settles', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const batcher = new MicroBatcher<number, number>({
      maxSize: 100,
      maxWaitMs: 60_000,
      maxInFlight: 1,
      handle: async (items) => {
        batches.push([...items]);
        if (items[0] === 1) await new Promise<void>((resolve) => (release = resolve));
        return [...items];
      },
    });
    const first = batcher.add(1, 0, true);
    const second = batcher.add(2, 0, true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1]]);
    release();
    await expect(Promise.all([first, second])).resolves.toEqual([1, 2]);
    expect(batches).toEqual([[1], [2]]);
  });
});

describe('MicroBatcher, items added together', () => {
  it('settles a group once every item is handled, failing with the first failure only after the last settled', async () => {
    const handled: number[] = [];
    let release = (): void => undefined;
    const batcher = new MicroBatcher<number, number>({
      maxSize: 2,
      maxWaitMs: 60_000,
      maxInFlight: 1,
      handle: async (items) => {
        if (items.includes(2)) throw new Error('poison 2');
        if (items.includes(3)) await new Promise<void>((resolve) => (release = resolve));
        handled.push(...items);
        return [...items];
      },
    });
    let settled = false;
    const group = batcher.addAll([1, 2, 3, 4]).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // [1, 2] failed and was retried item by item (2 failed alone); [3, 4] is still being written.
    expect(handled).toEqual([1]);
    expect(settled).toBe(false);
    release();
    await expect(group).rejects.toThrow('poison 2');
    expect(handled).toEqual([1, 3, 4]);
  });

  it('resolves a group whose items went in several batches, and an empty one at once', async () => {
    const { batches, batcher } = recordingBatcher({ maxSize: 2, maxWaitMs: 5 });
    await expect(batcher.addAll([5, 6, 7])).resolves.toBeUndefined();
    expect(batches).toEqual([[5, 6], [7]]);
    await expect(batcher.addAll([])).resolves.toBeUndefined();
  });
});
