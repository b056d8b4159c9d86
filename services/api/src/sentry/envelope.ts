import { badRequest } from '../http/problem';

export interface EnvelopeItem {
  readonly type: string;
  readonly payload: Buffer;
}

export interface Envelope {
  readonly header: Record<string, unknown>;
  readonly items: EnvelopeItem[];
}

const NEWLINE = 0x0a;

/** Parses bytes that must hold one JSON object; anything else is a 400 naming `what`. */
export function parseJsonObject(bytes: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw badRequest(`${what} is not valid JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badRequest(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function lineEnd(buffer: Buffer, from: number): number {
  const end = buffer.indexOf(NEWLINE, from);
  return end < 0 ? buffer.length : end;
}

/**
 * Splits a Sentry envelope: a JSON header line, then items, each a JSON header line and a payload
 * of `length` bytes or, without `length`, up to the next newline.
 */
export function parseEnvelope(buffer: Buffer): Envelope {
  const headerEnd = lineEnd(buffer, 0);
  const header = parseJsonObject(buffer.subarray(0, headerEnd), 'envelope header');
  const items: EnvelopeItem[] = [];
  let position = headerEnd + 1;
  while (position < buffer.length) {
    const itemHeaderEnd = lineEnd(buffer, position);
    const line = buffer.subarray(position, itemHeaderEnd);
    position = itemHeaderEnd + 1;
    if (line.toString('utf8').trim() === '') continue;
    const itemHeader = parseJsonObject(line, 'envelope item header');
    const type = typeof itemHeader.type === 'string' ? itemHeader.type : '';
    const length = itemHeader.length;
    let payload: Buffer;
    if (typeof length === 'number' && Number.isInteger(length) && length >= 0) {
      if (position + length > buffer.length) throw badRequest(`envelope item ${type} is shorter than its length`);
      payload = buffer.subarray(position, position + length);
      position += length;
      if (buffer[position] === NEWLINE) position += 1;
    } else {
      const payloadEnd = lineEnd(buffer, position);
      payload = buffer.subarray(position, payloadEnd);
      position = payloadEnd + 1;
    }
    items.push({ type, payload });
  }
  return { header, items };
}
