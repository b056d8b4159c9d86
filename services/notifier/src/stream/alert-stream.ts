import type { RedisClient } from '@error-tracker/runtime/redis';

/** A `new-errors` entry; fields is null when the entry was deleted (trimmed) while pending. */
export interface StreamEntry {
  readonly id: string;
  readonly fields: readonly string[] | null;
}

export interface ClaimPage {
  /** Cursor for the next XAUTOCLAIM call; '0-0' once the whole pending list was scanned. */
  readonly next: string;
  readonly entries: StreamEntry[];
}

/**
 * The notifier's view of the stream through its consumer group. Reads block on their own
 * connection, so stop() can cut a blocked read without disturbing acks in flight.
 */
export class AlertStream {
  constructor(
    private readonly commands: RedisClient,
    private readonly blocking: RedisClient,
    readonly key: string,
    readonly group: string,
    readonly consumer: string,
  ) {}

  /** Creates the group at the start of the stream, so entries published before the first notifier ran are sent too. */
  async ensureGroup(): Promise<void> {
    try {
      await this.commands.xgroup('CREATE', this.key, this.group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
  }

  /** New entries for this consumer; waits up to blockMs for one. */
  async read(count: number, blockMs: number): Promise<StreamEntry[]> {
    const reply: unknown = await this.blocking.xreadgroup(
      'GROUP',
      this.group,
      this.consumer,
      'COUNT',
      count,
      'BLOCK',
      blockMs,
      'STREAMS',
      this.key,
      '>',
    );
    if (!Array.isArray(reply)) return [];
    return reply.flatMap((stream: unknown) => (Array.isArray(stream) ? parseEntries(stream[1]) : []));
  }

  /** Takes over entries pending longer than minIdleMs with any consumer (a dead notifier's included). */
  async claimIdle(minIdleMs: number, start: string, count: number): Promise<ClaimPage> {
    const reply: unknown = await this.commands.xautoclaim(this.key, this.group, this.consumer, minIdleMs, start, 'COUNT', count);
    if (!Array.isArray(reply)) return { next: '0-0', entries: [] };
    const next = typeof reply[0] === 'string' ? reply[0] : '0-0';
    return { next, entries: parseEntries(reply[1]) };
  }

  async ack(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.commands.xack(this.key, this.group, ...ids);
  }

  /** Ends a blocked read at once (stop); the connection is not used again. */
  interruptRead(): void {
    this.blocking.disconnect();
  }
}

function parseEntries(raw: unknown): StreamEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item: unknown): StreamEntry[] => {
    if (!Array.isArray(item) || typeof item[0] !== 'string') return [];
    const fields: unknown = item[1];
    const valid = Array.isArray(fields) && fields.every((field) => typeof field === 'string');
    return [{ id: item[0], fields: valid ? fields : null }];
  });
}
