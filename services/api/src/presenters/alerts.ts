import type { Severity } from '@error-tracker/contracts/db/schema';
import { conditionText, formatWindow, type RuleCondition } from '@error-tracker/contracts/alert-rules';

interface RuleRow extends RuleCondition {
  readonly id: number;
  readonly name: string;
  readonly notifications: string[];
  readonly recipients: string[];
  readonly incident_severity: Severity | null;
  readonly enabled: boolean;
  readonly state: 'ok' | 'firing';
  readonly last_count: number | null;
  readonly last_evaluated: Date | null;
  readonly last_triggered: Date | null;
  readonly last_error: string | null;
  readonly created_at: Date;
  readonly updated_at: Date;
}

export function presentRule(rule: RuleRow) {
  return {
    id: rule.id,
    name: rule.name,
    kind: rule.kind,
    condition: conditionText(rule),
    threshold: rule.threshold,
    time_window: rule.window_minutes === null ? null : formatWindow(rule.window_minutes),
    filters: { project: rule.project, environment: rule.environment, level: rule.level },
    notifications: rule.notifications,
    recipients: rule.recipients,
    incident_severity: rule.incident_severity,
    enabled: rule.enabled,
    state: rule.state,
    last_count: rule.last_count,
    last_evaluated: rule.last_evaluated,
    last_triggered: rule.last_triggered,
    last_error: rule.last_error,
    created_at: rule.created_at,
    updated_at: rule.updated_at,
  };
}

interface IncidentRow {
  readonly id: number;
  readonly title: string;
  readonly severity: Severity;
  readonly status: string;
  readonly description: string;
  readonly assigned_to: string | null;
  readonly rule_id: number | null;
  readonly error_ids: number[];
  readonly created_at: Date;
  readonly updated_at: Date;
  readonly resolved_at: Date | null;
}

export function presentIncident(incident: IncidentRow) {
  return { ...incident, error_ids: incident.error_ids.map(Number) };
}
