import type { Logger } from './logger';

/** Something that runs until stopped: a role, or all roles in one process. */
export interface Service {
  readonly name: string;
  /** Stops taking work, finishes what is in flight, closes its connections. */
  stop(): Promise<void>;
}

export interface ShutdownOptions {
  readonly logger: Logger;
  readonly timeoutMs: number;
  readonly exit?: (code: number) => void;
}

/**
 * On SIGTERM or SIGINT, stops the services in the order given (intake first), then exits 0.
 * If that takes longer than timeoutMs, or a second signal arrives, exits 1 at once. Install it
 * before starting: a signal during start-up waits for the services to be up, then stops them.
 */
export function stopOnSignals(services: Promise<readonly Service[]> | readonly Service[], options: ShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;

  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      options.logger.warn({ signal }, 'second signal: forcing exit');
      exit(1);
      return;
    }
    stopping = true;
    options.logger.info({ signal }, 'shutting down');
    const forceQuit = setTimeout(() => {
      options.logger.error({ timeoutMs: options.timeoutMs }, 'shutdown timed out: forcing exit');
      exit(1);
    }, options.timeoutMs);
    forceQuit.unref();

    let failed = false;
    let started: readonly Service[] = [];
    try {
      started = await services;
    } catch {
      failed = true;
    }
    for (const service of started) {
      try {
        await service.stop();
        options.logger.info({ service: service.name }, 'stopped');
      } catch (error) {
        failed = true;
        options.logger.error({ err: error, service: service.name }, 'stop failed');
      }
    }
    clearTimeout(forceQuit);
    exit(failed ? 1 : 0);
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void shutdown(signal));
  }
}

/** Runs close steps one after another, each even if an earlier one failed; rethrows the first error. */
export async function closeInOrder(steps: ReadonlyArray<() => Promise<unknown>>): Promise<void> {
  let firstError: unknown;
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      firstError ??= error;
    }
  }
  if (firstError !== undefined)
    throw firstError instanceof Error ? firstError : new Error('close step failed', { cause: firstError });
}
