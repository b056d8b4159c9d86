import { createChannel } from '../../../src/channels';
import { startTwilioSink } from '../../../../../test/support/channel-sinks/twilio-sink';
import { FIRING } from '../../support/alert-messages';
import { TWILIO, useSinks } from './channel-cases';

const DEPS = { allowPrivate: true };
const NUMBERS = ['+14155550100', '+447700900123'];

describe('SMS channel (Twilio-compatible)', () => {
  const track = useSinks();
  const config = (target: string, token = TWILIO.token) => ({
    account_sid: TWILIO.sid,
    auth_token: token,
    from: TWILIO.from,
    to: NUMBERS,
    api_url: target,
  });

  it('sends one message per number, with basic auth and form-encoded To, From and Body', async () => {
    const sink = track(await startTwilioSink(TWILIO.sid, TWILIO.token));
    await createChannel('sms', config(sink.target), DEPS).send(FIRING);
    expect(sink.problems).toEqual([]);
    expect(sink.messages).toEqual(
      NUMBERS.map((to) => ({
        to,
        from: TWILIO.from,
        body: `[Error Tracker] Alert firing: High error rate — 73 errors in 5m (threshold > 50) in shop (production)\n${FIRING.groupUrl}`,
      })),
    );
  });

  it('gives up when Twilio refuses the credentials (401)', async () => {
    const sink = track(await startTwilioSink(TWILIO.sid, TWILIO.token));
    await expect(createChannel('sms', config(sink.target, 'wrong-token'), DEPS).send(FIRING)).rejects.toMatchObject({
      permanent: true,
      status: 401,
    });
    expect(sink.accepted).toHaveLength(0);
  });

  it('still texts the other numbers when one fails, and names the failed one; transient if that failure is', async () => {
    const sink = track(await startTwilioSink(TWILIO.sid, TWILIO.token));
    sink.failNext(1, { status: 500 });
    const sending = createChannel('sms', config(sink.target), DEPS).send(FIRING);
    await expect(sending).rejects.toMatchObject({
      permanent: false,
      status: 500,
      message: expect.stringContaining(`1 of 2 numbers failed (${NUMBERS[0]}: `),
    });
    expect(sink.messages.map((message) => message.to)).toEqual([NUMBERS[1]]);
  });
});
