import { oneLine, timestamp } from '../email/format';
import type { AlertKind, AlertMessage } from './channel';

const LABELS: Readonly<Record<AlertKind, string>> = {
  firing: 'FIRING',
  resolved: 'RESOLVED',
  new_error: 'NEW ERROR',
  regression: 'REGRESSION',
  test: 'TEST',
};

const LEADS: Readonly<Record<AlertKind, string>> = {
  firing: 'Alert firing',
  resolved: 'Resolved',
  new_error: 'New error',
  regression: 'Regression',
  test: 'Test notification',
};

/** Red for trouble, green for recovery, blue for news, grey for a test: as 0xRRGGBB. */
export const KIND_COLORS: Readonly<Record<AlertKind, number>> = {
  firing: 0xcf222e,
  resolved: 0x1a7f37,
  new_error: 0x0969da,
  regression: 0xbc4c00,
  test: 0x6e7781,
};

export function kindLabel(kind: AlertKind): string {
  return LABELS[kind];
}

/** `Alert firing: High error rate` */
export function headline(message: AlertMessage): string {
  return `${LEADS[message.kind]}: ${oneLine(message.title, 500)}`;
}

/** `73 errors in 5m (threshold > 50)`, or undefined without a count. */
export function countText(message: AlertMessage): string | undefined {
  if (message.count === undefined) return undefined;
  const events = `${message.count} ${message.count === 1 ? 'error' : 'errors'}`;
  const window = message.windowText === undefined ? '' : ` in ${message.windowText}`;
  const threshold = message.threshold === undefined ? '' : ` (threshold > ${message.threshold})`;
  return `${events}${window}${threshold}`;
}

/** `shop (production)`, `shop`, or undefined. */
export function whereText(message: AlertMessage): string | undefined {
  if (message.project === undefined) return message.environment;
  return message.environment === undefined ? message.project : `${message.project} (${message.environment})`;
}

/** `73 errors in 5m (threshold > 50) in shop (production)`: how many, in which window, where ('' when none is known). */
export function detailText(message: AlertMessage): string {
  return [countText(message), whereText(message)].filter((part) => part !== undefined).join(' in ');
}

/** One line that says it all: what fired, how many in which window, where. */
export function summaryText(message: AlertMessage): string {
  const detail = detailText(message);
  return detail === '' ? headline(message) : `${headline(message)} — ${detail}`;
}

export function alertFacts(message: AlertMessage): Array<readonly [string, string]> {
  const facts: Array<readonly [string, string] | undefined> = [
    ['Status', LABELS[message.kind]],
    message.ruleName === undefined ? undefined : ['Rule', message.ruleName],
    message.count === undefined ? undefined : ['Count', String(message.count)],
    message.windowText === undefined ? undefined : ['Window', message.windowText],
    message.threshold === undefined ? undefined : ['Threshold', `> ${message.threshold}`],
    message.project === undefined ? undefined : ['Project', message.project],
    message.environment === undefined ? undefined : ['Environment', message.environment],
    message.severity === undefined ? undefined : ['Severity', message.severity],
    ['At', timestamp(message.at)],
  ];
  return facts.filter((fact) => fact !== undefined);
}

export interface AlertLink {
  readonly label: string;
  readonly url: string;
}

export function alertLinks(message: AlertMessage): AlertLink[] {
  const links: AlertLink[] = [];
  if (message.groupUrl !== undefined) links.push({ label: 'Open error group', url: message.groupUrl });
  if (message.ruleUrl !== undefined) links.push({ label: 'Open alert rule', url: message.ruleUrl });
  return links;
}
