import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { HttpProblem } from '../../src/http/problem';
import { decodeBody } from '../../src/sentry/decompress';

const body = Buffer.from('{"type":"event"}\n{"message":"compressed"}\n'.repeat(20));

async function statusOf(run: () => Promise<unknown>): Promise<number | undefined> {
  try {
    await run();
  } catch (error) {
    return error instanceof HttpProblem ? error.problem.status : -1;
  }
  return undefined;
}

describe('decodeBody', () => {
  it.each([
    [undefined, body],
    ['identity', body],
    ['gzip', gzipSync(body)],
    ['x-gzip', gzipSync(body)],
    [' GZIP ', gzipSync(body)],
    ['deflate', deflateSync(body)],
    ['deflate', deflateRawSync(body)],
    ['br', brotliCompressSync(body)],
  ])('undoes Content-Encoding %p', async (encoding, sent) => {
    expect((await decodeBody(sent, encoding, 1024 * 1024)).equals(body)).toBe(true);
  });

  it('answers 415 for an encoding it does not know, 400 for corrupt data', async () => {
    expect(await statusOf(() => decodeBody(body, 'zstd', 1024))).toBe(415);
    expect(await statusOf(() => decodeBody(Buffer.from('not gzip'), 'gzip', 1024))).toBe(400);
    expect(await statusOf(() => decodeBody(Buffer.from('not deflate'), 'deflate', 1024))).toBe(400);
  });

  it('answers 413 past the limit, before or after decompression (a small gzip of 21 MB of zeros)', async () => {
    expect(await statusOf(() => decodeBody(body, undefined, body.length - 1))).toBe(413);
    expect((await decodeBody(body, undefined, body.length)).length).toBe(body.length);
    const bomb = gzipSync(Buffer.alloc(21 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100_000);
    expect(await statusOf(() => decodeBody(bomb, 'gzip', 20 * 1024 * 1024))).toBe(413);
    expect(await statusOf(() => decodeBody(deflateSync(Buffer.alloc(2048)), 'deflate', 1024))).toBe(413);
    expect(await statusOf(() => decodeBody(deflateRawSync(Buffer.alloc(2048)), 'deflate', 1024))).toBe(413);
    expect(await statusOf(() => decodeBody(brotliCompressSync(Buffer.alloc(2048)), 'br', 1024))).toBe(413);
  });
});
