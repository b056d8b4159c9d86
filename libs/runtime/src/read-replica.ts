import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresDriver,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type TransactionSettings,
} from 'kysely';
import type { Database, Db } from '@error-tracker/contracts/db/schema';
import { type CreateDbOptions, createPool, queryLog } from './postgres';

export type ReadTarget = 'primary' | 'replica';

/** After the replica refused a connection, reads go to the primary this long before it is tried again. */
const REPLICA_RETRY_MS = 5_000;

/**
 * One Kysely over two pools, the primary's and a streaming replica's. Every query runs on the primary
 * unless it was started inside `onReplica`, so code that is not told otherwise (authentication,
 * writes, background work) always reads fresh data; read routes opt in once, around their handler.
 */
export interface ReadRouting {
  readonly db: Db;
  /** Runs `work` with the connections it takes (and its transactions) on the replica. */
  readonly onReplica: <T>(work: () => T) => T;
  /** Runs `work` on the primary, even inside `onReplica`. */
  readonly onPrimary: <T>(work: () => T) => T;
  /** Where a query started here would be sent (before any fallback to the primary). */
  readonly target: () => ReadTarget;
}

export interface ReadRoutingOptions extends CreateDbOptions {
  /** The replica refused a connection: its reads go to the primary for a while (called once per outage). */
  readonly onReplicaDown?: (error: unknown) => void;
}

export function createReadRouting(primaryUrl: string, replicaUrl: string, options: ReadRoutingOptions = {}): ReadRouting {
  const targets = new AsyncLocalStorage<ReadTarget>();
  const target = (): ReadTarget => targets.getStore() ?? 'primary';
  const primary = new PostgresDriver({ pool: createPool(primaryUrl, options) });
  const replica = new PostgresDriver({
    pool: createPool(replicaUrl, { ...options, applicationName: `${options.applicationName ?? 'error-tracker'}-reads` }),
  });
  const dialect: Dialect = {
    createAdapter: () => new PostgresAdapter(),
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createDriver: () => new RoutingDriver(primary, replica, target, options.onReplicaDown),
  };
  return {
    db: new Kysely<Database>({ dialect, ...queryLog(options) }),
    onReplica: (work) => targets.run('replica', work),
    onPrimary: (work) => targets.run('primary', work),
    target,
  };
}

/** Hands out connections of the target's pool; a transaction stays on the connection it began on. */
class RoutingDriver implements Driver {
  private readonly owners = new WeakMap<DatabaseConnection, PostgresDriver>();
  private replicaDownUntil = 0;

  constructor(
    private readonly primary: PostgresDriver,
    private readonly replica: PostgresDriver,
    private readonly target: () => ReadTarget,
    private readonly onReplicaDown: ((error: unknown) => void) | undefined,
  ) {}

  async init(): Promise<void> {
    await Promise.all([this.primary.init(), this.replica.init()]);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const [driver, connection] = await this.acquire();
    this.owners.set(connection, driver);
    return connection;
  }

  private async acquire(): Promise<[PostgresDriver, DatabaseConnection]> {
    if (this.target() === 'replica' && Date.now() >= this.replicaDownUntil) {
      try {
        return [this.replica, await this.replica.acquireConnection()];
      } catch (error) {
        // An unreachable replica must not take the read API down: the primary answers meanwhile.
        if (this.replicaDownUntil === 0) this.onReplicaDown?.(error);
        this.replicaDownUntil = Date.now() + REPLICA_RETRY_MS;
      }
    }
    return [this.primary, await this.primary.acquireConnection()];
  }

  private ownerOf(connection: DatabaseConnection): PostgresDriver {
    const owner = this.owners.get(connection);
    if (!owner) throw new Error('a connection this driver did not hand out');
    return owner;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.ownerOf(connection).beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.ownerOf(connection).commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.ownerOf(connection).rollbackTransaction(connection);
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.ownerOf(connection).savepoint(connection, name, compile);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.ownerOf(connection).rollbackToSavepoint(connection, name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.ownerOf(connection).releaseSavepoint(connection, name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const owner = this.ownerOf(connection);
    this.owners.delete(connection);
    // The replica answered again: the next outage is reported again.
    if (owner === this.replica) this.replicaDownUntil = 0;
    await owner.releaseConnection(connection as Parameters<PostgresDriver['releaseConnection']>[0]);
  }

  async destroy(): Promise<void> {
    await Promise.all([this.primary.destroy(), this.replica.destroy()]);
  }
}
