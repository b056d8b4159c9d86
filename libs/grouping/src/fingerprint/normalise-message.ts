const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const HEX_LITERAL = /\b0x[0-9a-f]+\b/gi;
const HEX_WORD = /\b[0-9a-f]{8,}\b/gi;
const NUMBER = /\d+(?:\.\d+)?/g;
const WHITESPACE = /\s+/g;

/** Longest message text considered: enough to tell messages apart, bounded work and key size. */
export const MAX_MESSAGE_LENGTH = 1024;

/**
 * The message with what varies between occurrences of one bug replaced: UUIDs → `<uuid>`,
 * `0x…` and long hex words (hashes, object ids) → `<hex>`, numbers → `<n>`; whitespace collapsed.
 * Used as the stand-in for file:line when an error has no frame.
 */
export function normaliseMessage(message: string): string {
  const text = typeof message === 'string' ? message.slice(0, MAX_MESSAGE_LENGTH * 4) : '';
  return text
    .replace(UUID, '<uuid>')
    .replace(HEX_LITERAL, '<hex>')
    .replace(HEX_WORD, (word) => (/\d/.test(word) && /[a-f]/i.test(word) ? '<hex>' : word))
    .replace(NUMBER, '<n>')
    .replace(WHITESPACE, ' ')
    .trim()
    .slice(0, MAX_MESSAGE_LENGTH);
}
