import { z } from 'zod';

/** Where alerts can go. The API stores one config per name; the notifier sends through it. */
export const CHANNEL_NAMES = ['email', 'slack', 'discord', 'teams', 'pagerduty', 'webhook', 'sms'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];
export const channelNameSchema = z.enum(CHANNEL_NAMES);

export const PAGERDUTY_API_URL = 'https://events.pagerduty.com';
export const TWILIO_API_URL = 'https://api.twilio.com';

/** Webhook secrets shorter than this are refused: the signature is only as strong as the secret. */
export const WEBHOOK_SECRET_MIN_LENGTH = 16;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const httpUrl = z.string().trim().max(2048).refine(isHttpUrl, 'must be an http:// or https:// URL');

/** E.164: a plus, then up to 15 digits. */
const phoneNumber = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{1,14}$/, 'must be a phone number in E.164 form, e.g. +14155550123');

/** A phone number, or an alphanumeric sender ID (1–11 letters, digits and spaces, at least one letter). */
const smsSender = z
  .string()
  .trim()
  .refine(
    (value) => /^\+[1-9]\d{1,14}$/.test(value) || (/^[A-Za-z0-9 ]{1,11}$/.test(value) && /[A-Za-z]/.test(value)),
    'must be a phone number in E.164 form or an alphanumeric sender ID of at most 11 characters',
  );

/** Slack, Discord and Teams (workflow) all post to one secret URL. */
const chatWebhookConfigSchema = z.object({ webhook_url: httpUrl });

export const slackConfigSchema = chatWebhookConfigSchema;
export const discordConfigSchema = chatWebhookConfigSchema;
export const teamsConfigSchema = chatWebhookConfigSchema;

export const webhookConfigSchema = z.object({
  url: httpUrl,
  secret: z
    .string()
    .min(WEBHOOK_SECRET_MIN_LENGTH, `must be at least ${WEBHOOK_SECRET_MIN_LENGTH} characters`)
    .max(256, 'must be at most 256 characters'),
});

export const pagerdutyConfigSchema = z.object({
  routing_key: z.string().trim().min(1, 'is required').max(255).regex(/^\S+$/, 'must not contain spaces'),
  api_url: httpUrl.default(PAGERDUTY_API_URL),
});

export const smsConfigSchema = z.object({
  // It becomes a path segment of the API URL.
  account_sid: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be letters, digits, - or _ (at most 64)'),
  auth_token: z.string().min(1, 'is required').max(256),
  from: smsSender,
  to: z
    .array(phoneNumber)
    .min(1, 'needs at least one number')
    .max(20, 'takes at most 20 numbers')
    .refine((numbers) => new Set(numbers).size === numbers.length, 'lists a number twice'),
  api_url: httpUrl.default(TWILIO_API_URL),
});

export const emailConfigSchema = z.object({
  recipients: z.array(z.email('must be an email address')).min(1, 'needs at least one recipient').max(100),
});

/** Each channel's config, as `PUT /api/settings/integrations/{name}` takes it (unknown fields are dropped). */
export const integrationConfigSchemas = {
  email: emailConfigSchema,
  slack: slackConfigSchema,
  discord: discordConfigSchema,
  teams: teamsConfigSchema,
  pagerduty: pagerdutyConfigSchema,
  webhook: webhookConfigSchema,
  sms: smsConfigSchema,
} as const satisfies Record<ChannelName, z.ZodType>;

export type IntegrationConfig<N extends ChannelName> = z.output<(typeof integrationConfigSchemas)[N]>;
export type EmailConfig = IntegrationConfig<'email'>;
export type SlackConfig = IntegrationConfig<'slack'>;
export type DiscordConfig = IntegrationConfig<'discord'>;
export type TeamsConfig = IntegrationConfig<'teams'>;
export type PagerDutyConfig = IntegrationConfig<'pagerduty'>;
export type WebhookConfig = IntegrationConfig<'webhook'>;
export type SmsConfig = IntegrationConfig<'sms'>;

/** Fields that are credentials (a chat webhook's URL is one): answers show them masked, never as stored. */
export const INTEGRATION_SECRET_FIELDS: { readonly [N in ChannelName]: readonly (keyof IntegrationConfig<N> & string)[] } = {
  email: [],
  slack: ['webhook_url'],
  discord: ['webhook_url'],
  teams: ['webhook_url'],
  pagerduty: ['routing_key'],
  webhook: ['secret'],
  sms: ['auth_token'],
};

export type ConfigCheck<N extends ChannelName> =
  { readonly ok: true; readonly config: IntegrationConfig<N> } | { readonly ok: false; readonly problems: string[] };

/** Validates a channel's config; problems name the field (`to.1: must be a phone number…`), never echo a value. */
export function checkIntegrationConfig<N extends ChannelName>(name: N, input: unknown): ConfigCheck<N> {
  const result = integrationConfigSchemas[name].safeParse(input);
  // The schema is the one for N, so its output is IntegrationConfig<N>; TypeScript cannot follow the index.
  if (result.success) return { ok: true, config: result.data as IntegrationConfig<N> };
  return { ok: false, problems: result.error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`) };
}
