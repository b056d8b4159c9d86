import { startNotifier } from '../../src';
import { type PostmarkStub, startPostmarkStub } from '../../../../test/support/postmark-stub';
import { useSandbox } from '../../../../test/support/sandbox';
import { waitFor } from '../../../../test/support/wait-for';
import { FAST, insertGroup, notificationRows, publishAlert, quietLogger, streamSettled } from './alert-fixtures';

const sandbox = useSandbox({ per: 'test' });
let postmark: PostmarkStub;

beforeEach(async () => {
  postmark = sandbox.stopAfter(await startPostmarkStub());
  const config = sandbox.config({
    POSTMARK_API_TOKEN: 'server-token-123',
    POSTMARK_FROM_EMAIL: 'alerts@example.com',
    POSTMARK_API_URL: postmark.url,
    ALERT_EMAILS: 'ops@example.com,dev@example.com',
  });
  sandbox.stopAfter(await startNotifier(config, quietLogger, FAST));
});

const settled = () => waitFor('every entry acknowledged', async () => ((await streamSettled(sandbox)) ? true : undefined));

describe('notifier over Postmark', () => {
  it('POSTs the alert to {POSTMARK_API_URL}/email with the server token, text and escaped HTML', async () => {
    const id = await insertGroup(sandbox.db, {
      project: 'web',
      environment: 'production',
      exception_type: 'TypeError',
      message: "Cannot read properties of undefined (reading 'id') <script>alert(1)</script>",
      culprit: 'getUser (/srv/web/src/users.js:42:17)',
      count: 12,
    });
    await publishAlert(sandbox, id, 'new');

    const [request] = await waitFor('a Postmark request', async () =>
      postmark.accepted.length > 0 ? postmark.accepted : undefined,
    );
    expect(request).toMatchObject({ method: 'POST', path: '/email', token: 'server-token-123', contentType: 'application/json' });
    expect(request!.body).toMatchObject({
      From: 'alerts@example.com',
      To: 'ops@example.com, dev@example.com',
      Subject:
        "[Error Tracker] New error in web (production): TypeError: Cannot read properties of undefined (reading 'id') <script>alert(1)</script>",
      MessageStream: 'outbound',
    });
    const text = String(request!.body.TextBody);
    for (const expected of [
      'web',
      'production',
      'TypeError',
      '<script>alert(1)</script>',
      'getUser (/srv/web/src/users.js:42:17)',
      '12',
    ]) {
      expect(text).toContain(expected);
    }
    const html = String(request!.body.HtmlBody);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&#39;id&#39;');
    expect(html).not.toContain('<script>');
    await settled();
  });

  it('retries when Postmark answers 5xx, and sends once', async () => {
    postmark.failNext(2, 503);
    const id = await insertGroup(sandbox.db);
    const alert = await publishAlert(sandbox, id);

    await waitFor('the alert accepted', async () => (postmark.accepted.length > 0 ? true : undefined));
    await settled();
    expect(postmark.requests).toHaveLength(3);
    expect(postmark.accepted).toHaveLength(1);
    expect((await notificationRows(sandbox.db)).find((r) => r.event_id === alert.event_id)).toMatchObject({
      state: 'sent',
      attempts: 3,
    });
  });

  it('gives up after a few 422 refusals (a request Postmark will never take)', async () => {
    postmark.failNext(100, 422);
    const id = await insertGroup(sandbox.db);
    const alert = await publishAlert(sandbox, id);

    const row = await waitFor('the alert recorded as failed', async () => {
      const found = (await notificationRows(sandbox.db)).find((r) => r.event_id === alert.event_id);
      return found?.state === 'failed' ? found : undefined;
    });
    await settled();
    expect(row.attempts).toBe(3);
    expect(postmark.accepted).toHaveLength(0);
  });
});
