import type { HttpSink, SinkRequest } from '../http-sink';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A stand-in for a service: the HTTP sink, where a channel's config should point, and what it found wrong. */
export interface ServiceSink extends HttpSink {
  /** The URL for the channel's config: the webhook URL, or the API base. */
  readonly target: string;
  /** Every way a request differed from what the service documents, as `#<request index> <problem>`; [] when none did. */
  readonly problems: string[];
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseObject(raw: string): JsonObject | undefined {
  try {
    const parsed: unknown = JSON.parse(raw);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A value as it appears in a problem: JSON, or `undefined`. */
export function show(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

/** Collects the problems of one request. */
export class RequestChecks {
  readonly problems: string[] = [];

  constructor(
    readonly request: SinkRequest,
    private readonly index: number,
  ) {}

  /** Adds this request's problems to the sink's list; true when there were none. */
  passed(into: string[]): boolean {
    for (const problem of this.problems) into.push(`#${this.index} ${problem}`);
    return this.problems.length === 0;
  }

  that(condition: boolean, problem: string): boolean {
    if (!condition) this.problems.push(problem);
    return condition;
  }

  post(path: string): boolean {
    return (
      this.that(this.request.method === 'POST', `method ${this.request.method}, not POST`) &&
      this.that(this.request.path === path, `path ${this.request.path}, not ${path}`)
    );
  }

  contentType(type: string): boolean {
    const given = this.request.headers['content-type'] ?? '';
    return this.that(given.split(';')[0]?.trim().toLowerCase() === type, `content-type ${given || '(none)'}, not ${type}`);
  }

  /** A string of min…max characters (max counts UTF-16 units, as the services do). */
  text(value: unknown, where: string, max: number, min = 1): value is string {
    if (!this.that(typeof value === 'string', `${where} is not a string`)) return false;
    const length = (value as string).length;
    return this.that(length >= min && length <= max, `${where} has ${length} characters (allowed ${min}…${max})`);
  }

  list(value: unknown, where: string, max: number, min = 0): value is Json[] {
    if (!this.that(Array.isArray(value), `${where} is not an array`)) return false;
    const length = (value as Json[]).length;
    return this.that(length >= min && length <= max, `${where} has ${length} items (allowed ${min}…${max})`);
  }

  httpUrl(value: unknown, where: string): boolean {
    return this.that(typeof value === 'string' && /^https?:\/\/\S+$/.test(value), `${where} is not an http(s) URL`);
  }
}

/** The sink with extra fields; getters stay getters (Object.assign would read each once, at creation). */
export function serviceSink<S extends HttpSink, T extends object>(sink: S, extra: T): S & T {
  return Object.defineProperties(sink, Object.getOwnPropertyDescriptors(extra)) as S & T;
}
