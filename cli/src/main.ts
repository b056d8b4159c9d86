import { type Config, ConfigError, loadConfig } from '@error-tracker/runtime/config/load-config';
import { createLogger, type Logger } from '@error-tracker/runtime/logger';
import { type Service, stopOnSignals } from '@error-tracker/runtime/shutdown';
import { startMetricsServer } from '@error-tracker/runtime/metrics-server';
import { startSampler } from '@error-tracker/runtime/monitoring/sampler';
import { DatabaseSetupError, withDatabaseRole } from '@error-tracker/runtime/database-setup';
import { printDsn } from './dsn-command';
import { KEYS_USAGE, keysCommand, UsageError } from './keys-command';
import { applyRuntimeV8Flags } from './heap-limits';
import { type Role, ROLES, runMigrations } from './roles';

const USAGE = `usage: error-tracker <command> [options]

commands:
  all               every role in one process (migrations included): the single-machine default
  api               the HTTP API (runs migrations first)
  ingest-worker     drains the ingest queue into PostgreSQL (run as many as you like)
  notifier          emails new and regressed errors (run as many as you like)
  retention         daily purge, scheduled so that one replica runs it
  retention --once  one purge pass, then exits
  migrate           applies database migrations and exits
  dsn <project>     prints the project's Sentry DSN (creates the project if needed)
  keys create|list|revoke   API keys, straight in the database (e.g. the first owner key)

configuration comes from environment variables: see README.md`;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

export async function main(argv: readonly string[]): Promise<void> {
  const [command, ...options] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    fail(USAGE, command === undefined ? 2 : 0);
  }
  if (command === 'dsn') return dsn(options);
  if (command === 'keys') return keys(options);
  const role = ROLES[command];
  if (command !== 'migrate' && role === undefined) fail(`unknown command '${command}'\n\n${USAGE}`, 2);
  const unknownOption = options.find((option) => !(role?.options ?? []).includes(option));
  if (unknownOption !== undefined) fail(`unknown option '${unknownOption}' for ${command}\n\n${USAGE}`, 2);

  let config;
  try {
    config = loadConfig(process.env, { requireApiKey: role?.needsApiKey ?? false });
  } catch (error) {
    if (error instanceof ConfigError) fail(`error-tracker ${command}: ${error.message}`);
    throw error;
  }
  const logger = createLogger(config.logLevel, command);
  applyRuntimeV8Flags(command);

  // Signal handlers go in first, so a SIGTERM during start-up still drains what has started.
  const startup = start(command, role, config, logger, options);
  if (role !== undefined) stopOnSignals(startup, { logger, timeoutMs: config.shutdownTimeoutMs });
  try {
    const services = await startup;
    if (services.length === 0) {
      // A one-shot run has closed its connections; the timer only guards against a stray handle.
      setTimeout(() => process.exit(0), 1_000).unref();
    }
  } catch (error) {
    if (error instanceof DatabaseSetupError) fail(`error-tracker ${command}: ${error.message}`);
    logger.fatal({ err: error }, 'failed to start');
    logger.flush();
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100).unref();
  }
}

async function dsn(args: readonly string[]): Promise<void> {
  const [project, ...rest] = args;
  if (project === undefined || project.trim() === '' || rest.length > 0 || project.length > 100) {
    fail(`usage: error-tracker dsn <project>  (a name of 1 to 100 characters)`, 2);
  }
  await oneShot('dsn', () => printDsn(project.trim()), 'usage: error-tracker dsn <project>');
}

async function keys(args: readonly string[]): Promise<void> {
  await oneShot('keys', () => keysCommand(args), KEYS_USAGE);
}

/** A command that answers and exits: a usage mistake exits 2 with the usage, any other failure 1. */
async function oneShot(command: string, run: () => Promise<void>, usage: string): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      fail(`error-tracker ${command}: ${error.message}\n\n${usage}`, 2);
    }
    fail(`error-tracker ${command}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function start(
  command: string,
  role: Role | undefined,
  loaded: Config,
  logger: Logger,
  options: readonly string[],
): Promise<Service[]> {
  const config = await withDatabaseRole(loaded, logger);
  if (command === 'migrate' || role?.migrates) await runMigrations(config, logger);
  if (role === undefined) return [];
  const services = await role.start(config, logger, options);
  if (services.length === 0) return [];
  const sampler = await startSampler({
    intervalMs: config.monitoringSampleIntervalMs,
    roles: role.runs,
    databaseUrl: config.databaseUrl,
    redisUrl: config.redisUrl,
    logger: logger.child({ component: 'sampler' }),
  });
  // One /metrics per process, whatever roles it runs; it stops last so a scrape sees the drain.
  const metrics = await startMetricsServer(config.metricsPort, config.host, logger);
  return [...services, sampler, metrics];
}

if (require.main === module) void main(process.argv.slice(2));
