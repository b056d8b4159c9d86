import { callAs, createKey, memberWithRole } from '../../../../test/support/access';
import { type ApiHarness, startApiHarness } from '../../../../test/support/api-harness';
import { useSandbox } from '../../../../test/support/sandbox';
import { seedEvents } from '../../../../test/support/seed';

const sandbox = useSandbox();
let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness(sandbox);
});

interface Listed {
  readonly errors: ReadonlyArray<{ id: number; assignee: { id: number; email: string } | null }>;
}

/** Letters only: grouping folds numbers, so messages differing in digits would share a group. */
const word = () => Array.from({ length: 12 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
const groups = async (n: number) =>
  seedEvents(
    api.db,
    Array.from({ length: n }, () => ({ project: 'triage', exception_type: `Triage${word()}Error`, message: `triage ${word()}` })),
  );
const listIds = async (key: string | undefined, query: string) => {
  const response = await callAs(api.base, key)('GET', `/api/errors?project=triage&${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as Listed).errors.map((e) => e.id).sort((a, b) => a - b);
};

describe('assigning a group', () => {
  it('assigns to an active member and back to nobody, shows it in list and detail, audits group.assigned', async () => {
    const [id] = await groups(1);
    const developer = await memberWithRole(api, 'developer', 'assignee@example.com');
    const assign = (memberId: number | null) =>
      callAs(api.base, developer.key.key)('PUT', `/api/errors/${id}/assignee`, { member_id: memberId });

    const assigned = await assign(developer.id);
    expect(assigned.status).toBe(200);
    expect(await assigned.json()).toEqual({ assignee: { id: developer.id, name: 'Test Member', email: 'assignee@example.com' } });
    const detail = (await (await api.get(`/api/errors/${id}`)).json()) as { error: Record<string, unknown> };
    expect(detail.error.assignee).toEqual({ id: developer.id, name: 'Test Member', email: 'assignee@example.com' });
    expect(detail.error).not.toHaveProperty('assignee_member_id');
    const listed = (await (await api.get('/api/errors?project=triage')).json()) as Listed;
    expect(listed.errors.find((e) => e.id === id)?.assignee?.id).toBe(developer.id);

    expect(await (await assign(null)).json()).toEqual({ assignee: null });
    const audit = await api.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'target_id', 'details'])
      .where('action', '=', 'group.assigned')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'group.assigned', actor: 'assignee@example.com', target_id: String(id), details: { member_id: developer.id } },
      { action: 'group.assigned', actor: 'assignee@example.com', target_id: String(id), details: { member_id: null } },
    ]);
  });

  it('refuses an unknown or disabled member (400), an unknown group (404) and a viewer (403)', async () => {
    const [id] = await groups(1);
    const disabled = await memberWithRole(api, 'developer');
    await api.send('PATCH', `/api/settings/team/${disabled.id}`, { status: 'disabled' });
    for (const member_id of [999_999, disabled.id]) {
      const response = await api.send('PUT', `/api/errors/${id}/assignee`, { member_id });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { errors: unknown[] }).errors).toEqual([
        { field: 'member_id', message: 'is not an active member' },
      ]);
    }
    expect((await api.send('PUT', `/api/errors/${id}/assignee`, { member_id: 'x' })).status).toBe(400);
    expect((await api.send('PUT', `/api/errors/${id}/assignee`, {})).status).toBe(400);
    expect((await api.send('PUT', '/api/errors/999999/assignee', { member_id: null })).status).toBe(404);
    const viewer = await memberWithRole(api, 'viewer');
    expect((await callAs(api.base, viewer.key.key)('PUT', `/api/errors/${id}/assignee`, { member_id: null })).status).toBe(403);
  });

  it('filters the list by assignee: a member id, me, none; a removed member unassigns', async () => {
    const [mine, theirs, nobodys] = await groups(3);
    const me = await memberWithRole(api, 'developer');
    const other = await memberWithRole(api, 'developer');
    // The first list is cached; assignments must not be hidden by it.
    expect(await listIds(me.key.key, 'assignee=none')).toContain(mine);
    await api.send('PUT', `/api/errors/${mine}/assignee`, { member_id: me.id });
    await api.send('PUT', `/api/errors/${theirs}/assignee`, { member_id: other.id });

    expect(await listIds(me.key.key, 'assignee=me')).toEqual([mine]);
    expect(await listIds(other.key.key, 'assignee=me')).toEqual([theirs]);
    expect(await listIds(me.key.key, `assignee=${other.id}`)).toEqual([theirs]);
    expect(await listIds(me.key.key, 'assignee=none')).toContain(nobodys);
    expect(await listIds(me.key.key, 'assignee=none')).not.toContain(mine);
    expect(await listIds(me.key.key, 'assignee=me&search=triage')).toEqual([mine]);
    expect(await listIds(me.key.key, 'assignee=none&search=triage')).not.toContain(theirs);

    const noMember = await createKey(api, ['read']);
    const refused = await callAs(api.base, noMember.key)('GET', '/api/errors?assignee=me');
    expect(refused.status).toBe(400);
    expect((await callAs(api.base, noMember.key)('GET', '/api/errors?assignee=someone')).status).toBe(400);

    expect((await api.send('DELETE', `/api/settings/team/${other.id}`)).status).toBe(204);
    const detail = (await (await api.get(`/api/errors/${theirs}`)).json()) as { error: { assignee: unknown } };
    expect(detail.error.assignee).toBeNull();
  });
});

describe('comments', () => {
  it('adds comments by the caller, lists them oldest first, audits comment.added', async () => {
    const [id] = await groups(1);
    const developer = await memberWithRole(api, 'developer', 'commenter@example.com');
    const post = (key: string, body: unknown) => callAs(api.base, key)('POST', `/api/errors/${id}/comments`, body);

    const first = await post(developer.key.key, { body: '  Looks like the parser.  ' });
    expect(first.status).toBe(201);
    const added = (await first.json()) as { id: number };
    expect(added).toEqual({
      id: expect.any(Number),
      author: { member_id: developer.id, label: 'commenter@example.com' },
      body: 'Looks like the parser.',
      created_at: expect.any(String),
    });
    expect((await api.send('POST', `/api/errors/${id}/comments`, { body: 'Fixed in 1.2.' })).status).toBe(201);

    const viewer = await memberWithRole(api, 'viewer');
    const listed = await callAs(api.base, viewer.key.key)('GET', `/api/errors/${id}/comments`);
    expect(listed.status).toBe(200);
    const { comments } = (await listed.json()) as { comments: Array<{ body: string; author: { label: string } }> };
    expect(comments.map((c) => [c.author.label, c.body])).toEqual([
      ['commenter@example.com', 'Looks like the parser.'],
      ['bootstrap key', 'Fixed in 1.2.'],
    ]);
    expect((await post(viewer.key.key, { body: 'no' })).status).toBe(403);

    const audit = await api.db
      .selectFrom('audit_log')
      .select(['actor', 'target_id', 'details'])
      .where('action', '=', 'comment.added')
      .orderBy('id')
      .execute();
    expect(audit[0]).toEqual({ actor: 'commenter@example.com', target_id: String(id), details: { comment_id: added.id } });
  });

  it('refuses empty or oversized comments (400) and unknown groups (404); deleting the group deletes its comments', async () => {
    const [id = 0] = await groups(1);
    for (const body of [{ body: '   ' }, { body: 'x'.repeat(10_001) }, {}, { body: 3 }]) {
      expect((await api.send('POST', `/api/errors/${id}/comments`, body)).status).toBe(400);
    }
    expect((await api.send('POST', '/api/errors/999999/comments', { body: 'x' })).status).toBe(404);
    expect((await api.get('/api/errors/999999/comments')).status).toBe(404);
    await api.send('POST', `/api/errors/${id}/comments`, { body: 'gone soon' });
    expect((await api.send('DELETE', `/api/errors/${id}`)).status).toBe(204);
    expect(await api.db.selectFrom('comments').select('id').where('error_id', '=', id).execute()).toEqual([]);
  });
});
