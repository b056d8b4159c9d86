import { escapeHtml, renderAlert, renderDigest } from '../../src';

const group = {
  id: 42,
  project: 'shop <prod>',
  environment: 'staging & "qa"',
  exception_type: 'ValueError',
  message: 'line one\nline two <img src=x onerror=alert(1)>',
  culprit: null,
  level: 'error' as const,
  count: 3,
  first_seen: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
  last_seen: new Date(Date.UTC(2026, 0, 3, 3, 4, 5)),
};

describe('alert rendering', () => {
  it('escapes every user-supplied field in HTML', () => {
    const { html } = renderAlert(group, { kind: 'new', event_id: '6f1c0000-0000-4000-8000-000000000000' });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<prod>');
    expect(html).toContain('shop &lt;prod&gt;');
    expect(html).toContain('staging &amp; &quot;qa&quot;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps the subject on one line and bounded, and says when the culprit is unknown', () => {
    const long = renderAlert(
      { ...group, message: `${'x'.repeat(500)}\r\nBcc: victim@example.com` },
      { kind: 'new', event_id: 'e' },
    );
    expect(long.subject).not.toMatch(/[\r\n]/);
    expect(long.subject.length).toBeLessThan(320);
    expect(long.subject.endsWith('…')).toBe(true);
    expect(renderAlert(group, { kind: 'new', event_id: 'e' }).text).toMatch(/^Culprit:\s+unknown/m);
  });

  it('labels regressions in subject, text and HTML', () => {
    const email = renderAlert(group, { kind: 'regression', event_id: 'e' });
    expect(email.subject).toMatch(/^\[Error Tracker\] Regression in /);
    expect(email.text).toMatch(/^REGRESSION:/);
    expect(email.html).toContain('>REGRESSION<');
  });

  it('lists every digest item with kind, place, error, culprit, count and first seen', () => {
    const digest = renderDigest([
      { group, kind: 'new' },
      { group: { ...group, id: 43, project: 'billing', culprit: 'pay (billing.py:7)' }, kind: 'regression' },
    ]);
    expect(digest.subject).toBe('[Error Tracker] Digest: 1 new error and 1 regression in 2 projects');
    expect(digest.text).toContain('1. [NEW] shop <prod> (staging & "qa") ValueError: line one line two');
    expect(digest.text).toContain('2. [REGRESSION] billing');
    expect(digest.text).toContain('culprit: pay (billing.py:7) | count: 3 | first seen: 2026-01-02 03:04:05 UTC | group #43');
    expect(digest.html).not.toContain('<img');
  });

  it('lists the first 200 alerts of a huge digest and counts the rest', () => {
    const items = Array.from({ length: 250 }, (_, i) => ({ group: { ...group, id: i + 1 }, kind: 'new' as const }));
    const digest = renderDigest(items);
    expect(digest.subject).toBe('[Error Tracker] Digest: 250 new errors in 1 project');
    expect(digest.text).toContain('200. [NEW]');
    expect(digest.text).not.toContain('201. [NEW]');
    expect(digest.text).toContain('…and 50 more');
    expect(digest.html).toContain('…and 50 more');
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
