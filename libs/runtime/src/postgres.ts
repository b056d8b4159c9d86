import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database, Db } from '@error-tracker/contracts/db/schema';

// bigint columns (ids, counts) stay far below 2^53; numbers are what callers expect.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface CreateDbOptions {
  readonly maxConnections?: number;
  readonly applicationName?: string;
  /** Called for every query executed, with its parameters (tests count queries with it). */
  readonly onQuery?: (sql: string, parameters: readonly unknown[]) => void;
}

/** A connection pool whose lost connections never crash the process. */
export function createPool(databaseUrl: string, options: CreateDbOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'error-tracker',
    connectionTimeoutMillis: 5_000,
  });
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // Nor may a checked-out one (a query or transaction in progress), which the pool does not listen to:
  // its query fails by itself, and the pool drops the client when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Kysely's options for `onQuery`: a log function that hands it each executed statement. */
export function queryLog(options: CreateDbOptions): {
  log?: (event: { query: { sql: string; parameters: readonly unknown[] } }) => void;
} {
  const onQuery = options.onQuery;
  return onQuery ? { log: (event) => onQuery(event.query.sql, event.query.parameters) } : {};
}

export function createDb(databaseUrl: string, options: CreateDbOptions = {}): Db {
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: createPool(databaseUrl, options) }),
    ...queryLog(options),
  });
}
