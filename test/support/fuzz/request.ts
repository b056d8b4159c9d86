/** One generated request, and what the target needs to address it. */
export interface FuzzRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  /** What was generated, for the report of a failure. */
  readonly label: string;
}

export interface FuzzTarget {
  readonly apiKey: string;
  /** A project with its DSN key, for the Sentry routes. */
  readonly project: { readonly id: number; readonly public_key: string };
}
