import type { AlertMessage } from '../../src/channels';

/** A threshold rule that started firing: every field a channel may show. */
export const FIRING: AlertMessage = {
  kind: 'firing',
  title: 'High error rate',
  ruleName: 'High error rate',
  count: 73,
  windowText: '5m',
  threshold: 50,
  project: 'shop',
  environment: 'production',
  groupUrl: 'https://errors.example.com/groups/42',
  ruleUrl: 'https://errors.example.com/alerts/rules/7',
  dedupKey: 'rule:7:firing:2026-11-20T09:30:00.000Z',
  severity: 'high',
  at: new Date(Date.UTC(2026, 10, 20, 9, 30, 0)),
};

/** The same rule back to ok: same dedup key. */
export const RESOLVED: AlertMessage = { ...FIRING, kind: 'resolved', count: 12, at: new Date(Date.UTC(2026, 10, 20, 9, 45, 0)) };

export const NEW_ERROR: AlertMessage = {
  kind: 'new_error',
  title: 'TypeError: cannot read properties of undefined',
  count: 1,
  project: 'shop',
  environment: 'staging',
  groupUrl: 'https://errors.example.com/groups/43',
  dedupKey: 'group:43:new',
  at: new Date(Date.UTC(2026, 10, 20, 10, 0, 0)),
};

/** Markup, mentions and lengths far beyond any service's limits, in every text field. */
export const HOSTILE: AlertMessage = {
  ...FIRING,
  title: `@everyone <!channel> <b>bold</b> & "quotes" ${'x'.repeat(9_000)}`,
  ruleName: `<script>alert(1)</script>${'r'.repeat(5_000)}`,
  project: `<shop>&${'p'.repeat(5_000)}`,
  environment: `env${'e'.repeat(5_000)}`,
  dedupKey: `k${'d'.repeat(400)}`,
};
