import {
  assignableRoles,
  can,
  canManageMember,
  canOpen,
  navFor,
  type Permission,
  type Role,
  type Session,
} from '../../src/lib/permissions';
import type { RouteName } from '../../src/lib/routes';

/** The sessions GET /api/session answers for each role's own key (docs/access.md). */
const ROLE_PERMISSIONS: Record<Role, Permission[]> = {
  owner: ['ingest', 'read', 'write', 'admin'],
  admin: ['ingest', 'read', 'write', 'admin'],
  developer: ['ingest', 'read', 'write'],
  viewer: ['read'],
};
const member = (role: Role): Session => ({
  kind: 'key',
  key_id: 1,
  member_id: 1,
  role,
  label: `${role}@example.com`,
  permissions: ROLE_PERMISSIONS[role],
});
const bootstrap: Session = {
  kind: 'bootstrap',
  key_id: null,
  member_id: null,
  role: 'owner',
  label: 'bootstrap key',
  permissions: ROLE_PERMISSIONS.owner,
};

describe('what each role sees', () => {
  it.each([
    [
      'owner',
      ['Issues', 'Stats', 'Projects', 'Alert rules', 'Incidents', 'Monitoring', 'API keys', 'Team', 'Integrations', 'Audit log'],
    ],
    [
      'admin',
      ['Issues', 'Stats', 'Projects', 'Alert rules', 'Incidents', 'Monitoring', 'API keys', 'Team', 'Integrations', 'Audit log'],
    ],
    ['developer', ['Issues', 'Stats', 'Projects', 'Alert rules', 'Incidents', 'Monitoring']],
    ['viewer', ['Issues', 'Stats', 'Projects', 'Alert rules', 'Incidents', 'Monitoring']],
  ] as const)('%s: navigation %j', (role, labels) => {
    expect(navFor(member(role)).map((item) => item.label)).toEqual(labels);
  });

  it('lets writers open the pages that create, and admins the settings; readers only read', () => {
    const opens = (session: Session, route: RouteName) => canOpen(session, route);
    expect(opens(member('developer'), 'new-rule')).toBe(true);
    expect(opens(member('viewer'), 'new-rule')).toBe(false);
    expect(opens(member('viewer'), 'new-incident')).toBe(false);
    expect(opens(member('viewer'), 'rule')).toBe(true);
    for (const route of ['keys', 'team', 'audit', 'integrations'] as const) {
      expect(opens(member('developer'), route)).toBe(false);
      expect(opens(member('admin'), route)).toBe(true);
    }
    expect(opens(member('viewer'), 'invite')).toBe(true);
    expect(opens(member('viewer'), 'not-found')).toBe(true);
  });

  it('follows the permissions the API answered, not the role name: a viewer key made with write still cannot write', () => {
    const keyOfNoMember: Session = {
      kind: 'key',
      key_id: 9,
      member_id: null,
      role: null,
      label: 'key 9 (ops)',
      permissions: ['read', 'admin'],
    };
    expect(can(keyOfNoMember, 'write')).toBe(false);
    expect(navFor(keyOfNoMember).map((item) => item.route)).toContain('team');
    expect(can(member('viewer'), 'write')).toBe(false);
  });

  it('keeps owners to owners: only an owner manages an owner or hands out the owner role', () => {
    expect(canManageMember(member('owner'), { role: 'owner' })).toBe(true);
    expect(canManageMember(bootstrap, { role: 'owner' })).toBe(true);
    expect(canManageMember(member('admin'), { role: 'owner' })).toBe(false);
    expect(canManageMember(member('admin'), { role: 'developer' })).toBe(true);
    expect(canManageMember(member('developer'), { role: 'viewer' })).toBe(false);
    expect(assignableRoles(member('owner'))).toContain('owner');
    expect(assignableRoles(member('admin'))).toEqual(['admin', 'developer', 'viewer']);
  });
});
