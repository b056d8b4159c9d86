import type { Db } from './schema';

export interface ProjectRecord {
  readonly id: number;
  readonly name: string;
  readonly public_key: string;
  readonly created_at: Date;
}

export async function findProjectByName(db: Db, name: string): Promise<ProjectRecord | undefined> {
  return db.selectFrom('projects').select(['id', 'name', 'public_key', 'created_at']).where('name', '=', name).executeTakeFirst();
}

export async function findProjectById(db: Db, id: number): Promise<ProjectRecord | undefined> {
  return db.selectFrom('projects').select(['id', 'name', 'public_key', 'created_at']).where('id', '=', id).executeTakeFirst();
}

/** Creates the project, or answers undefined when the name is taken. */
export async function insertProject(db: Db, name: string): Promise<ProjectRecord | undefined> {
  return db
    .insertInto('projects')
    .values({ name })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning(['id', 'name', 'public_key', 'created_at'])
    .executeTakeFirst();
}

/** Finds the project, creating it first if needed. */
export async function ensureProject(db: Db, name: string): Promise<ProjectRecord> {
  const created = await insertProject(db, name);
  if (created) return created;
  const existing = await findProjectByName(db, name);
  if (!existing) throw new Error(`project ${name} vanished`);
  return existing;
}

/** `http://<key>@<host>:<port>/<id>`: what Sentry SDKs are configured with. */
export function dsnFor(project: ProjectRecord, publicUrl: string): string {
  const url = new URL(publicUrl);
  url.username = project.public_key;
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${project.id}`;
  return url.toString();
}
