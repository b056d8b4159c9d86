import type { Db } from '@error-tracker/contracts/db/schema';
import { SampleBuffer, type SampleRow } from '../../src/monitoring/sample-buffer';

const row = (slot: number) => ({ instance_id: 'i', slot: new Date(slot) }) as SampleRow;

/** Just the insert chain the buffer uses: records what it was given, or fails. */
function fakeDb(written: SampleRow[][], fail = false): Db {
  const execute = () => (fail ? Promise.reject(new Error('connection refused')) : Promise.resolve([]));
  return {
    insertInto: () => ({
      values: (rows: SampleRow[]) => {
        if (!fail) written.push(rows);
        return { onConflict: () => ({ execute }) };
      },
    }),
  } as unknown as Db;
}

describe('the samples held while PostgreSQL is away', () => {
  it('keep at most their capacity, dropping the oldest', async () => {
    const buffer = new SampleBuffer(3);
    for (let slot = 0; slot < 5; slot++) buffer.push(row(slot));
    const written: SampleRow[][] = [];
    await buffer.flush(fakeDb(written));
    expect(written.map((rows) => rows.map((r) => (r.slot as Date).getTime()))).toEqual([[2, 3, 4]]);
    expect(buffer.size).toBe(0);
  });

  it('stay held when writing them fails', async () => {
    const buffer = new SampleBuffer(10);
    buffer.push(row(1));
    await expect(buffer.flush(fakeDb([], true))).rejects.toThrow('connection refused');
    expect(buffer.size).toBe(1);
  });
});
