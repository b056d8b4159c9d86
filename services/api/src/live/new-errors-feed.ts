import { duplicateForBlocking, type RedisClient } from '@error-tracker/runtime/redis';
import { decodeNewErrorMessage } from '@error-tracker/contracts/new-error-message';

/** A created or reopened group, as the `new-errors` stream announced it. */
export interface LiveGroup {
  /** The stream entry's id: what a reconnecting EventSource sends back as Last-Event-ID. */
  readonly id: string;
  readonly errorId: number;
  readonly eventId: string;
  readonly kind: 'new' | 'regression';
}

export interface Subscriber {
  readonly entry: (group: LiveGroup) => void;
  /** The feed is closing (the API is stopping): end the stream. */
  readonly end: () => void;
}

const BATCH = 100;
const RETRY_MS = 1_000;

function parse(entries: ReadonlyArray<[string, string[]]>): LiveGroup[] {
  return entries.flatMap(([id, fields]) => {
    const message = decodeNewErrorMessage(fields);
    return message ? [{ id, errorId: message.error_id, eventId: message.event_id, kind: message.kind }] : [];
  });
}

/** Whether stream id `a` comes after `b` (`<ms>-<seq>`). */
export function streamIdAfter(a: string, b: string): boolean {
  const [am = 0n, as = 0n] = a.split('-').map(BigInt);
  const [bm = 0n, bs = 0n] = b.split('-').map(BigInt);
  return am > bm || (am === bm && as > bs);
}

export const isStreamId = (value: string | undefined): value is string =>
  value !== undefined && /^\d{1,20}-\d{1,20}$/.test(value);

/**
 * One reader of the `new-errors` stream per API replica, shared by every open event stream. It
 * reads with plain XREAD (every replica sees every entry; the notifier's consumer group is left
 * alone), on its own connection since XREAD blocks, and only while someone is listening.
 */
export class NewErrorsFeed {
  private readonly subscribers = new Set<Subscriber>();
  private reader: RedisClient | undefined;

  constructor(
    private readonly redis: RedisClient,
    private readonly key: string,
    private readonly blockMs = 5_000,
  ) {}

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    if (!this.reader) this.start();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.stop();
    };
  }

  /** Entries after `id`, oldest first (at most 100): what a reconnecting client missed. */
  async since(id: string): Promise<LiveGroup[]> {
    return parse(await this.redis.xrange(this.key, `(${id}`, '+', 'COUNT', BATCH));
  }

  /** Ends every stream and stops reading. */
  close(): void {
    for (const subscriber of [...this.subscribers]) subscriber.end();
    this.subscribers.clear();
    this.stop();
  }

  private start(): void {
    const reader = duplicateForBlocking(this.redis);
    this.reader = reader;
    void this.read(reader);
  }

  private stop(): void {
    const reader = this.reader;
    this.reader = undefined;
    reader?.disconnect();
  }

  private async read(reader: RedisClient): Promise<void> {
    // From the stream's current end, fixed before the first XREAD: `$` on each call would miss what
    // arrives between two calls.
    let last: string | undefined;
    while (this.reader === reader) {
      try {
        last ??= (await reader.xrevrange(this.key, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
        const reply = await reader.xread('COUNT', BATCH, 'BLOCK', this.blockMs, 'STREAMS', this.key, last);
        for (const [, entries] of reply ?? []) {
          last = entries.at(-1)?.[0] ?? last;
          for (const group of parse(entries)) for (const subscriber of this.subscribers) subscriber.entry(group);
        }
      } catch {
        if (this.reader !== reader) return;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }
}
