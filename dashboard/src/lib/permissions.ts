import type { RouteName } from './routes';

export type Permission = 'ingest' | 'read' | 'write' | 'admin';
export type Role = 'owner' | 'admin' | 'developer' | 'viewer';

/** GET /api/session: who the key acts as; permissions are already the lesser of key and role. */
export interface Session {
  readonly kind: 'bootstrap' | 'key';
  readonly key_id: number | null;
  readonly member_id: number | null;
  readonly role: Role | null;
  readonly label: string;
  readonly permissions: readonly Permission[];
}

export const can = (session: Session, permission: Permission): boolean => session.permissions.includes(permission);

/** What each page needs to be shown at all; the API enforces the same (docs/access.md). */
const ROUTE_NEEDS: Readonly<Record<RouteName, Permission | null>> = {
  errors: 'read',
  error: 'read',
  stats: 'read',
  projects: 'read',
  rules: 'read',
  'new-rule': 'write',
  rule: 'read',
  incidents: 'read',
  'new-incident': 'write',
  incident: 'read',
  keys: 'admin',
  team: 'admin',
  audit: 'admin',
  integrations: 'admin',
  monitoring: 'read',
  invite: null,
  'not-found': null,
};

export const canOpen = (session: Session, route: RouteName): boolean => {
  const needed = ROUTE_NEEDS[route];
  return needed === null || can(session, needed);
};

export interface NavItem {
  readonly href: string;
  readonly label: string;
  readonly route: RouteName;
}

const NAV: readonly NavItem[] = [
  { href: '/errors', label: 'Issues', route: 'errors' },
  { href: '/stats', label: 'Stats', route: 'stats' },
  { href: '/projects', label: 'Projects', route: 'projects' },
  { href: '/alerts/rules', label: 'Alert rules', route: 'rules' },
  { href: '/alerts/incidents', label: 'Incidents', route: 'incidents' },
  { href: '/monitoring', label: 'Monitoring', route: 'monitoring' },
  { href: '/settings/api-keys', label: 'API keys', route: 'keys' },
  { href: '/settings/team', label: 'Team', route: 'team' },
  { href: '/settings/integrations', label: 'Integrations', route: 'integrations' },
  { href: '/settings/audit-log', label: 'Audit log', route: 'audit' },
];

export const navFor = (session: Session): NavItem[] => NAV.filter((item) => canOpen(session, item.route));

/** Only owners change, disable or remove an owner, or make someone one (the API answers 403 otherwise). */
export function canManageMember(session: Session, member: { readonly role: Role }): boolean {
  return can(session, 'admin') && (member.role !== 'owner' || session.role === 'owner');
}

/** The roles this session may hand out. */
export const assignableRoles = (session: Session): Role[] =>
  session.role === 'owner' ? ['owner', 'admin', 'developer', 'viewer'] : ['admin', 'developer', 'viewer'];
