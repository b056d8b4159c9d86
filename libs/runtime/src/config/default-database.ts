import { userInfo } from 'node:os';

const LOCAL_SERVER = 'localhost:5432';
const DEFAULT_DATABASE = 'error_tracker';
/** The superuser most packaged installs (Debian, Docker images) create. */
const FALLBACK_ROLE = 'postgres';

export interface DefaultDatabaseUrls {
  readonly databaseUrl: string;
  /** The same database as the postgres role, for a server that has no role of the first one's name. */
  readonly databaseFallbackUrl: string | undefined;
}

/**
 * Without DATABASE_URL: the local server's error_tracker database, as the role psql would pick
 * (PGUSER, else the OS user), with the postgres role as the fallback when that one was guessed.
 */
export function defaultDatabaseUrls(pgUser: string | undefined): DefaultDatabaseUrls {
  const guessed = pgUser === undefined;
  const role = pgUser ?? osUser() ?? FALLBACK_ROLE;
  return {
    databaseUrl: localUrl(role),
    databaseFallbackUrl: guessed && role !== FALLBACK_ROLE ? localUrl(FALLBACK_ROLE) : undefined,
  };
}

function localUrl(role: string): string {
  return `postgres://${encodeURIComponent(role)}@${LOCAL_SERVER}/${DEFAULT_DATABASE}`;
}

function osUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    // A uid with no passwd entry (containers run under an arbitrary uid).
    return undefined;
  }
}
