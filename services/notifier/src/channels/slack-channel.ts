import type { SlackConfig } from '@error-tracker/contracts/integrations';
import { clip, timestamp } from '../email/format';
import type { AlertMessage, Channel } from './channel';
import { alertFacts, alertLinks, detailText, headline, summaryText } from './alert-text';
import { clipEscaped, escapeSlack } from './slack-mrkdwn';
import { type HttpOptions, jsonRequest, postToService } from './post-to-service';

/** Block Kit limits: a header's text, a section's text, a field, a button's label and URL, fields per section. */
export const SLACK_LIMITS = { header: 150, section: 3000, field: 2000, button: 75, url: 3000, fields: 10 } as const;

type TextObject = { type: 'plain_text' | 'mrkdwn'; text: string };
export type SlackBlock =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text?: TextObject; fields?: TextObject[] }
  | { type: 'actions'; elements: Array<{ type: 'button'; text: TextObject; url: string }> }
  | { type: 'context'; elements: TextObject[] };

export interface SlackPayload {
  /** Shown in notifications and by clients that cannot draw blocks. */
  readonly text: string;
  readonly blocks: SlackBlock[];
}

const mrkdwn = (text: string, max: number): TextObject => ({ type: 'mrkdwn', text: clipEscaped(escapeSlack(text), max) });

/** The incoming-webhook message: a plain `text` fallback and Block Kit blocks within Slack's limits. */
export function slackPayload(message: AlertMessage): SlackPayload {
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(headline(message), SLACK_LIMITS.header) } },
  ];
  const detail = detailText(message);
  if (detail !== '') blocks.push({ type: 'section', text: mrkdwn(detail, SLACK_LIMITS.section) });
  const fields = alertFacts(message)
    .slice(0, SLACK_LIMITS.fields)
    .map(([label, value]) => ({
      type: 'mrkdwn' as const,
      text: `*${label}*\n${clipEscaped(escapeSlack(value), SLACK_LIMITS.field - label.length - 3)}`,
    }));
  blocks.push({ type: 'section', fields });
  const buttons = alertLinks(message)
    .filter((link) => link.url.length <= SLACK_LIMITS.url)
    .map((link) => ({
      type: 'button' as const,
      text: { type: 'plain_text' as const, text: clip(link.label, SLACK_LIMITS.button) },
      url: link.url,
    }));
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  blocks.push({ type: 'context', elements: [mrkdwn(`Error Tracker · ${timestamp(message.at)}`, SLACK_LIMITS.section)] });
  return { text: clipEscaped(escapeSlack(summaryText(message)), SLACK_LIMITS.section), blocks };
}

/** Slack answers 200 `ok`; 400 (invalid_payload), 403, 404 and 410 (channel gone) are permanent, 429 and 5xx not. */
export function slackChannel(config: SlackConfig, http: (signal?: AbortSignal) => HttpOptions): Channel {
  return {
    name: 'slack',
    send: async (message, signal) => {
      await postToService('slack', jsonRequest(config.webhook_url, slackPayload(message)), http(signal));
    },
  };
}
