import { randomBytes } from 'node:crypto';
import { type Config } from '@error-tracker/runtime/config/load-config';
import { DatabaseSetupError, ensureDatabase, withDatabaseRole } from '@error-tracker/runtime/database-setup';
import { createLogger } from '@error-tracker/runtime/logger';
import { serverUrl, serverUrlOf, withAdminClient } from '../../../../test/support/databases';
import { testConfig } from '../../../../test/support/test-config';

const logger = createLogger('silent', 'test');
const absentRole = () => `et_absent_${randomBytes(4).toString('hex')}`;

/** A configuration as loadConfig builds it without DATABASE_URL: a guessed role and a fallback. */
function guessing(databaseUrl: string, databaseFallbackUrl: string): Config {
  return { ...testConfig(databaseUrl, '{unused}'), databaseUrl, databaseFallbackUrl };
}

describe('withDatabaseRole (DATABASE_URL unset)', () => {
  it('keeps the guessed role when the server has it, even before the database exists', async () => {
    const config = guessing(serverUrlOf('et_not_created_yet'), serverUrlOf('et_not_created_yet', absentRole()));
    const chosen = await withDatabaseRole(config, logger);
    expect(chosen.databaseUrl).toBe(config.databaseUrl);
    expect(chosen.databaseFallbackUrl).toBeUndefined();
    expect(Object.isFrozen(chosen)).toBe(true);
  });

  it('falls back when the server has no role of the guessed name', async () => {
    const config = guessing(serverUrlOf('postgres', absentRole()), serverUrlOf('postgres'));
    expect((await withDatabaseRole(config, logger)).databaseUrl).toBe(serverUrlOf('postgres'));
  });

  it('says to set DATABASE_URL when the server has neither role', async () => {
    const config = guessing(serverUrlOf('postgres', absentRole()), serverUrlOf('postgres', absentRole()));
    await expect(withDatabaseRole(config, logger)).rejects.toThrow(DatabaseSetupError);
    await expect(withDatabaseRole(config, logger)).rejects.toThrow(/set DATABASE_URL/);
  });

  it('leaves a configuration with DATABASE_URL alone without connecting', async () => {
    const config = testConfig(serverUrlOf('postgres', absentRole()), '{unused}');
    expect(await withDatabaseRole(config, logger)).toBe(config);
  });
});

describe('ensureDatabase', () => {
  it('creates a missing database once when many callers race for it', async () => {
    const name = `et_race_${randomBytes(5).toString('hex')}`;
    try {
      await Promise.all(Array.from({ length: 8 }, () => ensureDatabase(serverUrlOf(name), logger)));
      const { rows } = await withAdminClient(serverUrl(), (client) =>
        client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [name]),
      );
      expect(rows[0]?.n).toBe(1);
      await ensureDatabase(serverUrlOf(name), logger);
    } finally {
      await withAdminClient(serverUrl(), (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
  });
});
