import { withAdminClient } from './databases';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.ET_TEST_TEMPLATE;
  const url = process.env.DATABASE_URL;
  if (template && url) {
    await withAdminClient(url, (client) => client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  }
  await globalThis.__stopTestServers?.();
}
