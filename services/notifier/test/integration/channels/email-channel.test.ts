import { loadConfig } from '@error-tracker/runtime/config/load-config';
import { createMailSender, type MailSender } from '@error-tracker/runtime/mail/mail-sender';
import { createChannel } from '../../../src/channels';
import { type SmtpInbox, startSmtpInbox } from '../../../../../test/support/smtp-inbox';
import { FIRING, HOSTILE } from '../../support/alert-messages';

describe('email channel', () => {
  let inbox: SmtpInbox;
  let mail: MailSender;

  beforeEach(async () => {
    inbox = await startSmtpInbox();
    const sender = createMailSender(loadConfig({ SMTP_URL: inbox.url, ALERT_FROM_EMAIL: 'alerts@example.com' }), 5_000);
    if (sender === undefined) throw new Error('no mail sender');
    mail = sender;
  });

  afterEach(async () => {
    mail.close();
    await inbox.close();
  });

  const channel = () =>
    createChannel('email', { recipients: ['ops@example.com', 'dev@example.com'] }, { allowPrivate: false, mail });

  it('mails the integration recipients through the configured SMTP server, text and escaped HTML', async () => {
    await channel().send(FIRING);
    await channel().send(HOSTILE);
    const [firing, hostile] = inbox.messages;
    expect(firing?.recipients.sort()).toEqual(['dev@example.com', 'ops@example.com']);
    expect(firing?.from).toBe('alerts@example.com');
    expect(firing?.subject).toBe(
      '[Error Tracker] Alert firing: High error rate — 73 errors in 5m (threshold > 50) in shop (production)',
    );
    expect(firing?.text).toContain(`Open error group: ${FIRING.groupUrl}`);
    expect(firing?.html).toContain(`<a href="${FIRING.groupUrl}">Open error group</a>`);
    expect(hostile?.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(hostile?.html.includes('<script>')).toBe(false);
  });

  it('retries a 4xx SMTP answer and gives up on a 5xx one', async () => {
    inbox.refuseNext(1, 451);
    await expect(channel().send(FIRING)).rejects.toMatchObject({ channel: 'email', permanent: false, status: 451 });
    inbox.refuseNext(1, 550);
    await expect(channel().send(FIRING)).rejects.toMatchObject({ channel: 'email', permanent: true, status: 550 });
    await channel().send(FIRING);
    expect(inbox.messages).toHaveLength(1);
  });
});
