import type { IngestEvent } from '@error-tracker/contracts/ingest-job';
import { type BundleLimits, WindowBundler } from '../../src/ingest/window-bundler';

const fitted = (id: number, chars = 100) => ({ event: { event_id: String(id) } as IngestEvent, chars });
const ids = (events: readonly IngestEvent[]) => events.map((event) => event.event_id);

/** A bundler whose sends succeed at once, recording each bundle's event ids. */
function recordingBundler(limits: BundleLimits): { sent: string[][]; bundler: WindowBundler<void> } {
  const sent: string[][] = [];
  const bundler = new WindowBundler<void>((events) => {
    sent.push(ids(events));
    return Promise.resolve();
  }, limits);
  return { sent, bundler };
}

describe('WindowBundler', () => {
  it('sends the events added within its window as one bundle, settling each caller after the send', async () => {
    const sent: string[][] = [];
    let settled = 0;
    const bundler = new WindowBundler<void>(
      async (events) => {
        sent.push(ids(events));
        if (sent.length === 1) expect(settled).toBe(0);
        await new Promise((resolve) => setTimeout(resolve, 10));
      },
      { maxEvents: 100, maxChars: 1_000_000 },
    );
    const adds = [1, 2, 3].map((id) => bundler.add(fitted(id)).then(() => settled++));
    await Promise.all(adds);
    expect(sent).toEqual([['1', '2', '3']]);
    expect(settled).toBe(3);

    await Promise.all([
      bundler.add(fitted(4)),
      new Promise((resolve) => setImmediate(resolve)).then(() => bundler.add(fitted(5))),
    ]);
    await Promise.all([
      bundler.add(fitted(6)),
      new Promise((resolve) => setTimeout(resolve, 20)).then(() => bundler.add(fitted(7))),
    ]);
    expect(sent.slice(1)).toEqual([['4', '5'], ['6'], ['7']]);
  });

  it('gives a small bundle a second millisecond, and sends one of 16 events after the first', () => {
    jest.useFakeTimers();
    try {
      const { sent, bundler } = recordingBundler({ maxEvents: 100, maxChars: 1_000_000 });
      void bundler.add(fitted(1));
      jest.advanceTimersByTime(1);
      expect(sent).toEqual([]);
      void bundler.add(fitted(2));
      jest.advanceTimersByTime(1);
      expect(sent).toEqual([['1', '2']]);
      for (let id = 10; id < 26; id++) void bundler.add(fitted(id));
      jest.advanceTimersByTime(1);
      expect(sent).toHaveLength(2);
      expect(sent[1]).toHaveLength(16);
    } finally {
      jest.useRealTimers();
    }
  });

  it('sends a bundle early at its event or character limit; a larger event goes alone', async () => {
    const { sent, bundler } = recordingBundler({ maxEvents: 2, maxChars: 1_000 });
    await Promise.all([
      bundler.add(fitted(1)),
      bundler.add(fitted(2)),
      bundler.add(fitted(3)),
      bundler.add(fitted(4, 950)),
      bundler.add(fitted(5, 5_000)),
      bundler.add(fitted(6)),
    ]);
    expect(sent).toEqual([['1', '2'], ['3'], ['4'], ['5'], ['6']]);
  });

  it('rejects every caller of a bundle whose send failed, and only those', async () => {
    let calls = 0;
    const bundler = new WindowBundler<void>(
      () => (++calls === 1 ? Promise.reject(new Error('Redis said no')) : Promise.resolve()),
      {
        maxEvents: 100,
        maxChars: 1_000_000,
      },
    );
    const first = [bundler.add(fitted(1)), bundler.add(fitted(2))].map((add) =>
      add.then(
        () => 'ok',
        (error: Error) => error.message,
      ),
    );
    expect(await Promise.all(first)).toEqual(['Redis said no', 'Redis said no']);
    await expect(bundler.add(fitted(3))).resolves.toBeUndefined();
  });

  it('drain sends what waits and waits for the bundles in flight', async () => {
    const sent: string[][] = [];
    const bundler = new WindowBundler<void>(
      async (events) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        sent.push(ids(events));
      },
      { maxEvents: 100, maxChars: 1_000_000 },
    );
    void bundler.add(fitted(1));
    await bundler.drain();
    expect(sent).toEqual([['1']]);
  });
});
