import { sql } from 'kysely';
import { startNotifier, type NotifierService } from '../../src';
import { useSandbox } from '../../../../test/support/sandbox';
import { type SmtpInbox, startSmtpInbox } from '../../../../test/support/smtp-inbox';
import { waitFor } from '../../../../test/support/wait-for';
import {
  FAST,
  insertGroup,
  notificationRows,
  pendingCount,
  publishAlert,
  quietLogger,
  readAsDeadConsumer,
  streamSettled,
} from './alert-fixtures';

const sandbox = useSandbox({ per: 'test' });
let inbox: SmtpInbox;

const RECIPIENTS = 'ops@example.com, dev@example.com';

beforeEach(async () => {
  inbox = sandbox.stopAfter(await startSmtpInbox());
});

async function notifier(env: Record<string, string> = {}, timing = {}): Promise<NotifierService> {
  const config = sandbox.config({ SMTP_URL: inbox.url, ALERT_EMAILS: RECIPIENTS, ...env });
  return sandbox.stopAfter(await startNotifier(config, quietLogger, { ...FAST, ...timing }));
}

const mails = (count: number) =>
  waitFor(`${count} email(s)`, async () => (inbox.messages.length >= count ? inbox.messages : undefined));

const allAcked = () =>
  waitFor('every entry read and acknowledged', async () => ((await streamSettled(sandbox)) ? true : undefined));

describe('notifier over SMTP', () => {
  it('emails a new group to every recipient with project, environment, type, message, culprit, count and first seen', async () => {
    const id = await insertGroup(sandbox.db, {
      project: 'shop',
      environment: 'staging',
      exception_type: 'ValueError',
      message: 'bad <b>value</b> & "quotes"',
      culprit: 'create (app/views.py:42)',
      count: 7,
      first_seen: new Date(Date.UTC(2026, 10, 20, 9, 30, 0)),
    });
    const alert = await publishAlert(sandbox, id, 'new');
    await notifier();

    const [mail] = await mails(1);
    expect(mail!.recipients.sort()).toEqual(['dev@example.com', 'ops@example.com']);
    expect(mail!.from).toBe('error-tracker@localhost');
    expect(mail!.headers.get('to')).toContain('ops@example.com');
    expect(mail!.subject).toBe('[Error Tracker] New error in shop (staging): ValueError: bad <b>value</b> & "quotes"');
    for (const expected of [
      'shop',
      'staging',
      'ValueError',
      'bad <b>value</b> & "quotes"',
      'create (app/views.py:42)',
      '7',
      '2026-11-20 09:30:00 UTC',
      alert.event_id,
    ]) {
      expect(mail!.text).toContain(expected);
    }
    expect(mail!.text).toMatch(/^Count:\s+7$/m);
    expect(mail!.html).toContain('bad &lt;b&gt;value&lt;/b&gt; &amp; &quot;quotes&quot;');
    expect(mail!.html).not.toContain('<b>value</b>');
    expect(mail!.html).toContain('create (app/views.py:42)');
    expect(mail!.html).toContain('2026-11-20 09:30:00 UTC');

    await allAcked();
    expect(await notificationRows(sandbox.db)).toEqual([
      expect.objectContaining({ error_id: id, event_id: alert.event_id, state: 'sent', attempts: 1, owner: null }),
    ]);
  });

  it('labels a regression as one', async () => {
    const id = await insertGroup(sandbox.db, { project: 'billing', message: 'card declined' });
    await publishAlert(sandbox, id, 'regression');
    await notifier();

    const [mail] = await mails(1);
    expect(mail!.subject).toBe('[Error Tracker] Regression in billing (production): ValueError: card declined');
    expect(mail!.text).toContain('REGRESSION');
    expect(mail!.text).toContain('Regression (was resolved)');
    expect(mail!.html).toContain('REGRESSION');
  });

  it('retries with backoff while the SMTP server refuses, then sends once', async () => {
    inbox.refuseNext(3, 451);
    const id = await insertGroup(sandbox.db);
    const alert = await publishAlert(sandbox, id);
    await notifier();

    await mails(1);
    await allAcked();
    expect(inbox.refused).toBe(3);
    expect(inbox.messages).toHaveLength(1);
    const row = (await notificationRows(sandbox.db)).find((r) => r.event_id === alert.event_id);
    expect(row).toMatchObject({ state: 'sent', attempts: 4 });
  });

  it('gives up on a permanent refusal after a few attempts and records it', async () => {
    inbox.refuseNext(100, 550);
    const id = await insertGroup(sandbox.db);
    const alert = await publishAlert(sandbox, id);
    await notifier();

    await allAcked();
    const row = await waitFor('the alert recorded as failed', async () => {
      const found = (await notificationRows(sandbox.db)).find((r) => r.event_id === alert.event_id);
      return found?.state === 'failed' ? found : undefined;
    });
    expect(row.attempts).toBe(3);
    expect(inbox.refused).toBe(3);
    expect(inbox.messages).toHaveLength(0);
  });

  it('claims the entries a dead notifier left pending and sends them', async () => {
    const ids = [await insertGroup(sandbox.db), await insertGroup(sandbox.db)];
    for (const id of ids) await publishAlert(sandbox, id);
    expect(await readAsDeadConsumer(sandbox)).toHaveLength(2);
    expect(await pendingCount(sandbox)).toBe(2);

    await notifier();
    await mails(2);
    await allAcked();
    expect(inbox.messages).toHaveLength(2);
  });

  it('acknowledges without sending an entry whose alert was already sent (a notifier killed before XACK)', async () => {
    const id = await insertGroup(sandbox.db);
    const alert = await publishAlert(sandbox, id);
    await readAsDeadConsumer(sandbox);
    // What the dead notifier wrote right after the mail server accepted, before it could XACK.
    await sql`
      INSERT INTO notifications (error_id, event_id, kind, state, stream_id, attempts, sent_at)
      VALUES (${id}, ${alert.event_id}, 'new', 'sent', ${alert.streamId}, 1, now())`.execute(sandbox.db);

    await notifier();
    await allAcked();
    expect(inbox.messages).toHaveLength(0);
  });

  it('sends one email when the same alert reaches the stream twice (outbox republished)', async () => {
    const id = await insertGroup(sandbox.db);
    const alert = await publishAlert(sandbox, id);
    await publishAlert(sandbox, id, 'new', alert.event_id);
    await notifier();

    await mails(1);
    await allAcked();
    expect(inbox.messages).toHaveLength(1);
  });

  it('skips alerts whose group was deleted meanwhile', async () => {
    const id = await insertGroup(sandbox.db);
    await publishAlert(sandbox, id);
    await sandbox.db.deleteFrom('errors').where('id', '=', id).execute();
    await notifier();

    await allAcked();
    expect(inbox.messages).toHaveLength(0);
  });

  it('with ALERT_EMAILS empty, acknowledges alerts without email and without error', async () => {
    const id = await insertGroup(sandbox.db);
    await publishAlert(sandbox, id);
    await notifier({ ALERT_EMAILS: '' });

    await allAcked();
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM notifications WHERE error_id = ${id}`.execute(
      sandbox.db,
    );
    expect(rows[0]?.n).toBe(0);
    expect(inbox.messages).toHaveLength(0);
  });

  it('refuses to start with ALERT_EMAILS but no transport', async () => {
    const config = sandbox.config({ ALERT_EMAILS: RECIPIENTS });
    await expect(startNotifier(config, quietLogger, FAST)).rejects.toThrow(/SMTP_URL/);
  });

  it('stops while an alert is being retried, leaving it for the next notifier, which sends it once', async () => {
    inbox.refuseNext(1_000, 451);
    const id = await insertGroup(sandbox.db);
    await publishAlert(sandbox, id);
    const first = await notifier();
    await waitFor('the first refusal', async () => (inbox.refused > 0 ? true : undefined));

    await sandbox.stop(first);
    expect(await pendingCount(sandbox)).toBe(1);
    expect((await notificationRows(sandbox.db)).find((r) => r.error_id === id)).toMatchObject({ state: 'sending', owner: null });

    inbox.refuseNext(0);
    await notifier();
    await mails(1);
    await allAcked();
    expect(inbox.messages).toHaveLength(1);
  });
});
