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
  it('asks to stop fetching at the budget and to go on below it, counting each job once', () => {
    const calls: boolean[] = [];
    const held = new HeldBytes(1_000, (over) => calls.push(over));
    held.take('a', 600);
    held.take('b', 600);
    expect(held.bytes).toBe(1_200);
    expect(held.sizeOf('b')).toBe(600);
    held.release('a');
    held.release('a');
    held.release(undefined);
    expect(calls).toEqual([true, false]);
    expect(held.bytes).toBe(600);
    held.take('b', 100);
    expect(held.bytes).toBe(100);
  });
});
