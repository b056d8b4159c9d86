import { approximateSize } from '../../src/batching/approximate-size';
import { HeldBytes } from '../../src/batching/held-bytes';
import { MicroBatcher } from '../../src/batching/micro-batcher';

describe('MicroBatcher maxBytes', () => {
  it('flushes as soon as the items waiting reach maxBytes, whatever their count', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>({
      maxSize: 500,
      maxBytes: 1_000,
      maxWaitMs: 60_000,
      handle: async (items) => {
        batches.push([...items]);
        return [...items];
      },
    });
    const results = await Promise.all([batcher.add(1, 400), batcher.add(2, 400), batcher.add(3, 400), batcher.add(4, 2_000)]);
    expect(results).toEqual([1, 2, 3, 4]);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });
});

describe('HeldBytes', () => {
  it('asks to stop fetching at the budget and to go on below it', () => {
    const calls: boolean[] = [];
    const held = new HeldBytes(1_000, (over) => calls.push(over));
    held.take(600);
    held.take(600);
    expect(held.bytes).toBe(1_200);
    held.release(600);
    expect(calls).toEqual([true, false]);
    expect(held.bytes).toBe(600);
  });
});

describe('approximateSize', () => {
  it('counts strings by length and a little per value', () => {
    expect(approximateSize('x'.repeat(1_000))).toBe(1_002);
    const size = approximateSize({ traceback: 'y'.repeat(10_000), extra: { a: [1, 2, 3] } });
    expect(size).toBeGreaterThan(10_000);
    expect(size).toBeLessThan(10_100);
  });

  it('walks any depth without recursion', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(approximateSize(deep)).toBe(200_000 + 6);
  });
});
