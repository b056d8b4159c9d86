/** The dashboard's client routes; the API answers its index.html for each of them. */
export type Route =
  | { readonly name: 'errors' }
  | { readonly name: 'error'; readonly id: number }
  | { readonly name: 'stats' }
  | { readonly name: 'projects' }
  | { readonly name: 'rules' }
  | { readonly name: 'new-rule' }
  | { readonly name: 'rule'; readonly id: number }
  | { readonly name: 'incidents' }
  | { readonly name: 'new-incident' }
  | { readonly name: 'incident'; readonly id: number }
  | { readonly name: 'keys' }
  | { readonly name: 'team' }
  | { readonly name: 'audit' }
  | { readonly name: 'integrations' }
  | { readonly name: 'monitoring' }
  | { readonly name: 'invite' }
  | { readonly name: 'not-found' };

export type RouteName = Route['name'];

const FIXED: Readonly<Record<string, Route>> = {
  '/': { name: 'errors' },
  '/errors': { name: 'errors' },
  '/stats': { name: 'stats' },
  '/projects': { name: 'projects' },
  '/alerts': { name: 'rules' },
  '/alerts/rules': { name: 'rules' },
  '/alerts/rules/new': { name: 'new-rule' },
  '/alerts/incidents': { name: 'incidents' },
  '/alerts/incidents/new': { name: 'new-incident' },
  '/settings': { name: 'keys' },
  '/settings/api-keys': { name: 'keys' },
  '/settings/team': { name: 'team' },
  '/settings/audit-log': { name: 'audit' },
  '/settings/integrations': { name: 'integrations' },
  '/monitoring': { name: 'monitoring' },
  '/invite': { name: 'invite' },
};

const WITH_ID: ReadonlyArray<readonly [RegExp, 'error' | 'rule' | 'incident']> = [
  [/^\/errors\/(\d{1,15})$/, 'error'],
  [/^\/alerts\/rules\/(\d{1,15})$/, 'rule'],
  [/^\/alerts\/incidents\/(\d{1,15})$/, 'incident'],
];

/** The route a pathname shows; a trailing slash is ignored, ids are positive integers. */
export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const fixed = FIXED[path];
  if (fixed) return fixed;
  for (const [pattern, name] of WITH_ID) {
    const id = Number(pattern.exec(path)?.[1]);
    if (Number.isSafeInteger(id) && id > 0) return { name, id };
  }
  return { name: 'not-found' };
}
