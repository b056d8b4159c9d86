import { dsnFor, type ProjectRecord } from '@error-tracker/contracts/db/projects';

/** A project with the DSN Sentry SDKs are configured with; `baseUrl` is where SDKs reach the API. */
export function presentProject(project: ProjectRecord, baseUrl: string) {
  return { ...project, dsn: dsnFor(project, baseUrl) };
}

export function presentProjectNames(names: readonly string[]) {
  return { projects: names };
}
