import { walPosition } from '../../src/replica/wal-position';

describe('walPosition', () => {
  it('pads both halves of a pg_lsn to 16 hex digits, upper case', () => {
    expect(walPosition('0/0')).toBe('0000000000000000');
    expect(walPosition('16/b374d848')).toBe('00000016B374D848');
    expect(walPosition('FFFFFFFF/FFFFFFFF')).toBe('FFFFFFFFFFFFFFFF');
  });

  it('orders positions as strings the way PostgreSQL orders pg_lsn', () => {
    const ordered = ['0/FFFFFFFF', '1/0', '1/A', '1/10', 'A/0', '10/0'];
    const positions = ordered.map(walPosition);
    expect([...positions].sort()).toEqual(positions);
  });

  it('refuses anything else', () => {
    for (const bad of ['', '16', '16/', 'x/1', '1/2/3', '123456789/0'])
      expect(() => walPosition(bad)).toThrow(/not a WAL position/);
  });
});
