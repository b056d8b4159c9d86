import { ADAPTIVE_CARD_CONTENT_TYPE, teamsPayload } from '../../../src/channels/teams-channel';
import { FIRING, HOSTILE, RESOLVED } from '../../support/alert-messages';

describe('Teams payload', () => {
  it('is a message with one Adaptive Card 1.4: headline, detail, facts and open-URL actions', () => {
    const payload = teamsPayload(FIRING);
    expect(payload.type).toBe('message');
    expect(payload.attachments).toHaveLength(1);
    const [attachment] = payload.attachments;
    expect(attachment?.contentType).toBe(ADAPTIVE_CARD_CONTENT_TYPE);
    const card = attachment?.content;
    expect(card).toMatchObject({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
    });
    expect(card?.body[0]).toMatchObject({
      type: 'TextBlock',
      text: 'Alert firing: High error rate',
      color: 'Attention',
      wrap: true,
    });
    expect(card?.body[1]).toMatchObject({ type: 'TextBlock', text: '73 errors in 5m (threshold > 50) in shop (production)' });
    expect(card?.body[2]).toMatchObject({ type: 'FactSet' });
    expect(card?.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open error group', url: FIRING.groupUrl },
      { type: 'Action.OpenUrl', title: 'Open alert rule', url: FIRING.ruleUrl },
    ]);
  });

  it('colours a resolution green', () => {
    expect(teamsPayload(RESOLVED).attachments[0]?.content.body[0]).toMatchObject({
      color: 'Good',
      text: 'Resolved: High error rate',
    });
  });

  it('stays well under the 28 KB a Teams message may hold', () => {
    expect(Buffer.byteLength(JSON.stringify(teamsPayload(HOSTILE)))).toBeLessThan(28 * 1024);
  });
});
