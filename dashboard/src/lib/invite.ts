/**
 * The invitation token: from the link's query string the first time, then from the history entry
 * (the page drops it from the address bar at once, so it is neither bookmarked nor shown).
 */
export function inviteToken(search: string, historyState: unknown): string | undefined {
  const fromLink = new URLSearchParams(search).get('token')?.trim();
  if (fromLink) return fromLink;
  const kept = (historyState as { inviteToken?: unknown } | null)?.inviteToken;
  return typeof kept === 'string' && kept !== '' ? kept : undefined;
}
