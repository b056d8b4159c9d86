import { createDb } from '@error-tracker/runtime/postgres';
import { migrateToLatest } from '@error-tracker/contracts/db/migrate';
import { findTestServers } from './servers';
import { withAdminClient } from './databases';

declare global {
  // eslint-disable-next-line no-var
  var __stopTestServers: (() => Promise<void>) | undefined;
}

/** Finds the servers and builds the migrated template every test database is cloned from. */
export default async function globalSetup(): Promise<void> {
  const servers = await findTestServers();
  process.env.DATABASE_URL = servers.databaseUrl;
  process.env.REDIS_URL = servers.redisUrl;
  globalThis.__stopTestServers = servers.stop;
  const template = `error_tracker_test_template_${process.pid}`;
  process.env.ET_TEST_TEMPLATE = template;

  await withAdminClient(servers.databaseUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${template}`);
  });
  const url = new URL(servers.databaseUrl);
  url.pathname = `/${template}`;
  const db = createDb(url.toString(), { maxConnections: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}
