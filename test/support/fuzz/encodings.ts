import { brotliCompressSync, constants, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';

export interface Encoded {
  readonly body: Buffer;
  /** The Content-Encoding header, if any. */
  readonly encoding?: string;
}

export type Encoder = (body: Buffer) => Encoded;

const compressors: Record<string, (body: Buffer) => Buffer> = {
  gzip: (body) => gzipSync(body),
  deflate: (body) => deflateSync(body),
  br: (body) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }),
};

/** 64 MB of zeros, compressed once: far past every decoded-size limit. */
const BOMB_BYTES = 64 * 1024 * 1024;
const bombs = new Map<string, Buffer>();
function bomb(name: string): Buffer {
  let compressed = bombs.get(name);
  if (!compressed) {
    const zeros = Buffer.alloc(BOMB_BYTES);
    compressed = name === 'deflate' ? deflateRawSync(zeros) : (compressors[name] ?? gzipSync)(zeros);
    bombs.set(name, compressed);
  }
  return compressed;
}

/** The encodings of the brief: none, gzip, deflate (zlib and raw), br; each also truncated and as a bomb; names not supported. */
export const encoder: fc.Arbitrary<{ name: string; encode: Encoder }> = fc.oneof(
  { arbitrary: fc.constant({ name: 'none', encode: (body: Buffer) => ({ body }) }), weight: 6 },
  {
    arbitrary: fc.constantFrom('gzip', 'deflate', 'br').map((name) => ({
      name,
      encode: (body: Buffer) => ({ body: (compressors[name] ?? gzipSync)(body), encoding: name }),
    })),
    weight: 4,
  },
  {
    arbitrary: fc.constant({
      name: 'deflate-raw',
      encode: (body: Buffer) => ({ body: deflateRawSync(body), encoding: 'deflate' }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc
      .tuple(fc.constantFrom('gzip', 'deflate', 'br'), fc.double({ min: 0, max: 0.95, noNaN: true }))
      .map(([name, share]) => ({
        name: `${name}-truncated`,
        encode: (body: Buffer) => {
          const compressed = (compressors[name] ?? gzipSync)(body);
          return { body: compressed.subarray(0, Math.floor(compressed.length * share)), encoding: name };
        },
      })),
    weight: 2,
  },
  {
    arbitrary: fc
      .constantFrom('gzip', 'deflate', 'br')
      .map((name) => ({ name: `${name}-bomb`, encode: () => ({ body: bomb(name), encoding: name }) })),
    weight: 1,
  },
  {
    arbitrary: fc
      .constantFrom('compress', 'zstd', 'gzip, br', 'GZIP', ' identity ', 'x-gzip', '')
      .map((name) => ({ name: `named ${JSON.stringify(name)}`, encode: (body: Buffer) => ({ body, encoding: name }) })),
    weight: 1,
  },
);
