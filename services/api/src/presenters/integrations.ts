import { CHANNEL_NAMES, type ChannelName, INTEGRATION_SECRET_FIELDS } from '@error-tracker/contracts/integrations';

interface IntegrationRow {
  readonly name: string;
  readonly config: Record<string, unknown>;
  readonly last_test: Date | null;
  readonly last_error: string | null;
  readonly last_success: Date | null;
}

/** `https://hooks.slack.com/****`, `****wxyz`: enough to recognise a credential, nothing to use. */
export function maskSecret(value: unknown): string {
  const text = typeof value === 'string' ? value : '';
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}/****`;
  } catch {
    return text.length > 8 ? `****${text.slice(-4)}` : '****';
  }
}

export function maskConfig(name: ChannelName, config: Record<string, unknown>): Record<string, unknown> {
  const secrets: readonly string[] = INTEGRATION_SECRET_FIELDS[name];
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key, secrets.includes(key) ? maskSecret(value) : value]),
  );
}

/** connected: the last delivery or test got through; failing: the last one did not; configured: none yet. */
function statusOf(row: IntegrationRow | undefined): 'connected' | 'configured' | 'not_configured' | 'failing' {
  if (!row) return 'not_configured';
  if (row.last_error !== null) return 'failing';
  return row.last_success === null ? 'configured' : 'connected';
}

export function presentIntegration(name: ChannelName, row: IntegrationRow | undefined) {
  return {
    name,
    status: statusOf(row),
    config: row ? maskConfig(name, row.config) : null,
    last_test: row?.last_test ?? null,
    last_error: row?.last_error ?? null,
  };
}

export function presentIntegrations(rows: readonly IntegrationRow[]) {
  const byName = new Map(rows.map((row) => [row.name, row]));
  return { integrations: CHANNEL_NAMES.map((name) => presentIntegration(name, byName.get(name))) };
}
