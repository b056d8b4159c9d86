import { newErrorsStreamKey } from '@error-tracker/contracts/redis-keys';
import { sql } from 'kysely';
import { NOTIFIER_GROUP } from '@error-tracker/contracts/queues';
import { enqueueEvents } from '../support/enqueue';
import { ingestEvent, pythonTrace } from '../support/events';
import { type RoleProcess } from '../support/processes';
import { redisUrl } from '../support/redis-prefix';
import { useSandbox } from '../support/sandbox';
import { type SmtpInbox, startSmtpInbox } from '../support/smtp-inbox';
import { startTcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait-for';

const sandbox = useSandbox({ per: 'test' });
let inbox: SmtpInbox;

beforeEach(async () => {
  inbox = sandbox.stopAfter(await startSmtpInbox());
});

function start(role: string, overrides: Record<string, string> = {}): RoleProcess {
  return sandbox.start(role, {
    SMTP_URL: inbox.url,
    ALERT_EMAILS: 'oncall@example.com',
    NOTIFIER_CLAIM_IDLE_MS: '1000',
    ...overrides,
  });
}

async function streamState(): Promise<{ pending: number; settled: boolean }> {
  const key = newErrorsStreamKey(sandbox.redisPrefix);
  const info = (await sandbox.redis.xinfo('STREAM', key)) as unknown[];
  const lastId = info[info.indexOf('last-generated-id') + 1];
  const groups = (await sandbox.redis.xinfo('GROUPS', key)) as unknown[][];
  const group = groups.find((g) => g[g.indexOf('name') + 1] === NOTIFIER_GROUP) ?? [];
  const pending = Number(group[group.indexOf('pending') + 1] ?? 0);
  return { pending, settled: group[group.indexOf('last-delivered-id') + 1] === lastId && pending === 0 };
}

async function publishedAlerts(): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NOT NULL`.execute(sandbox.db);
  return rows[0]?.n ?? 0;
}

describe('end to end: notifier as a real process', () => {
  it('sends every alert exactly once when it starts after the errors arrived (new groups and a regression)', async () => {
    // The notifier ran once (its consumer group exists), then went down hard.
    const early = start('notifier');
    await early.waitForLine(/notifier started/);
    early.kill('SIGKILL');
    expect(await early.exited).toBe('SIGKILL');

    const worker = start('ingest-worker');
    await worker.waitForLine(/ingest worker started/);
    const event = (n: number) =>
      ingestEvent({
        project: 'shop',
        exception_type: 'KeyError',
        message: `missing key ${n}`,
        traceback: pythonTrace(`module_${n}`, 10 * n, 'KeyError', `missing key ${n}`),
      });
    await enqueueEvents(sandbox.redisPrefix, [1, 2, 3, 4, 1, 2].map(event));
    await waitFor('4 alerts published', async () => ((await publishedAlerts()) === 4 ? true : undefined));

    // Group 1 is resolved, then happens again: a regression.
    await sql`UPDATE errors SET status = 'resolved', resolved_at = now() WHERE message = 'missing key 1'`.execute(sandbox.db);
    await enqueueEvents(sandbox.redisPrefix, [event(1)]);
    await waitFor('the regression published', async () => ((await publishedAlerts()) === 5 ? true : undefined));
    expect(inbox.messages).toHaveLength(0);

    const notifier = start('notifier');
    await waitFor('5 emails', async () => (inbox.messages.length >= 5 ? true : undefined));
    await waitFor('every entry acknowledged', async () => ((await streamState()).settled ? true : undefined));
    notifier.kill('SIGTERM');
    expect(await notifier.exited).toBe(0);

    expect(inbox.messages).toHaveLength(5);
    const subjects = inbox.messages.map((mail) => mail.subject).sort();
    expect(subjects).toEqual([
      '[Error Tracker] New error in shop (production): KeyError: missing key 1',
      '[Error Tracker] New error in shop (production): KeyError: missing key 2',
      '[Error Tracker] New error in shop (production): KeyError: missing key 3',
      '[Error Tracker] New error in shop (production): KeyError: missing key 4',
      '[Error Tracker] Regression in shop (production): KeyError: missing key 1',
    ]);
    for (const mail of inbox.messages) expect(mail.recipients).toEqual(['oncall@example.com']);
    const newTwo = inbox.messages.find((mail) => mail.subject.endsWith('missing key 2'))!;
    expect(newTwo.text).toMatch(/^Count:\s+2$/m);
    expect(newTwo.text).toContain('/srv/app/module_2.py:20');
  }, 60_000);

  it('does not send again when a notifier is killed after the mail server accepted but before it acknowledged', async () => {
    const worker = start('ingest-worker');
    await worker.waitForLine(/ingest worker started/);
    const redis = new URL(redisUrl());
    const proxy = sandbox.stopAfter(await startTcpProxy(redis.hostname, Number(redis.port || 6379)));
    const doomed = start('notifier', { REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
    await doomed.waitForLine(/notifier started/);

    // The moment the email is in, the doomed notifier's Redis commands stop getting through: its XACK never lands.
    inbox.beforeAccept(() => proxy.freeze());
    await enqueueEvents(sandbox.redisPrefix, [ingestEvent({ project: 'web', traceback: pythonTrace('checkout', 77) })]);
    await waitFor('the email', async () => (inbox.messages.length === 1 ? true : undefined));
    await waitFor('the alert marked sent', async () => {
      const row = await sandbox.db.selectFrom('notifications').select('state').executeTakeFirst();
      return row?.state === 'sent' ? true : undefined;
    });
    doomed.kill('SIGKILL');
    expect(await doomed.exited).toBe('SIGKILL');
    inbox.beforeAccept(undefined);
    expect((await streamState()).pending).toBe(1);

    const successor = start('notifier');
    await waitFor('the dead notifier’s entry claimed and acknowledged', async () =>
      (await streamState()).settled ? true : undefined,
    );
    await successor.waitForLine(/alert already handled; acknowledging without sending/);
    expect(inbox.messages).toHaveLength(1);
  }, 60_000);
});
