import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createLogger } from '@error-tracker/runtime/logger';
import { migrateSchema } from '@error-tracker/runtime/migrate-schema';
import { createDb } from '@error-tracker/runtime/postgres';

/** Each jest run builds its own template (named in global setup), so parallel runs do not collide. */
export function templateDatabase(): string {
  const name = process.env.ET_TEST_TEMPLATE;
  if (!name) throw new Error('ET_TEST_TEMPLATE is not set: the jest global setup did not run');
  return name;
}

export async function withAdminClient<T>(databaseUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the jest global setup (or the bench) sets it from findTestServers()');
  return url;
}

/** The test server's URL of another database, optionally as another role. */
export function serverUrlOf(database: string, user?: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${database}`;
  if (user !== undefined) url.username = user;
  return url.toString();
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template (one per test file), or an empty one. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `et_test_${randomBytes(6).toString('hex')}`;
  const admin = serverUrl();
  const template = options.empty ? 'template0' : templateDatabase();
  await withAdminClient(admin, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    name,
    url: serverUrlOf(name),
    drop: async () => {
      await withAdminClient(admin, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Creates database `name` afresh (dropping one of that name) and migrates it to the latest schema; answers its URL. */
export async function createMigratedDatabase(name: string): Promise<string> {
  await withAdminClient(serverUrl(), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  });
  const url = serverUrlOf(name);
  const db = createDb(url, { maxConnections: 1 });
  try {
    await migrateSchema(db, createLogger('silent', 'migrate'));
  } finally {
    await db.destroy();
  }
  return url;
}
