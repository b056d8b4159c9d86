import { ConfigError, createLogger, loadConfig, stopOnSignals } from '@error-tracker/common';
import { ROLES, runMigrations } from './roles';

const USAGE = `usage: error-tracker <command>

commands:
  all             every role in one process (migrations included): the single-machine default
  api             the HTTP API (runs migrations first)
  ingest-worker   drains the ingest queue into PostgreSQL (run as many as you like)
  migrate         applies database migrations and exits

configuration comes from environment variables: see README.md`;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

export async function main(argv: readonly string[]): Promise<void> {
  const command = argv[0];
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    fail(USAGE, command === undefined ? 2 : 0);
  }
  const role = ROLES[command];
  if (command !== 'migrate' && role === undefined) fail(`unknown command '${command}'\n\n${USAGE}`, 2);

  let config;
  try {
    config = loadConfig(process.env, { requireApiKey: role?.needsApiKey ?? false });
  } catch (error) {
    if (error instanceof ConfigError) fail(`error-tracker ${command}: ${error.message}`);
    throw error;
  }
  const logger = createLogger(config.logLevel, command);

  try {
    if (command === 'migrate' || role?.migrates) await runMigrations(config, logger);
    if (role === undefined) return;
    const services = await role.start(config, logger);
    stopOnSignals(services, { logger, timeoutMs: config.shutdownTimeoutMs });
  } catch (error) {
    logger.fatal({ err: error }, 'failed to start');
    logger.flush();
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100).unref();
  }
}

if (require.main === module) void main(process.argv.slice(2));
