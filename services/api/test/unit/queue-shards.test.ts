import { randomUUID } from 'node:crypto';
import { hashTagSpan, ingestShardPrefixes } from '@error-tracker/contracts/ingest-shards';
import { shardOf } from '../../src/ingest/queue-shards';

describe('ingest shards', () => {
  it('keeps REDIS_PREFIX for shard 0 and gives every other shard a hash tag of its own', () => {
    expect(ingestShardPrefixes('{et}', 3)).toEqual(['{et}', '{et:1}', '{et:2}']);
    expect(ingestShardPrefixes('app{et-prod}x', 2)).toEqual(['app{et-prod}x', 'app{et-prod:1}x']);
    expect(ingestShardPrefixes('et', 2)).toEqual(['et', 'et{1}']);
  });

  it('finds the hash tag where Redis does: the first {, up to the next }, not empty', () => {
    expect(hashTagSpan('{et}:ingest')).toEqual({ start: 1, end: 3 });
    expect(hashTagSpan('a{}b{c}')).toBeUndefined();
    expect(hashTagSpan('plain')).toBeUndefined();
  });

  it('spreads event ids evenly: every shard within 5% of its share over 30,000 ids', () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[shardOf(randomUUID(), 3)]! += 1;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('sends everything to shard 0 when there is one shard', () => {
    expect(shardOf(randomUUID(), 1)).toBe(0);
  });
});
