import { dsnFor, ensureProject } from '@error-tracker/contracts/db/projects';
import { withMigratedDb } from './one-shot-db';

/** `error-tracker dsn <project>`: prints the project's DSN, creating the project if it is new. */
export async function printDsn(projectName: string): Promise<void> {
  await withMigratedDb('dsn', async (db, config) => {
    const project = await ensureProject(db, projectName);
    process.stdout.write(`${dsnFor(project, config.publicUrl ?? `http://localhost:${config.port}`)}\n`);
  });
}
