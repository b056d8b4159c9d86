import type { DiscordConfig } from '@error-tracker/contracts/integrations';
import { clip } from '../email/format';
import type { AlertMessage, Channel } from './channel';
import { alertFacts, alertLinks, detailText, headline, KIND_COLORS, kindLabel } from './alert-text';
import { type HttpOptions, jsonRequest, postToService } from './post-to-service';

/** Discord's limits for a message and its embeds (the embed total counts title, description, fields and footer). */
export const DISCORD_LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  embedTotal: 6000,
} as const;

/** Field values are kept shorter than Discord allows so that nine of them and the description fit the embed total. */
const FIELD_VALUE = 256;
const FOOTER = 'Error Tracker';

export interface DiscordEmbed {
  readonly title: string;
  readonly description: string;
  readonly url?: string;
  readonly color: number;
  readonly fields: Array<{ name: string; value: string; inline: boolean }>;
  readonly timestamp: string;
  readonly footer: { text: string };
}

export interface DiscordPayload {
  readonly content: string;
  readonly embeds: DiscordEmbed[];
  /** Nothing in an alert may ping anyone (`@everyone` in an error message stays text). */
  readonly allowed_mentions: { parse: never[] };
}

export function discordPayload(message: AlertMessage): DiscordPayload {
  const title = clip(headline(message), DISCORD_LIMITS.title);
  const fields = alertFacts(message)
    .slice(0, DISCORD_LIMITS.fields)
    .map(([name, value]) => ({ name: clip(name, DISCORD_LIMITS.fieldName), value: clip(value, FIELD_VALUE), inline: true }));
  const used = title.length + FOOTER.length + fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  const links = alertLinks(message).map((link) => `[${link.label}](${link.url})`);
  const detail = detailText(message);
  const description = clip(
    [detail, ...links].filter((line) => line !== '').join('\n'),
    Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - used),
  );
  const url = message.groupUrl ?? message.ruleUrl;
  return {
    content: clip(`**${kindLabel(message.kind)}** ${headline(message)}`, DISCORD_LIMITS.content),
    embeds: [
      {
        title,
        description,
        ...(url === undefined ? {} : { url }),
        color: KIND_COLORS[message.kind],
        fields,
        timestamp: message.at.toISOString(),
        footer: { text: FOOTER },
      },
    ],
    allowed_mentions: { parse: [] },
  };
}

/** Discord answers 204 No Content (200 with ?wait=true); 429 comes with Retry-After. */
export function discordChannel(config: DiscordConfig, http: (signal?: AbortSignal) => HttpOptions): Channel {
  return {
    name: 'discord',
    send: async (message, signal) => {
      await postToService('discord', jsonRequest(config.webhook_url, discordPayload(message)), http(signal));
    },
  };
}
