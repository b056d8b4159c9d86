import type { TeamsConfig } from '@error-tracker/contracts/integrations';
import { clip } from '../email/format';
import type { AlertKind, AlertMessage, Channel } from './channel';
import { alertFacts, alertLinks, detailText, headline } from './alert-text';
import { type HttpOptions, jsonRequest, postToService } from './post-to-service';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
const TEXT_MAX = 1024;

const COLORS: Readonly<Record<AlertKind, 'Attention' | 'Good' | 'Accent' | 'Warning' | 'Default'>> = {
  firing: 'Attention',
  resolved: 'Good',
  new_error: 'Accent',
  regression: 'Warning',
  test: 'Default',
};

export type CardElement =
  | { type: 'TextBlock'; text: string; wrap: true; size?: 'Large'; weight?: 'Bolder'; color?: string; isSubtle?: true }
  | { type: 'FactSet'; facts: Array<{ title: string; value: string }> };

export interface AdaptiveCard {
  readonly $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  readonly type: 'AdaptiveCard';
  readonly version: '1.4';
  readonly body: CardElement[];
  readonly actions: Array<{ type: 'Action.OpenUrl'; title: string; url: string }>;
  readonly msteams: { width: 'Full' };
}

export interface TeamsPayload {
  readonly type: 'message';
  readonly attachments: Array<{ contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; contentUrl: null; content: AdaptiveCard }>;
}

/** A message with one Adaptive Card (1.4), the shape a Teams workflow's "post card" step takes. */
export function teamsPayload(message: AlertMessage): TeamsPayload {
  const detail = detailText(message);
  const body: CardElement[] = [
    {
      type: 'TextBlock',
      text: clip(headline(message), TEXT_MAX),
      wrap: true,
      size: 'Large',
      weight: 'Bolder',
      color: COLORS[message.kind],
    },
    ...(detail === '' ? [] : [{ type: 'TextBlock' as const, text: clip(detail, TEXT_MAX), wrap: true as const }]),
    { type: 'FactSet', facts: alertFacts(message).map(([title, value]) => ({ title, value: clip(value, TEXT_MAX) })) },
  ];
  const card: AdaptiveCard = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
    actions: alertLinks(message).map((link) => ({ type: 'Action.OpenUrl', title: link.label, url: link.url })),
    msteams: { width: 'Full' },
  };
  return { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, contentUrl: null, content: card }] };
}

/** A Teams workflow webhook answers 202 Accepted once it has queued the flow run. */
export function teamsChannel(config: TeamsConfig, http: (signal?: AbortSignal) => HttpOptions): Channel {
  return {
    name: 'teams',
    send: async (message, signal) => {
      await postToService('teams', jsonRequest(config.webhook_url, teamsPayload(message)), http(signal));
    },
  };
}
