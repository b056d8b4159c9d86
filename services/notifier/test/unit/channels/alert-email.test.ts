import { alertEmail } from '../../../src/channels/email-channel';
import { FIRING, HOSTILE } from '../../support/alert-messages';

const CONFIG = { recipients: ['ops@example.com', 'dev@example.com'] };

describe('alert email', () => {
  it('goes to the integration recipients with what fired, the count, window, project and links in text and HTML', () => {
    const email = alertEmail(FIRING, CONFIG);
    expect(email.to).toEqual(CONFIG.recipients);
    expect(email.subject).toBe(
      '[Error Tracker] Alert firing: High error rate — 73 errors in 5m (threshold > 50) in shop (production)',
    );
    expect(email.text).toMatch(/^Count:\s+73$/m);
    expect(email.text).toMatch(/^Window:\s+5m$/m);
    expect(email.text).toMatch(/^Project:\s+shop$/m);
    expect(email.text).toContain(`Open error group: ${FIRING.groupUrl}`);
    expect(email.text).toContain(`Open alert rule: ${FIRING.ruleUrl}`);
    expect(email.html).toContain(`<a href="${FIRING.groupUrl}">Open error group</a>`);
    expect(email.html).toContain('73 errors in 5m (threshold &gt; 50) in shop (production)');
  });

  it('escapes every value in the HTML and keeps the subject on one bounded line', () => {
    const email = alertEmail(HOSTILE, CONFIG);
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<b>bold</b>');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject.length).toBeLessThanOrEqual(220);
  });
});
