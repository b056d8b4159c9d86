/** Readers for untyped SDK JSON: each answers undefined for anything but a usable value. */
export type Json = Record<string, unknown>;

export const obj = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
export const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
export const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
export const cut = (value: string | undefined, max: number): string | undefined =>
  value === undefined ? undefined : value.slice(0, max);
