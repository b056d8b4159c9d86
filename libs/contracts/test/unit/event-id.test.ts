import { newEventId } from '../../src/event-id';

describe('newEventId', () => {
  it('makes UUIDv7s (RFC 9562): version 7, variant 10', () => {
    for (let i = 0; i < 100; i++)
      expect(newEventId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('orders ids by when they were made, also within one millisecond', () => {
    const ids = Array.from({ length: 10_000 }, () => newEventId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    const millisecond = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(Math.abs(millisecond(ids[0] as string) - Date.now())).toBeLessThan(60_000);
  });
});
