import type { OutboxKind } from '@error-tracker/contracts/db/schema';
import type { AlertGroup } from '../storage/notification-repository';
import { clip, oneLine, SUBJECT_PREFIX, timestamp } from './format';
import { escapeHtml, htmlDocument, htmlFieldTable } from '@error-tracker/runtime/mail/html';

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface AlertEvent {
  readonly kind: OutboxKind;
  readonly event_id: string;
}

const MESSAGE_IN_SUBJECT = 120;
const MESSAGE_IN_BODY = 4_000;

/** The email for one new or regressed group. */
export function renderAlert(group: AlertGroup, alert: AlertEvent): RenderedEmail {
  const regression = alert.kind === 'regression';
  const where = `${group.project} (${group.environment})`;
  const headline = regression ? `Regression in ${where}` : `New error in ${where}`;
  const subject = `${SUBJECT_PREFIX} ${oneLine(headline, 160)}: ${oneLine(`${group.exception_type}: ${group.message}`, MESSAGE_IN_SUBJECT)}`;
  const intro = regression
    ? `REGRESSION: an error that was marked resolved happened again in project ${group.project}, environment ${group.environment}.`
    : `A new error was seen in project ${group.project}, environment ${group.environment}.`;
  const fields = alertFields(group, alert);

  const text = [
    intro,
    '',
    ...fields.map(([label, value]) => `${`${label}:`.padEnd(13)} ${value}`),
    '',
    `Details: GET /api/errors/${group.id}`,
    '',
  ].join('\n');

  const badge = regression
    ? '<span style="background: #cf222e; color: #fff; padding: 2px 6px; border-radius: 4px; font-weight: 600;">REGRESSION</span> '
    : '<span style="background: #0969da; color: #fff; padding: 2px 6px; border-radius: 4px; font-weight: 600;">NEW</span> ';
  const html = htmlDocument(
    subject,
    [
      `<p>${badge}${escapeHtml(intro)}</p>`,
      htmlFieldTable(fields),
      `<p style="color: #59636e;">Details: <code>GET /api/errors/${group.id}</code></p>`,
    ].join('\n'),
  );
  return { subject, text, html };
}

export function alertFields(group: AlertGroup, alert: AlertEvent): Array<[string, string]> {
  return [
    ['Kind', alert.kind === 'regression' ? 'Regression (was resolved)' : 'New error'],
    ['Project', group.project],
    ['Environment', group.environment],
    ['Exception', group.exception_type],
    ['Message', clip(group.message, MESSAGE_IN_BODY)],
    ['Culprit', group.culprit ?? 'unknown (no stack frame)'],
    ['Level', group.level],
    ['Count', String(group.count)],
    ['First seen', timestamp(group.first_seen)],
    ['Last seen', timestamp(group.last_seen)],
    ['Group', `#${group.id}`],
    ['Event', alert.event_id],
  ];
}
