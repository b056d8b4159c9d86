import type { EmailConfig } from '@error-tracker/contracts/integrations';
import { escapeHtml, htmlDocument, htmlFieldTable } from '@error-tracker/runtime/mail/html';
import type { MailSender, OutgoingEmail } from '@error-tracker/runtime/mail/mail-sender';
import { oneLine, SUBJECT_PREFIX } from '../email/format';
import { describeFailure, isPermanentFailure } from '../email/send-failure';
import { type AlertMessage, type Channel, ChannelError } from './channel';
import { alertFacts, alertLinks, KIND_COLORS, kindLabel, summaryText } from './alert-text';

/** The alert as an email to the integration's recipients: plain text and HTML, every value escaped in the HTML. */
export function alertEmail(message: AlertMessage, config: EmailConfig): OutgoingEmail {
  const summary = summaryText(message);
  const facts = alertFacts(message);
  const links = alertLinks(message);
  const text = [
    summary,
    '',
    ...facts.map(([label, value]) => `${`${label}:`.padEnd(13)} ${value}`),
    ...(links.length === 0 ? [] : ['', ...links.map((link) => `${link.label}: ${link.url}`)]),
    '',
  ].join('\n');
  const color = `#${KIND_COLORS[message.kind].toString(16).padStart(6, '0')}`;
  const badge = `<span style="background: ${color}; color: #fff; padding: 2px 6px; border-radius: 4px; font-weight: 600;">${kindLabel(message.kind)}</span>`;
  const subject = `${SUBJECT_PREFIX} ${oneLine(summary, 200)}`;
  const html = htmlDocument(
    subject,
    [
      `<p>${badge} ${escapeHtml(summary)}</p>`,
      htmlFieldTable(facts),
      ...links.map((link) => `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`),
    ].join('\n'),
  );
  return { to: config.recipients, subject, text, html };
}

export function emailChannel(config: EmailConfig, mail: MailSender | undefined): Channel {
  return {
    name: 'email',
    send: async (message) => {
      if (mail === undefined) {
        throw new ChannelError('email', 'no mail transport is configured (SMTP_URL or POSTMARK_API_TOKEN)', { permanent: true });
      }
      try {
        await mail.send(alertEmail(message, config));
      } catch (error) {
        throw new ChannelError('email', describeFailure(error), {
          permanent: isPermanentFailure(error),
          status: statusOf(error),
          cause: error,
        });
      }
    },
  };
}

/** The SMTP reply code or the Postmark HTTP status, when the failure carries one. */
function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if ('responseCode' in error && typeof error.responseCode === 'number') return error.responseCode;
  if ('status' in error && typeof error.status === 'number') return error.status;
  return undefined;
}
