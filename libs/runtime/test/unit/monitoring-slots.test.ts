import { delayToNextSample, slotStart } from '../../src/monitoring/slots';

const INTERVAL = 60_000;

describe('sample slots', () => {
  it('start on multiples of the interval', () => {
    expect(slotStart(125_000, INTERVAL)).toBe(120_000);
    expect(slotStart(120_000, INTERVAL)).toBe(120_000);
  });

  it('are sampled in their middle', () => {
    expect(delayToNextSample(120_000, INTERVAL, undefined)).toBe(30_000);
    expect(delayToNextSample(170_000, INTERVAL, 120_000)).toBe(40_000);
  });

  it('never sample a slot twice, even when a timer fires early', () => {
    // Sampled slot 120 000 at 149 999 (a millisecond early): the next sample is slot 180 000's middle.
    expect(delayToNextSample(149_999, INTERVAL, 120_000)).toBe(210_000 - 149_999);
  });

  it('never skip a slot when a timer fires late', () => {
    // Slot 120 000 sampled; slot 180 000's turn comes late, at 239 000: it is sampled at once, in its slot.
    expect(delayToNextSample(239_000, INTERVAL, 120_000)).toBe(0);
    expect(delayToNextSample(181_000, INTERVAL, 120_000)).toBe(29_000);
  });
});
