import { normaliseMessage } from '@error-tracker/grouping/fingerprint/normalise-message';
import { limitDepth } from '../ingest/mask-secrets';
import { type Json, obj, str } from './json';

/** The exception type of events that carry a message and no exception. */
export const MESSAGE_TYPE = 'Message';

const PLACEHOLDER = /%(?:%|[-+ #0]*\d*(?:\.\d+)?[sdrifxXeEgGoc])/g;

/** A `%s`-style template filled with its params, as logging does: `("invoice %s failed", [7])`. */
function fill(template: string, params: unknown): string {
  if (!Array.isArray(params) || params.length === 0) return template;
  let next = 0;
  return template.replace(PLACEHOLDER, (placeholder) => {
    if (placeholder === '%%') return '%';
    if (next >= params.length) return placeholder;
    const param: unknown = params[next++];
    return typeof param === 'string' ? param : (JSON.stringify(limitDepth(param)) ?? String(param));
  });
}

export interface EventMessage {
  /** What is shown. */
  readonly text: string;
  /** What groups: a logging template, so each of its fillings lands in one group. */
  readonly template: string;
}

export function messageOf(event: Json): EventMessage | undefined {
  for (const entry of [obj(event.logentry), obj(event.message)]) {
    const template = str(entry?.message);
    const text = str(entry?.formatted) ?? (template === undefined ? undefined : fill(template, entry?.params));
    if (text !== undefined) return { text, template: template ?? text };
  }
  const text = str(event.message);
  return text === undefined ? undefined : { text, template: text };
}

/**
 * @sentry/node and @sentry/browser 11 give captureMessage a synthetic exception with no type, for
 * its stack: the event is still a message.
 */
export function isSyntheticMessage(exception: Json, message: EventMessage | undefined): boolean {
  return message !== undefined && str(exception.type) === undefined && obj(exception.mechanism)?.synthetic === true;
}

/**
 * Groups a message by its template even when the SDK sent a stack, so the frames only name the
 * culprit. Without params this is the default key of a frameless message (`Message:<normalised>`).
 */
export function messageFingerprint(message: EventMessage): string[] {
  return [MESSAGE_TYPE, normaliseMessage(message.template)];
}
