/** Characters counted for a number, boolean or null, and for the punctuation of each entry. */
const SCALAR = 8;

/**
 * About how many bytes a parsed job payload holds: its strings' lengths plus a little per value.
 * Iterative, so no nesting depth can exhaust the stack; cheaper than serialising it again.
 */
export function approximateSize(value: unknown): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (typeof next === 'string') {
      total += next.length + 2;
    } else if (next !== null && typeof next === 'object') {
      total += 2;
      if (Array.isArray(next)) {
        for (const item of next as unknown[]) stack.push(item);
        continue;
      }
      for (const [key, inner] of Object.entries(next)) {
        total += key.length + 3;
        stack.push(inner);
      }
    } else {
      total += SCALAR;
    }
  }
  return total;
}
