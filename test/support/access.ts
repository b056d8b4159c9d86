import type { Permission, Role } from '@error-tracker/contracts/db/schema';
import type { ApiHarness } from './api-harness';
import { TEST_API_KEY } from './test-config';

/** The one way tests get keys and members: through the real admin API, as the bootstrap key. */

export interface IssuedKey {
  readonly id: number;
  readonly key: string;
}

export interface Member {
  readonly id: number;
  readonly email: string;
  readonly key: IssuedKey;
}

/** A request with a given key (or none), JSON body when given. */
export function callAs(base: string, key: string | undefined) {
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

async function created<T>(response: Response, what: string): Promise<T> {
  if (response.status !== 201) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A key with these permissions, made by the bootstrap key (so it belongs to no member). */
export async function createKey(
  api: ApiHarness,
  permissions: readonly Permission[],
  extra: { expires_at?: string; name?: string } = {},
): Promise<IssuedKey> {
  const body = await created<{ id: number; key: string }>(
    await api.send('POST', '/api/settings/api-keys', {
      name: extra.name ?? `test ${permissions.join('+')}`,
      permissions,
      ...extra,
    }),
    'create key',
  );
  return { id: body.id, key: body.key };
}

/** Invites `email` as `role` and accepts with the link the answer carries (no mail transport). */
export async function acceptUrlFor(api: ApiHarness, email: string, role: Role, inviterKey?: string): Promise<string> {
  const response = await callAs(api.base, inviterKey ?? TEST_API_KEY)('POST', '/api/settings/team/invite', { email, role });
  const body = await created<{ invitation: { accept_url?: string } }>(response, `invite ${email}`);
  if (!body.invitation.accept_url) throw new Error('the invitation was emailed; read the token from the inbox instead');
  return body.invitation.accept_url;
}

export const tokenOf = (acceptUrl: string): string => new URL(acceptUrl).searchParams.get('token') ?? '';

export async function accept(api: ApiHarness, token: string, name = 'Test Member'): Promise<Response> {
  return callAs(api.base, undefined)('POST', '/api/settings/team/accept', { token, name });
}

/** A member of `role` holding their first personal key. */
export async function memberWithRole(
  api: ApiHarness,
  role: Role,
  email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`,
): Promise<Member> {
  const token = tokenOf(await acceptUrlFor(api, email, role));
  const body = await created<{ member: { id: number }; api_key: { id: number; key: string } }>(
    await accept(api, token),
    `accept ${email}`,
  );
  return { id: body.member.id, email, key: { id: body.api_key.id, key: body.api_key.key } };
}
