import type { AlertRule, RuleKind, Severity } from '../api/types';
import { splitList } from './format';
import type { Level } from './list-query';

export const CHANNELS = ['email', 'slack', 'discord', 'teams', 'pagerduty', 'webhook', 'sms'] as const;
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
export const RULE_KINDS: ReadonlyArray<readonly [RuleKind, string]> = [
  ['threshold', 'More events than a threshold in a time window'],
  ['new_error', 'A new issue appears'],
  ['regression', 'A resolved issue comes back'],
];

/** What the rule form edits: every field as the form holds it (text inputs hold strings). */
export interface RuleForm {
  readonly name: string;
  readonly kind: RuleKind;
  readonly threshold: string;
  readonly time_window: string;
  readonly project: string;
  readonly environment: string;
  readonly level: Level | '';
  readonly notifications: readonly string[];
  readonly recipients: string;
  readonly incident_severity: Severity | '';
  readonly enabled: boolean;
}

export const NEW_RULE: RuleForm = {
  name: '',
  kind: 'threshold',
  threshold: '10',
  time_window: '5m',
  project: '',
  environment: '',
  level: '',
  notifications: ['email'],
  recipients: '',
  incident_severity: '',
  enabled: true,
};

export function ruleToForm(rule: AlertRule): RuleForm {
  return {
    name: rule.name,
    kind: rule.kind,
    threshold: rule.threshold === null ? '' : String(rule.threshold),
    time_window: rule.time_window ?? '',
    project: rule.filters.project ?? '',
    environment: rule.filters.environment ?? '',
    level: rule.filters.level ?? '',
    notifications: rule.notifications,
    recipients: rule.recipients.join(', '),
    incident_severity: rule.incident_severity ?? '',
    enabled: rule.enabled,
  };
}

/** The body of POST /api/alerts/rules and PUT /api/alerts/rules/{id}: blanks are left out, so the API's defaults apply. */
export function formToRuleBody(form: RuleForm): Record<string, unknown> {
  const filters: Record<string, string> = {};
  if (form.project.trim() !== '') filters.project = form.project.trim();
  if (form.environment.trim() !== '') filters.environment = form.environment.trim();
  if (form.level !== '') filters.level = form.level;
  const threshold = form.kind === 'threshold' && form.threshold.trim() !== '' ? { threshold: Number(form.threshold) } : {};
  const window = form.kind === 'threshold' && form.time_window.trim() !== '' ? { time_window: form.time_window.trim() } : {};
  return {
    name: form.name.trim(),
    kind: form.kind,
    ...threshold,
    ...window,
    filters,
    notifications: CHANNELS.filter((channel) => form.notifications.includes(channel)),
    recipients: splitList(form.recipients),
    ...(form.incident_severity === '' ? {} : { incident_severity: form.incident_severity }),
    enabled: form.enabled,
  };
}
