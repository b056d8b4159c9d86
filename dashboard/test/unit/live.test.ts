import { type LiveKind, liveGroupId, liveSummary } from '../../src/lib/live';

describe('live updates of the issues list', () => {
  it("reads the group id of an event's data and nothing else", () => {
    expect(liveGroupId('{"id":12,"event_id":"e","kind":"created"}')).toBe(12);
    for (const data of ['', 'not json', '{"id":"12"}', '{"id":0}', '{"id":1.5}', 'null', '[]'])
      expect(liveGroupId(data)).toBeUndefined();
  });

  it('sums up what arrived', () => {
    const live = (entries: Array<[number, LiveKind]>) => new Map(entries);
    expect(liveSummary(live([]))).toBe('');
    expect(liveSummary(live([[1, 'created']]))).toBe('1 new issue since this page opened');
    expect(
      liveSummary(
        live([
          [1, 'created'],
          [2, 'created'],
          [3, 'regressed'],
        ]),
      ),
    ).toBe('2 new issues and 1 regressed issue since this page opened');
  });
});
