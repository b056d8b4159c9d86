import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import type { IngestEvent } from '@error-tracker/contracts/ingest-job';

/**
 * A local, append-only, fsynced spool for events accepted while Redis is away. Segments are files of
 * JSON lines: this process appends to `open-<pid>.jsonl`; a segment is sealed (renamed
 * `sealed-<time>-<pid>-<n>.jsonl`) before it is replayed, and claimed (renamed `…claimed-<pid>`) by
 * the one process replaying it, so replicas sharing the directory never replay one segment twice.
 * Replaying twice after a crash is harmless: the worker counts an event id once.
 */
export class EventSpool {
  private handle: FileHandle | undefined;
  private openBytes = 0;
  private sealedCount = 0;
  private bytes = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly openName = `open-${process.pid}.jsonl`;

  private constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
  ) {}

  /**
   * Opens the spool; what an earlier run left (its open segment, segments it had claimed) is sealed
   * for replay, as are the open segments of processes that are gone.
   */
  static async open(dir: string, maxBytes: number): Promise<EventSpool> {
    await mkdir(dir, { recursive: true });
    const spool = new EventSpool(dir, maxBytes);
    for (const name of await readdir(dir)) {
      const owner = ownerOf(name);
      if (owner === undefined || (owner !== process.pid && isAlive(owner))) continue;
      if (name.startsWith('open-')) await spool.sealFile(name);
      else if (name.includes('.claimed-')) await rename(join(dir, name), join(dir, name.slice(0, name.indexOf('.claimed-'))));
    }
    spool.bytes = await directoryBytes(dir);
    return spool;
  }

  /** Bytes the spool holds (every segment in the directory). */
  get size(): number {
    return this.bytes;
  }

  /** Appends the events and fsyncs them; false (nothing written) when they would not fit. */
  append(events: readonly IngestEvent[]): Promise<boolean> {
    return this.serialised(async () => {
      const data = Buffer.from(events.map((event) => `${JSON.stringify(event)}\n`).join(''), 'utf8');
      if (this.bytes + data.length > this.maxBytes) return false;
      this.handle ??= await open(join(this.dir, this.openName), 'a');
      await this.handle.appendFile(data);
      await this.handle.sync();
      this.openBytes += data.length;
      this.bytes += data.length;
      return true;
    });
  }

  /**
   * Hands every sealed segment to `enqueue` in the order they were written, deleting each once
   * taken; the open segment is sealed first. Stops at the first failure, leaving the rest.
   * Answers how many events were replayed.
   */
  async replay(enqueue: (events: IngestEvent[]) => Promise<void>, chunk = 500): Promise<number> {
    await this.serialised(() => this.sealOpen());
    let replayed = 0;
    const sealed = (await readdir(this.dir)).filter((name) => name.startsWith('sealed-') && name.endsWith('.jsonl')).sort();
    for (const name of sealed) {
      const claimed = join(this.dir, `${name}.claimed-${process.pid}`);
      try {
        await rename(join(this.dir, name), claimed);
      } catch {
        continue; // another replica took it
      }
      const text = await readFile(claimed, 'utf8');
      const events = text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .flatMap((line) => parseLine(line));
      for (let i = 0; i < events.length; i += chunk) {
        try {
          await enqueue(events.slice(i, i + chunk));
        } catch (error) {
          await rename(claimed, join(this.dir, name));
          throw error;
        }
      }
      await unlink(claimed);
      this.bytes = Math.max(0, this.bytes - Buffer.byteLength(text));
      replayed += events.length;
    }
    return replayed;
  }

  async close(): Promise<void> {
    await this.serialised(async () => {
      await this.handle?.close();
      this.handle = undefined;
    });
  }

  private async sealOpen(): Promise<void> {
    if (this.openBytes === 0) return;
    await this.handle?.close();
    this.handle = undefined;
    this.openBytes = 0;
    await this.sealFile(this.openName);
  }

  private async sealFile(name: string): Promise<void> {
    const sealed = `sealed-${String(Date.now()).padStart(15, '0')}-${ownerOf(name) ?? 0}-${this.sealedCount++}-${randomBytes(2).toString('hex')}.jsonl`;
    await rename(join(this.dir, name), join(this.dir, sealed));
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/** A line cut short by a crash mid-write is the one thing a segment can hold that is not an event. */
function parseLine(line: string): IngestEvent[] {
  try {
    return [JSON.parse(line) as IngestEvent];
  } catch {
    return [];
  }
}

function ownerOf(name: string): number | undefined {
  const match = /^open-(\d+)\.jsonl$/.exec(name) ?? /\.claimed-(\d+)$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name))).size;
  return total;
}
