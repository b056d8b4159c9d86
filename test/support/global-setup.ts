import { findTestServers } from './servers';
import { createMigratedDatabase } from './databases';

declare global {
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
  await createMigratedDatabase(template);
}
