import type { Logger } from '@error-tracker/runtime/logger';

export interface PeriodicTask {
  readonly name: string;
  readonly everyMs: number;
  run(): Promise<unknown>;
}

/** Runs each task on its interval, one run at a time per task; a failed run is logged and tried again next time. */
export class PeriodicTasks {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly logger: Logger,
    private readonly tasks: readonly PeriodicTask[],
  ) {}

  start(): void {
    for (const task of this.tasks) {
      this.timers.push(
        setInterval(() => {
          if (this.running.has(task.name)) return;
          const run = task
            .run()
            .catch((error: unknown) =>
              this.logger.warn({ err: error, task: task.name }, 'periodic task failed; retrying next time'),
            )
            .finally(() => this.running.delete(task.name));
          this.running.set(task.name, run);
        }, task.everyMs),
      );
    }
  }

  /** Stops the timers and waits for the runs in progress. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all(this.running.values());
  }
}
