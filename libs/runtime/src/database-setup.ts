import pg from 'pg';
import type { Config } from './config/load-config';
import type { Logger } from './logger';
import { backoffMs, sleep } from './retry';

/** A database that is missing and cannot be created here, or a server that refuses every role tried. */
export class DatabaseSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseSetupError';
  }
}

const INVALID_AUTHORIZATION = '28000'; // e.g. role "x" does not exist
const UNKNOWN_DATABASE = '3D000';
const DUPLICATE_DATABASE = '42P04';
// Two CREATE DATABASE of one name at the same moment: the loser may hit pg_database's unique index.
const UNIQUE_VIOLATION = '23505';
const INSUFFICIENT_PRIVILEGE = '42501';
// CREATE DATABASE copies template1 and refuses while another session is connected to it.
const TEMPLATE_IN_USE = '55006';

/** Where CREATE DATABASE is issued from, in the order createdb tries them. */
const MAINTENANCE_DATABASES = ['postgres', 'template1'] as const;
const CREATE_ATTEMPTS = 20;

/** The effective connection settings of a URL (PG* variables and pg's defaults filled in). */
interface Target {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
}

/**
 * Picks the role when DATABASE_URL is unset: the guessed one (PGUSER or the OS user), or postgres
 * when the server has no role of that name. Returns the configuration to run with.
 */
export async function withDatabaseRole(config: Config, logger: Logger): Promise<Config> {
  const fallbackUrl = config.databaseFallbackUrl;
  if (fallbackUrl === undefined) return config;
  const refusal = await connectionRefusal(config.databaseUrl);
  if (sqlState(refusal) !== INVALID_AUTHORIZATION) return withDatabaseUrl(config, config.databaseUrl);
  const fallbackRefusal = await connectionRefusal(fallbackUrl);
  if (sqlState(fallbackRefusal) === INVALID_AUTHORIZATION) {
    throw new DatabaseSetupError(
      `DATABASE_URL is unset and PostgreSQL at ${serverOf(targetOf(fallbackUrl))} refuses both guessed roles ` +
        `(${messageOf(refusal)}; ${messageOf(fallbackRefusal)}): set DATABASE_URL, e.g. postgres://user:password@localhost:5432/error_tracker`,
    );
  }
  logger.info(
    { guessedRole: targetOf(config.databaseUrl).user, usingRole: targetOf(fallbackUrl).user, reason: messageOf(refusal) },
    'DATABASE_URL is unset and the server refused the guessed role: using the fallback role',
  );
  return withDatabaseUrl(config, fallbackUrl);
}

function withDatabaseUrl(config: Config, databaseUrl: string): Config {
  return Object.freeze({ ...config, databaseUrl, databaseFallbackUrl: undefined });
}

/**
 * Creates the URL's database when the server has none of that name, through a maintenance database
 * with the same credentials. Replicas racing to create it all succeed. A role that may not create
 * databases gets a DatabaseSetupError saying what to run.
 */
export async function ensureDatabase(databaseUrl: string, logger: Logger): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    // Any other refusal (server down, password) is left to the migrations to report.
    if (sqlState(await connectionRefusal(databaseUrl)) !== UNKNOWN_DATABASE) return;
    try {
      await createDatabase(databaseUrl, logger);
      return;
    } catch (error) {
      if (sqlState(error) !== TEMPLATE_IN_USE || attempt + 1 >= CREATE_ATTEMPTS) throw error;
      await sleep(backoffMs(attempt, 50, 1_000));
    }
  }
}

async function createDatabase(databaseUrl: string, logger: Logger): Promise<void> {
  const target = targetOf(databaseUrl);
  const refusals: string[] = [];
  for (const maintenance of MAINTENANCE_DATABASES) {
    const client = new pg.Client(clientConfig(withDatabase(databaseUrl, maintenance)));
    try {
      await client.connect();
    } catch (error) {
      refusals.push(`${maintenance}: ${messageOf(error)}`);
      await client.end().catch(() => undefined);
      continue;
    }
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(target.database)}`);
      logger.info({ database: target.database, server: serverOf(target) }, 'database created');
      return;
    } catch (error) {
      const state = sqlState(error);
      if (state === DUPLICATE_DATABASE || state === UNIQUE_VIOLATION) return;
      if (state === INSUFFICIENT_PRIVILEGE) throw new DatabaseSetupError(howToCreate(target, messageOf(error)));
      throw error;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new DatabaseSetupError(howToCreate(target, `no maintenance database to connect to: ${refusals.join('; ')}`));
}

/** The message for a database this role cannot create: the commands that create it, owned by the role. */
function howToCreate(target: Target, reason: string): string {
  const { host, port, user, database } = target;
  const server = `-h ${shellWord(host)} -p ${port}`;
  const createSql = `CREATE DATABASE ${sqlIdentifier(database)} OWNER ${sqlIdentifier(user)}`;
  return [
    `database "${database}" does not exist on ${serverOf(target)} and role "${user}" cannot create it (${reason}).`,
    `Create it as a role that may (such as postgres), owned by ${user}:`,
    `  createdb ${server} -U postgres -O ${shellWord(user)} ${shellWord(database)}`,
    `or: psql ${server} -U postgres -d postgres -c ${shellWord(createSql)}`,
    `(or let the role create databases: ALTER ROLE ${sqlIdentifier(user)} CREATEDB), then start again.`,
  ].join('\n');
}

/** undefined when a connection to the URL succeeds; else the error it was refused with. */
async function connectionRefusal(databaseUrl: string): Promise<unknown> {
  const client = new pg.Client(clientConfig(databaseUrl));
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function clientConfig(databaseUrl: string): pg.ClientConfig {
  return { connectionString: databaseUrl, connectionTimeoutMillis: 5_000, application_name: 'error-tracker-setup' };
}

function targetOf(databaseUrl: string): Target {
  const client = new pg.Client({ connectionString: databaseUrl });
  return { host: client.host, port: client.port, user: client.user ?? '', database: client.database ?? '' };
}

function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

function serverOf(target: Target): string {
  return `${target.host}:${target.port}`;
}

function sqlState(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function shellWord(word: string): string {
  return /^[\w./:@%+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function sqlIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
