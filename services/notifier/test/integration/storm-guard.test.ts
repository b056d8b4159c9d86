import { startNotifier } from '../../src';
import { useSandbox } from '../../../../test/support/sandbox';
import { type SmtpInbox, startSmtpInbox } from '../../../../test/support/smtp-inbox';
import { waitFor } from '../../../../test/support/wait-for';
import { FAST, insertGroup, notificationRows, publishAlert, quietLogger, streamSettled } from './alert-fixtures';

const sandbox = useSandbox();
let inbox: SmtpInbox;

beforeAll(async () => {
  inbox = sandbox.stopAfter(await startSmtpInbox());
});

describe('storm guard', () => {
  it('sends the first ALERT_DIGEST_THRESHOLD alerts of a burst one by one and the rest as one digest, each alert once', async () => {
    const config = sandbox.config({
      SMTP_URL: inbox.url,
      ALERT_EMAILS: 'ops@example.com',
      ALERT_DIGEST_THRESHOLD: '3',
    });
    // Two replicas share the count and the digest.
    for (let i = 0; i < 2; i++) sandbox.stopAfter(await startNotifier(config, quietLogger, { ...FAST, stormWindowMs: 3_000 }));

    const groups: Array<{ id: number; message: string }> = [];
    for (let i = 0; i < 9; i++) {
      const message = `storm error number ${i} <${i}>`;
      const id = await insertGroup(sandbox.db, { project: i % 2 === 0 ? 'shop' : 'billing', message });
      groups.push({ id, message });
      await publishAlert(sandbox, id, i === 8 ? 'regression' : 'new');
    }

    await waitFor('3 alerts and 1 digest', async () => (inbox.messages.length >= 4 ? true : undefined));
    await waitFor('every entry acknowledged', async () => ((await streamSettled(sandbox)) ? true : undefined));

    const digests = inbox.messages.filter((mail) => mail.subject.includes('Digest'));
    const singles = inbox.messages.filter((mail) => !mail.subject.includes('Digest'));
    expect(singles).toHaveLength(3);
    expect(digests).toHaveLength(1);
    const digest = digests[0]!;
    expect(digest.subject).toBe('[Error Tracker] Digest: 5 new errors and 1 regression in 2 projects');
    expect(digest.html).toContain('&lt;');
    expect(digest.html).not.toMatch(/<\d>/);

    // Every group is in exactly one email.
    for (const group of groups) {
      const carriers = inbox.messages.filter((mail) => mail.text.includes(group.message));
      expect(carriers).toHaveLength(1);
    }
    expect(digest.text).toContain('[REGRESSION]');
    const rows = await notificationRows(sandbox.db);
    expect(rows).toHaveLength(9);
    expect(rows.every((row) => row.state === 'sent')).toBe(true);
  });
});
