import { sleep } from '@error-tracker/runtime/retry';

/** What the load saw over a stretch of time. */
export interface LoadTally {
  sent: number;
  /** 2xx: the API promised to count these. */
  accepted: number;
  /** 503: the API said it did not take them. */
  unavailable: number;
  /** Any other status. */
  otherStatus: number;
  /** No answer (refused, reset, timed out): counted or not, the client cannot know. */
  noAnswer: number;
}

export interface IngestLoad {
  /** Every event id answered 2xx, in the order the answers came. */
  readonly acceptedIds: readonly string[];
  /** Everything since the load started. */
  readonly total: LoadTally;
  /** Sends to this API base URL from now on. */
  retarget(base: string): void;
  /** Starts a new stretch and answers the one that ended. */
  nextStretch(): LoadTally;
  /** Resolves with the time of the first 2xx answer to a request sent after `since` (ms since the epoch). */
  acceptedAfter(since: number, timeoutMs: number): Promise<number>;
  /** Stops sending; resolves once the requests in flight have their answers. */
  stop(): Promise<LoadTally>;
}

export interface LoadOptions {
  readonly base: string;
  readonly apiKey: string;
  readonly perSecond: number;
  /** The i-th event's JSON body. */
  readonly body: (i: number) => unknown;
  /** Concurrent senders; each waits for its answer before the next request. */
  readonly lanes?: number;
  readonly timeoutMs?: number;
}

const emptyTally = (): LoadTally => ({ sent: 0, accepted: 0, unavailable: 0, otherStatus: 0, noAnswer: 0 });

/** A steady stream of POST /api/errors from this process, at about `perSecond`, recording what each answer said. */
export function startIngestLoad(options: LoadOptions): IngestLoad {
  const lanes = options.lanes ?? 4;
  const gapMs = (1000 * lanes) / options.perSecond;
  const acceptedIds: string[] = [];
  const total = emptyTally();
  let stretch = emptyTally();
  let base = options.base;
  let next = 0;
  let running = true;
  const waiters = new Set<{ since: number; resolve: (at: number) => void }>();

  const sendOne = async (): Promise<void> => {
    const sentAt = Date.now();
    // An answer counts in the stretch its request was sent in.
    const mine = stretch;
    const note = (field: keyof LoadTally) => {
      total[field]++;
      mine[field]++;
    };
    note('sent');
    try {
      const response = await fetch(`${base}/api/errors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': options.apiKey },
        body: JSON.stringify(options.body(next++)),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      const answer = (await response.json().catch(() => ({}))) as { id?: unknown };
      if (response.ok && typeof answer.id === 'string') {
        acceptedIds.push(answer.id);
        note('accepted');
        for (const waiter of waiters) if (waiter.since <= sentAt) waiter.resolve(Date.now());
      } else note(response.status === 503 ? 'unavailable' : 'otherStatus');
    } catch {
      note('noAnswer');
    }
  };
  const lane = async () => {
    while (running) {
      const started = Date.now();
      await sendOne();
      await sleep(Math.max(0, gapMs - (Date.now() - started)));
    }
  };
  const lanesDone = Promise.all(Array.from({ length: lanes }, lane));

  return {
    acceptedIds,
    total,
    retarget: (url) => {
      base = url;
    },
    nextStretch: () => {
      const ended = stretch;
      stretch = emptyTally();
      return ended;
    },
    acceptedAfter: (since, timeoutMs) =>
      new Promise((resolve, reject) => {
        const waiter = {
          since,
          resolve: (at: number) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve(at);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no 2xx answer to a request sent after ${new Date(since).toISOString()} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      }),
    stop: async () => {
      running = false;
      await lanesDone;
      return total;
    },
  };
}
