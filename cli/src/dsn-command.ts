import { dsnFor, ensureProject } from '@error-tracker/contracts/db/projects';
import { type Config } from '@error-tracker/runtime/config/load-config';
import { createDb } from '@error-tracker/runtime/postgres';
import { migrateToLatest } from '@error-tracker/contracts/db/migrate';

/** `error-tracker dsn <project>`: prints the project's DSN, creating the project if it is new. */
export async function printDsn(config: Config, projectName: string): Promise<void> {
  const db = createDb(config.databaseUrl, { applicationName: 'error-tracker-dsn', maxConnections: 1 });
  try {
    await migrateToLatest(db);
    const project = await ensureProject(db, projectName);
    process.stdout.write(`${dsnFor(project, config.publicUrl ?? `http://localhost:${config.port}`)}\n`);
  } finally {
    await db.destroy();
  }
}
