import { SLACK_LIMITS, slackPayload } from '../../../src/channels/slack-channel';
import { FIRING, HOSTILE, RESOLVED } from '../../support/alert-messages';

/** Every mrkdwn text object's text, wherever it sits in the blocks. */
function mrkdwnTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (typeof value !== 'object' || value === null) return [];
  const { type, text } = value as { type?: unknown; text?: unknown };
  const own = type === 'mrkdwn' && typeof text === 'string' ? [text] : [];
  return [...own, ...Object.values(value).flatMap(mrkdwnTexts)];
}

describe('Slack payload', () => {
  it('has a text fallback and header, detail, fields, buttons and context blocks that say what fired, the count, window, project and links', () => {
    const payload = slackPayload(FIRING);
    expect(payload.text).toBe('Alert firing: High error rate — 73 errors in 5m (threshold &gt; 50) in shop (production)');
    expect(payload.blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'actions', 'context']);
    expect(payload.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Alert firing: High error rate' } });
    expect(payload.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '73 errors in 5m (threshold &gt; 50) in shop (production)' },
    });
    const fields = payload.blocks[2]?.type === 'section' ? payload.blocks[2].fields : undefined;
    expect(fields).toContainEqual({ type: 'mrkdwn', text: '*Count*\n73' });
    expect(fields).toContainEqual({ type: 'mrkdwn', text: '*Window*\n5m' });
    expect(fields).toContainEqual({ type: 'mrkdwn', text: '*Project*\nshop' });
    expect(payload.blocks[3]).toEqual({
      type: 'actions',
      elements: [
        { type: 'button', text: { type: 'plain_text', text: 'Open error group' }, url: FIRING.groupUrl },
        { type: 'button', text: { type: 'plain_text', text: 'Open alert rule' }, url: FIRING.ruleUrl },
      ],
    });
  });

  it('says a resolved alert is resolved', () => {
    expect(slackPayload(RESOLVED).text).toMatch(/^Resolved: High error rate — 12 errors in 5m/);
  });

  it('escapes &, < and > in mrkdwn so no text becomes a link or a mention, and keeps every block within its limit', () => {
    const payload = slackPayload(HOSTILE);
    const mrkdwn = [payload.text, ...mrkdwnTexts(payload.blocks)];
    expect(mrkdwn.length).toBeGreaterThan(9);
    expect(mrkdwn.filter((text) => /[<>]/.test(text))).toEqual([]);
    expect(payload.text.startsWith('Alert firing: @everyone &lt;!channel&gt; &lt;b&gt;bold&lt;/b&gt; &amp; "quotes"')).toBe(true);
    expect(payload.text.length).toBeLessThanOrEqual(SLACK_LIMITS.section);
    expect(/&[a-z]*…$/.test(payload.text)).toBe(false);
    for (const block of payload.blocks) {
      if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.header);
      if (block.type === 'section') {
        expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.section);
        expect(block.fields?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.fields);
        for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.field);
      }
    }
  });

  it('leaves out the buttons when there is no link', () => {
    const { groupUrl: _group, ruleUrl: _rule, ...unlinked } = FIRING;
    expect(slackPayload(unlinked).blocks.some((block) => block.type === 'actions')).toBe(false);
  });
});
