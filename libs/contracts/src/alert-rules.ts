import type { Level, RuleKind } from './db/schema';

/** What a rule watches; the API and the notifier put it in the same words. */
export interface RuleCondition {
  readonly kind: RuleKind;
  readonly threshold: number | null;
  readonly window_minutes: number | null;
  readonly project: string | null;
  readonly environment: string | null;
  readonly level: Level | null;
}

/** The shortest text for a window: `1h` rather than `60m`. */
export function formatWindow(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

/** `error_count > 50 in 5m where project = shop`. */
export function conditionText(rule: RuleCondition): string {
  const filters = (['project', 'environment', 'level'] as const).flatMap((key) =>
    rule[key] === null ? [] : [`${key} = ${rule[key]}`],
  );
  const where = filters.length === 0 ? '' : ` where ${filters.join(' and ')}`;
  if (rule.kind === 'new_error') return `a new error group appears${where}`;
  if (rule.kind === 'regression') return `a resolved error group reopens${where}`;
  return `error_count > ${rule.threshold ?? 0} in ${formatWindow(rule.window_minutes ?? 1)}${where}`;
}

/** The columns that say what a rule watches and where it notifies: what every reader of a rule selects. */
export const RULE_DEFINITION_COLUMNS = [
  'id',
  'name',
  'kind',
  'threshold',
  'window_minutes',
  'project',
  'environment',
  'level',
  'notifications',
  'recipients',
  'incident_severity',
] as const;
