/** Groups announced by `GET /api/events` while the list is open. */
export type LiveKind = 'created' | 'regressed';

/** The group id of an event's data, or undefined for anything else. */
export function liveGroupId(data: string): number | undefined {
  try {
    const parsed = JSON.parse(data) as { id?: unknown };
    return typeof parsed.id === 'number' && Number.isSafeInteger(parsed.id) && parsed.id > 0 ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** `2 new issues and 1 regressed since this page opened`, or '' before any. */
export function liveSummary(live: ReadonlyMap<number, LiveKind>): string {
  const kinds = [...live.values()];
  const created = kinds.filter((kind) => kind === 'created').length;
  const regressed = kinds.length - created;
  const parts = [
    ...(created > 0 ? [plural(created, 'new issue', 'new issues')] : []),
    ...(regressed > 0 ? [plural(regressed, 'regressed issue', 'regressed issues')] : []),
  ];
  return parts.length === 0 ? '' : `${parts.join(' and ')} since this page opened`;
}
