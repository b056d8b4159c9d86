import { createDb, migrateToLatest } from '../../libs/common/src';
import { findTestServers } from './servers';
import { TEMPLATE_DATABASE, withAdminClient } from './databases';

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

  await withAdminClient(servers.databaseUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  });
  const url = new URL(servers.databaseUrl);
  url.pathname = `/${TEMPLATE_DATABASE}`;
  const db = createDb(url.toString(), { maxConnections: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}
