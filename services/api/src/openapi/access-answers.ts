import type { Permission } from '@error-tracker/contracts/db/schema';

/**
 * The permission each route checks, as documented (`x-permission`) and as docs/access.md tabulates
 * it; the access-matrix test holds every route to it. Undefined: no API key (health, the Sentry
 * routes' DSN key, accepting an invitation,
 * signing in and out).
 */
export function documentedPermission(method: string, path: string): Permission | undefined {
  if (path === '/api/settings/team/accept' || path.startsWith('/api/{project_id}/')) return undefined;
  if (path === '/api/session' && method !== 'get') return undefined;
  if (!path.startsWith('/api/') && !path.startsWith('/ingest/')) return undefined;
  if (method === 'post' && /^\/(api|ingest)\/errors(\/batch)?$/.test(path)) return 'ingest';
  if (path.startsWith('/api/settings/')) return 'admin';
  return method === 'get' ? 'read' : 'write';
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

type Operation = { responses: Record<string, unknown> } & Record<string, unknown>;

/** Adds `x-permission` and the 401 / 403 / 429 answers every key-checked route can give. */
export function withAccessAnswers<P extends Record<string, Record<string, Operation>>>(paths: P): P {
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const permission = documentedPermission(method, path);
      if (permission === undefined) continue;
      operation['x-permission'] = permission;
      operation.responses = {
        '401': problem('missing, unknown, expired or revoked key'),
        '403': problem(`the key (or its member's role) lacks the ${permission} permission`),
        '429': problem('over a rate limit (Retry-After)'),
        ...operation.responses,
      };
    }
  }
  return paths;
}
