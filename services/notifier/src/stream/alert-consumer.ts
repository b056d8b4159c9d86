import type { Logger } from '@error-tracker/runtime/logger';
import type { AlertProcessor } from '../alerts/alert-processor';
import { claimIntervalMs, type NotifierTiming } from '../notifier-options';
import { backoffMs, sleep } from '@error-tracker/runtime/retry';
import type { AlertStream, StreamEntry } from './alert-stream';

/** Pages of XAUTOCLAIM per round, so a huge pending list cannot starve new entries. */
const MAX_CLAIM_PAGES = 10;

/**
 * Reads `new-errors` through the consumer group, one entry at a time, and now and then takes over
 * entries that sat pending too long (a dead notifier's, or ours that failed on the way).
 */
export class AlertConsumer {
  private stopping = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly stream: AlertStream,
    private readonly processor: AlertProcessor,
    private readonly timing: NotifierTiming,
    private readonly logger: Logger,
    private readonly signal: AbortSignal,
  ) {}

  start(): void {
    this.running = this.run();
  }

  /** Call after aborting the signal: waits for the entry in hand to be finished (sent and acked, or released). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stream.interruptRead();
    await this.running;
  }

  private async run(): Promise<void> {
    let failures = 0;
    let nextClaimAt = 0;
    while (!this.stopping) {
      try {
        if (Date.now() >= nextClaimAt) {
          await this.claimRound();
          nextClaimAt = Date.now() + claimIntervalMs(this.timing);
        }
        const entries = await this.stream.read(this.timing.readCount, this.timing.readBlockMs);
        await this.handleAll(entries);
        failures = 0;
      } catch (error) {
        if (this.stopping) break;
        if (String(error).includes('NOGROUP')) await this.recreateGroup();
        const delayMs = backoffMs(failures++, 200, 10_000);
        this.logger.warn({ err: error, delayMs }, 'notifier loop failed; retrying');
        await sleep(delayMs, this.signal);
      }
    }
  }

  private async claimRound(): Promise<void> {
    let start = '0-0';
    for (let page = 0; page < MAX_CLAIM_PAGES && !this.stopping; page++) {
      const { next, entries } = await this.stream.claimIdle(this.timing.claimIdleMs, start, this.timing.readCount);
      if (entries.length > 0) this.logger.debug({ entries: entries.length }, 'claimed idle pending entries');
      await this.handleAll(entries);
      if (next === '0-0') return;
      start = next;
    }
  }

  private async handleAll(entries: readonly StreamEntry[]): Promise<void> {
    for (const entry of entries) {
      if (this.stopping) return;
      await this.processor.handle(entry);
    }
  }

  /** The stream key was deleted (FLUSHALL, a test cleaning up): start over with a fresh group. */
  private async recreateGroup(): Promise<void> {
    try {
      await this.stream.ensureGroup();
    } catch (error) {
      this.logger.warn({ err: error }, 'could not recreate the consumer group');
    }
  }
}
