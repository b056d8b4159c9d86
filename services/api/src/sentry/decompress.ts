import { Readable, type Transform } from 'node:stream';
import { promisify } from 'node:util';
import {
  brotliDecompress,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  createInflateRaw,
  gunzip,
  inflate,
  inflateRaw,
} from 'node:zlib';
import { HttpProblem } from '../http/problem';

const codecs = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  br: promisify(brotliDecompress),
};
const zlibInflate = promisify(inflate);
const rawInflate = promisify(inflateRaw);

export const tooLarge = (detail: string): HttpProblem => new HttpProblem({ status: 413, title: 'Content Too Large', detail });

/** Undoes Content-Encoding (gzip, deflate with or without the zlib wrapper, br), never past maxBytes. */
export async function decodeBody(body: Buffer, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  const options = { maxOutputLength: maxBytes };
  try {
    if (name === 'identity' || name === '') return checkSize(body, maxBytes);
    if (name === 'deflate') {
      // SDKs disagree on whether "deflate" carries the zlib header; try both.
      return await zlibInflate(body, options).catch((error: unknown) => {
        if (isTooLarge(error)) throw error;
        return rawInflate(body, options);
      });
    }
    const codec = codecs[name as keyof typeof codecs];
    if (!codec) {
      throw new HttpProblem({
        status: 415,
        title: 'Unsupported Media Type',
        detail: `Content-Encoding ${name} is not supported`,
      });
    }
    return await codec(body, options);
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    if (isTooLarge(error)) throw tooLarge(`decompressed body exceeds ${maxBytes} bytes`);
    throw new HttpProblem({ status: 400, title: 'Bad Request', detail: `body is not valid ${name} data` });
  }
}

function checkSize(body: Buffer, maxBytes: number): Buffer {
  if (body.length > maxBytes) throw tooLarge(`body exceeds ${maxBytes} bytes`);
  return body;
}

function isTooLarge(error: unknown): boolean {
  return error instanceof RangeError || (error as { code?: string } | null)?.code === 'ERR_BUFFER_TOO_LARGE';
}

const streams: Record<string, Array<() => Transform>> = {
  gzip: [createGunzip],
  'x-gzip': [createGunzip],
  br: [createBrotliDecompress],
  deflate: [createInflate, createInflateRaw],
};

async function countOutput(body: Buffer, inflater: Transform, stopAfter: number): Promise<number> {
  let total = 0;
  try {
    for await (const chunk of Readable.from([body]).pipe(inflater)) {
      total += (chunk as Buffer).length;
      if (total > stopAfter) break;
    }
  } catch {
    // Corrupt data: decodeBody says so when it is given the room.
  } finally {
    inflater.destroy();
  }
  return total;
}

/**
 * How many bytes the body inflates to, counted chunk by chunk without keeping them, up to just
 * past `stopAfter`: tells a body too large for the route (413) from one too large for now (503).
 */
export async function decodedLength(body: Buffer, encoding: string | undefined, stopAfter: number): Promise<number> {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  let longest = body.length;
  for (const make of streams[name] ?? []) {
    longest = Math.max(longest, await countOutput(body, make(), stopAfter));
    if (longest > stopAfter) break;
  }
  return longest;
}
