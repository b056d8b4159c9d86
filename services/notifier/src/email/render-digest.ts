import type { OutboxKind } from '@error-tracker/contracts/db/schema';
import type { AlertGroup } from '../storage/notification-repository';
import { oneLine, plural, SUBJECT_PREFIX, timestamp } from './format';
import { escapeHtml, htmlDocument } from '@error-tracker/runtime/mail/html';
import type { RenderedEmail } from './render-alert';

export interface DigestItem {
  readonly group: AlertGroup;
  readonly kind: OutboxKind;
}

/** Alerts shown in detail; the rest of a huge storm is counted. */
const LISTED = 200;

/** One email listing the alerts that overflowed the storm guard, instead of one email each. */
export function renderDigest(all: readonly DigestItem[]): RenderedEmail {
  const items = all.slice(0, LISTED);
  const unlisted = all.length - items.length;
  const more = unlisted > 0 ? `…and ${unlisted} more (GET /api/errors lists them all).` : '';
  const regressions = all.filter((item) => item.kind === 'regression').length;
  const fresh = all.length - regressions;
  const parts = [
    fresh > 0 ? plural(fresh, 'new error', 'new errors') : '',
    regressions > 0 ? plural(regressions, 'regression', 'regressions') : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const projects = [...new Set(all.map((item) => item.group.project))].sort();
  const subject = `${SUBJECT_PREFIX} Digest: ${parts} in ${plural(projects.length, 'project', 'projects')}`;
  const intro = `More alerts arrived within a minute than the storm guard lets through one by one; here they are together: ${parts}.`;

  const lines = items.map((item, index) => {
    const { group } = item;
    const label = item.kind === 'regression' ? 'REGRESSION' : 'NEW';
    return [
      `${index + 1}. [${label}] ${group.project} (${group.environment}) ${oneLine(`${group.exception_type}: ${group.message}`, 200)}`,
      `   culprit: ${group.culprit ?? 'unknown'} | count: ${group.count} | first seen: ${timestamp(group.first_seen)} | group #${group.id}`,
    ].join('\n');
  });
  const text = [intro, '', ...lines, ...(more ? ['', more] : []), '', 'Details: GET /api/errors/{group}', ''].join('\n');

  const rows = items.map((item) => {
    const { group } = item;
    const label =
      item.kind === 'regression'
        ? '<span style="color: #cf222e; font-weight: 600;">REGRESSION</span>'
        : '<span style="color: #0969da; font-weight: 600;">NEW</span>';
    return [
      '<tr>',
      `<td style="padding: 4px 8px 4px 0; vertical-align: top;">${label}</td>`,
      `<td style="padding: 4px 8px 4px 0; vertical-align: top;">${escapeHtml(group.project)} (${escapeHtml(group.environment)})</td>`,
      `<td style="padding: 4px 8px 4px 0; vertical-align: top;"><strong>${escapeHtml(group.exception_type)}</strong>: ${escapeHtml(oneLine(group.message, 200))}` +
        `<br><code>${escapeHtml(group.culprit ?? 'unknown')}</code></td>`,
      `<td style="padding: 4px 8px 4px 0; vertical-align: top;">${group.count}</td>`,
      `<td style="padding: 4px 0; vertical-align: top;">${escapeHtml(timestamp(group.first_seen))}</td>`,
      `<td style="padding: 4px 0 4px 8px; vertical-align: top;">#${group.id}</td>`,
      '</tr>',
    ].join('');
  });
  const html = htmlDocument(
    subject,
    [
      `<p>${escapeHtml(intro)}</p>`,
      '<table cellspacing="0" cellpadding="0">',
      '<tr><th align="left">Kind</th><th align="left">Where</th><th align="left">Error and culprit</th><th align="left">Count</th><th align="left">First seen</th><th align="left">Group</th></tr>',
      ...rows,
      '</table>',
      ...(more ? [`<p>${escapeHtml(more)}</p>`] : []),
    ].join('\n'),
  );
  return { subject, text, html };
}
