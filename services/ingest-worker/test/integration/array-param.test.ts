import { sql } from 'kysely';
import { arrayLiteral } from '../../src/storage/array-param';
import { useSandbox } from '../../../../test/support/sandbox';

const sandbox = useSandbox();

const roundTrip = async <T>(values: ReadonlyArray<string | number>, type: 'text' | 'bigint' | 'uuid' | 'timestamptz') => {
  const { rows } = await sql<{ value: T[] }>`SELECT ${arrayLiteral(values)}::${sql.raw(type)}[] AS value`.execute(sandbox.db);
  return rows[0]?.value;
};

describe('arrayLiteral', () => {
  it('reaches PostgreSQL as the same elements, whatever they hold', async () => {
    const awkward = [
      '',
      'NULL',
      'null',
      'a b',
      'x"y',
      'back\\slash',
      '{}',
      'a,b',
      ' lead',
      'tab\there',
      'é ☃',
      'plain_1.2:3+4-5',
    ];
    expect(await roundTrip<string>(awkward, 'text')).toEqual(awkward);
    expect(await roundTrip<string>([], 'text')).toEqual([]);
  });

  it('carries ids, numbers and ISO times unquoted', async () => {
    const id = '0193a8e2-3c4d-7e5f-8a9b-0c1d2e3f4a5b';
    expect(arrayLiteral([id, 12, '2026-12-01T10:00:00.000Z'])).toBe(`{${id},12,2026-12-01T10:00:00.000Z}`);
    expect(await roundTrip<string>([id], 'uuid')).toEqual([id]);
    const big = await roundTrip<string>([1, 9_007_199_254_740_991], 'bigint');
    expect(big?.map(Number)).toEqual([1, 9_007_199_254_740_991]);
    const times = await roundTrip<Date>(['2026-12-01T10:00:00.123Z'], 'timestamptz');
    expect(times?.map((t) => t.toISOString())).toEqual(['2026-12-01T10:00:00.123Z']);
  });
});
