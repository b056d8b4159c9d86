import { DISCORD_LIMITS, discordPayload } from '../../../src/channels/discord-channel';
import { FIRING, HOSTILE, NEW_ERROR } from '../../support/alert-messages';

describe('Discord payload', () => {
  it('has content and one embed with the title, the count in its window, the project, fields, links, colour and time', () => {
    const payload = discordPayload(FIRING);
    expect(payload.content).toBe('**FIRING** Alert firing: High error rate');
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    const [embed] = payload.embeds;
    expect(embed).toMatchObject({
      title: 'Alert firing: High error rate',
      url: FIRING.groupUrl,
      color: 0xcf222e,
      timestamp: '2026-11-20T09:30:00.000Z',
      footer: { text: 'Error Tracker' },
    });
    expect(embed?.description).toBe(
      [
        '73 errors in 5m (threshold > 50) in shop (production)',
        `[Open error group](${FIRING.groupUrl})`,
        `[Open alert rule](${FIRING.ruleUrl})`,
      ].join('\n'),
    );
    expect(embed?.fields).toContainEqual({ name: 'Count', value: '73', inline: true });
    expect(embed?.fields).toContainEqual({ name: 'Window', value: '5m', inline: true });
  });

  it('links a new error to its group', () => {
    expect(discordPayload(NEW_ERROR).embeds[0]?.url).toBe(NEW_ERROR.groupUrl);
  });

  it('stays within content ≤ 2000, title ≤ 256, description ≤ 4096, field ≤ 1024 and 6000 for the whole embed', () => {
    const payload = discordPayload(HOSTILE);
    expect(payload.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    const [embed] = payload.embeds;
    expect(embed).toBeDefined();
    if (embed === undefined) return;
    expect(embed.title.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(embed.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    for (const field of embed.fields) {
      expect(field.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    }
    const total =
      embed.title.length +
      embed.description.length +
      embed.footer.text.length +
      embed.fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  });
});
