/** `5m`, `90m`, `1h`, `24h`, also `5 minutes` and `1 hour` as seed-style clients write them: minutes, or undefined. */
export function parseWindow(text: string): number | undefined {
  const match = /^\s*(\d{1,5})\s*(m|min|mins|minute|minutes|h|hr|hrs|hour|hours)\s*$/i.exec(text);
  if (!match) return undefined;
  const amount = Number(match[1]);
  return match[2]?.toLowerCase().startsWith('h') ? amount * 60 : amount;
}

export const MIN_WINDOW_MINUTES = 1;
export const MAX_WINDOW_MINUTES = 24 * 60;

export interface ConditionParts {
  /** A number, or undefined when the condition says `threshold` (the field gives it). */
  readonly threshold?: number;
  /** Minutes, or undefined when the condition says `time_window`. */
  readonly windowMinutes?: number;
}

/**
 * `error_count > 50 in 5 minutes`, or the template `error_count > threshold in time_window`:
 * what a condition states, or undefined when it is not of that form.
 */
export function parseCondition(text: string): ConditionParts | undefined {
  const match = /^\s*error_count\s*>\s*(threshold|\d{1,9})\s+in\s+(time_window|.+?)\s*$/i.exec(text);
  if (!match) return undefined;
  const [, threshold = '', window = ''] = match;
  const windowMinutes = window.toLowerCase() === 'time_window' ? undefined : parseWindow(window);
  if (window.toLowerCase() !== 'time_window' && windowMinutes === undefined) return undefined;
  return {
    ...(threshold.toLowerCase() === 'threshold' ? {} : { threshold: Number(threshold) }),
    ...(windowMinutes === undefined ? {} : { windowMinutes }),
  };
}
