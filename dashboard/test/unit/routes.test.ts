import { inviteToken } from '../../src/lib/invite';
import { matchRoute } from '../../src/lib/routes';

describe('client routes', () => {
  it.each([
    ['/', { name: 'errors' }],
    ['/errors', { name: 'errors' }],
    ['/errors/', { name: 'errors' }],
    ['/errors/12', { name: 'error', id: 12 }],
    ['/stats', { name: 'stats' }],
    ['/projects', { name: 'projects' }],
    ['/alerts/rules', { name: 'rules' }],
    ['/alerts/rules/new', { name: 'new-rule' }],
    ['/alerts/rules/3', { name: 'rule', id: 3 }],
    ['/alerts/incidents/7', { name: 'incident', id: 7 }],
    ['/settings/api-keys', { name: 'keys' }],
    ['/settings/team', { name: 'team' }],
    ['/settings/audit-log', { name: 'audit' }],
    ['/settings/integrations', { name: 'integrations' }],
    ['/monitoring', { name: 'monitoring' }],
    ['/invite', { name: 'invite' }],
    ['/errors/0', { name: 'not-found' }],
    ['/errors/abc', { name: 'not-found' }],
    ['/errors/99999999999999999999', { name: 'not-found' }],
    ['/nowhere', { name: 'not-found' }],
  ])('%s', (path, route) => {
    expect(matchRoute(path)).toEqual(route);
  });
});

describe('the invitation token', () => {
  it('comes from the link first, then from the history entry the page moved it to', () => {
    expect(inviteToken('?token=abc', null)).toBe('abc');
    expect(inviteToken('?token=abc', { inviteToken: 'old' })).toBe('abc');
    expect(inviteToken('', { inviteToken: 'kept' })).toBe('kept');
    expect(inviteToken('', null)).toBeUndefined();
    expect(inviteToken('?token=', { inviteToken: 7 })).toBeUndefined();
  });
});
