import { DEPTH_LIMIT_MARKER, MAX_MASK_DEPTH } from './mask-secrets';

/** What a cut leaves in place of the text it removed. */
export const cutMarker = (removed: number): string => `… [${removed} characters cut]`;

/** Characters counted for a number, boolean or null, and for the punctuation around each value. */
const SCALAR_CHARS = 8;
const MARKER_ROOM = 32;

interface Room {
  left: number;
}

/**
 * Text longer than `max` keeps its beginning and its end (a trace's header and innermost frames sit
 * at one end or the other, by language), with a marker line where the middle was.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const half = Math.max(0, Math.floor((max - MARKER_ROOM) / 2));
  const removed = text.length - 2 * half;
  return `${text.slice(0, half)}\n${cutMarker(removed)}\n${text.slice(text.length - half)}`;
}

/**
 * A copy of client JSON that serialises to about `budget` characters at most: strings are cut with
 * a marker, entries past the budget are replaced by one marker entry, nesting deeper than
 * MAX_MASK_DEPTH by DEPTH_LIMIT_MARKER. Content within the budget is kept as sent.
 */
export function cutJson(value: unknown, budget: number): unknown {
  return cutValue(value, { left: budget }, 0);
}

function cutValue(value: unknown, room: Room, depth: number): unknown {
  if (typeof value === 'string') return cutString(value, room);
  if (value === null || typeof value !== 'object') {
    room.left -= SCALAR_CHARS;
    return value;
  }
  if (depth >= MAX_MASK_DEPTH) {
    room.left -= DEPTH_LIMIT_MARKER.length;
    return DEPTH_LIMIT_MARKER;
  }
  return Array.isArray(value) ? cutArray(value, room, depth) : cutObject(value as Record<string, unknown>, room, depth);
}

function cutString(text: string, room: Room): string {
  const needed = text.length + 2;
  if (needed <= room.left) {
    room.left -= needed;
    return text;
  }
  const keep = Math.max(0, room.left - MARKER_ROOM);
  room.left = 0;
  return `${text.slice(0, keep)}${cutMarker(text.length - keep)}`;
}

function cutArray(items: readonly unknown[], room: Room, depth: number): unknown[] {
  const kept: unknown[] = [];
  for (const [index, item] of items.entries()) {
    if (room.left <= 0) {
      kept.push(`[${items.length - index} more items cut]`);
      break;
    }
    kept.push(cutValue(item, room, depth + 1));
  }
  return kept;
}

function cutObject(object: Record<string, unknown>, room: Room, depth: number): Record<string, unknown> {
  const entries = Object.entries(object);
  const kept: Array<[string, unknown]> = [];
  for (const [index, [key, inner]] of entries.entries()) {
    if (room.left <= key.length) {
      kept.push(['…', `[${entries.length - index} more keys cut]`]);
      break;
    }
    room.left -= key.length + 3;
    kept.push([key, cutValue(inner, room, depth + 1)]);
  }
  // fromEntries defines own properties: a key named "__proto__" stays data.
  return Object.fromEntries(kept);
}
