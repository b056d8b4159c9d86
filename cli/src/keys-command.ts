import { parseArgs } from 'node:util';
import { createApiKey, keyPreview, listApiKeys, PERMISSIONS, revokeApiKey } from '@error-tracker/contracts/db/api-keys';
import type { Permission } from '@error-tracker/contracts/db/schema';
import { withMigratedDb } from './one-shot-db';

export const KEYS_USAGE = `usage:
  error-tracker keys create --name <name> [--permissions ${PERMISSIONS.join(',')}] [--expires <ISO date-time>]
                            prints the new key (shown once); default: every permission
  error-tracker keys list   one line per live key: id, name, preview, permissions, expiry, last use
  error-tracker keys revoke <id>`;

export class UsageError extends Error {}

function permissionsOf(value: string | undefined): Permission[] {
  if (value === undefined) return [...PERMISSIONS];
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(PERMISSIONS as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0)
    throw new UsageError(`unknown permission ${unknown.join(', ')}: use ${PERMISSIONS.join(', ')}`);
  return names as Permission[];
}

function expiryOf(value: string | undefined): Date | null {
  if (value === undefined) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || date.getTime() <= Date.now())
    throw new UsageError('--expires must be a future ISO 8601 date-time');
  return date;
}

async function create(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: { name: { type: 'string' }, permissions: { type: 'string' }, expires: { type: 'string' } },
    strict: true,
  });
  const name = values.name?.trim();
  if (!name || name.length > 100) throw new UsageError('--name is required (1 to 100 characters)');
  const permissions = permissionsOf(values.permissions);
  const expiresAt = expiryOf(values.expires);
  const { key, record } = await withMigratedDb('keys', (db) => createApiKey(db, { name, permissions, expiresAt }));
  process.stderr.write(`created key ${record.id} (${record.name}) with ${record.permissions.join(', ')}; it is shown once:\n`);
  process.stdout.write(`${key}\n`);
}

async function list(args: readonly string[]): Promise<void> {
  if (args.length > 0) throw new UsageError('keys list takes no arguments');
  const keys = await withMigratedDb('keys', (db) => listApiKeys(db));
  for (const key of keys) {
    const when = (date: Date | null) => (date === null ? '-' : date.toISOString());
    const line = [
      key.id,
      key.name,
      keyPreview(key.last4),
      key.permissions.join(','),
      `expires=${when(key.expires_at)}`,
      `last_used=${when(key.last_used)}`,
    ];
    process.stdout.write(`${line.join('\t')}\n`);
  }
}

async function revoke(args: readonly string[]): Promise<void> {
  const [id, ...rest] = args;
  if (id === undefined || rest.length > 0 || !/^[1-9]\d{0,15}$/.test(id)) throw new UsageError('keys revoke takes one key id');
  const revoked = await withMigratedDb('keys', (db) => revokeApiKey(db, Number(id)));
  if (!revoked) throw new Error(`no live key ${id}`);
  process.stderr.write(`revoked key ${id}; every API replica refuses it within seconds\n`);
}

/** `error-tracker keys create|list|revoke`: works on the database directly, so it mints the first key before any API runs. */
export async function keysCommand(args: readonly string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'create') return create(rest);
  if (sub === 'list') return list(rest);
  if (sub === 'revoke') return revoke(rest);
  throw new UsageError(sub === undefined ? 'keys needs a sub-command' : `unknown keys sub-command '${sub}'`);
}
