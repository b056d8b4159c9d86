/**
 * docker-compose.yml, checked statically (no Docker engine is needed): every service, its image or
 * build, command, dependency conditions, healthcheck, and the environment each role needs — the
 * environment is interpolated the way `docker compose` does and parsed with the project's own
 * loadConfig, so a variable the role refuses fails here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { parse } from 'yaml';
import { ROLES } from '../../../cli/src/roles';
import { type Config, loadConfig } from '@error-tracker/runtime/config/load-config';

const ROOT = join(__dirname, '..', '..', '..');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown, what: string): Json {
  if (!isRecord(value)) throw new Error(`${what}: expected a mapping, got ${JSON.stringify(value)}`);
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what}: expected a string, got ${JSON.stringify(value)}`);
  return value;
}

function strings(value: unknown, what: string): string[] {
  if (!Array.isArray(value)) throw new Error(`${what}: expected a list, got ${JSON.stringify(value)}`);
  return value.map((item, index) => {
    if (typeof item === 'string') return item;
    if (typeof item === 'number' || typeof item === 'boolean') return String(item);
    throw new Error(`${what}[${index}]: expected a scalar, got ${JSON.stringify(item)}`);
  });
}

/**
 * Compose's variable interpolation: `$$` is a literal `$`; `${NAME}`, `$NAME`, `${NAME:-default}`
 * (default when unset or empty), `${NAME-default}` (default when unset), `${NAME:?message}` and
 * `${NAME?message}` (error when unset). Nested defaults are not used by this project.
 */
function interpolate(value: string, env: Readonly<Record<string, string>>): string {
  const pattern = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  return value.replace(
    pattern,
    (match, braced: string | undefined, operator: string | undefined, argument: string | undefined, bare: string | undefined) => {
      if (match === '$$') return '$';
      const name = braced ?? bare ?? '';
      const current = env[name];
      const missing = operator?.startsWith(':') ? current === undefined || current === '' : current === undefined;
      if (operator === ':-' || operator === '-') return missing ? (argument ?? '') : (current ?? '');
      if (operator === ':?' || operator === '?') {
        if (missing) throw new Error(`required variable ${name} is missing: ${argument ?? ''}`);
        return current ?? '';
      }
      return current ?? '';
    },
  );
}

function interpolateAll(value: unknown, env: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((item) => interpolateAll(item, env));
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, interpolateAll(inner, env)]));
  }
  return value;
}

const raw = record(parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }), 'docker-compose.yml');

/** The compose model as `docker compose config` would see it with the given shell environment. */
function composeWith(env: Readonly<Record<string, string>>): Json {
  return record(interpolateAll(raw, env), 'docker-compose.yml');
}

const compose = composeWith({});
const services = record(compose.services, 'services');
const rawServices = record(raw.services, 'services');

function service(name: string): Json {
  return record(services[name], `services.${name}`);
}

/** `environment:` as a mapping (compose also allows a list of NAME=value). */
function environmentOf(definition: Json, what: string): Record<string, string> {
  const environment = definition.environment;
  if (environment === undefined) return {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      strings(environment, `${what}.environment`).map((entry) => {
        const equals = entry.indexOf('=');
        return equals < 0 ? [entry, ''] : [entry.slice(0, equals), entry.slice(equals + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(record(environment, `${what}.environment`)).map(([key, value]) => [
      key,
      value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
}

/** `command:` as a list of arguments (a string is split on spaces, as compose does for simple ones). */
function commandOf(definition: Json, what: string): string[] {
  const command = definition.command;
  if (typeof command === 'string') return command.split(/\s+/).filter((part) => part.length > 0);
  return strings(command, `${what}.command`);
}

function dependsOn(definition: Json, what: string): Record<string, string> {
  const conditions: Record<string, string> = {};
  for (const [name, spec] of Object.entries(record(definition.depends_on, `${what}.depends_on`))) {
    conditions[name] = text(record(spec, `${what}.depends_on.${name}`).condition, `${what}.depends_on.${name}.condition`);
  }
  return conditions;
}

/** Error Tracker roles: the compose service name is the role's command. */
const ROLE_SERVICES = ['migrate', 'api', 'ingest-worker', 'notifier', 'retention'] as const;
type RoleService = (typeof ROLE_SERVICES)[number];

function configOf(name: RoleService, env: Record<string, string> = environmentOf(service(name), name)): Config {
  const role = ROLES[name];
  return loadConfig(env, { requireApiKey: role?.needsApiKey ?? false });
}

describe('docker-compose.yml', () => {
  it('defines the data stores, the mail catcher and one service per role', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['api', 'ingest-worker', 'mailcatcher', 'migrate', 'notifier', 'postgres', 'redis', 'retention'].sort(),
    );
  });

  it('declares every named volume it mounts', () => {
    const declared = Object.keys(record(compose.volumes, 'volumes'));
    for (const [name, definition] of Object.entries(services)) {
      const volumes = record(definition, name).volumes;
      if (volumes === undefined) continue;
      for (const mount of strings(volumes, `${name}.volumes`)) {
        const source = mount.split(':')[0] ?? '';
        if (!source.startsWith('.') && !source.startsWith('/')) expect(declared).toContain(source);
      }
    }
  });

  describe('postgres', () => {
    const postgres = service('postgres');

    it('runs PostgreSQL 13 or later (pg_trgm ships with the official image) with a healthcheck', () => {
      const image = text(postgres.image, 'postgres.image');
      expect(image).toMatch(/^postgres:\d+/);
      expect(Number(/^postgres:(\d+)/.exec(image)?.[1])).toBeGreaterThanOrEqual(13);
      expect(strings(record(postgres.healthcheck, 'postgres.healthcheck').test, 'postgres.healthcheck.test')).toContain(
        'pg_isready',
      );
    });

    it('keeps its data in a volume', () => {
      expect(strings(postgres.volumes, 'postgres.volumes').some((mount) => mount.endsWith(':/var/lib/postgresql/data'))).toBe(
        true,
      );
    });
  });

  describe('redis', () => {
    const redis = service('redis');
    const command = commandOf(redis, 'redis');

    it('runs Redis 6.2 or later with a healthcheck', () => {
      const version = /^redis:(\d+)\.?(\d+)?/.exec(text(redis.image, 'redis.image'));
      expect(version).not.toBeNull();
      const [major, minor] = [Number(version?.[1]), Number(version?.[2] ?? 99)];
      expect(major > 6 || (major === 6 && minor >= 2)).toBe(true);
      expect(strings(record(redis.healthcheck, 'redis.healthcheck').test, 'redis.healthcheck.test')).toEqual(
        expect.arrayContaining(['redis-cli', 'ping']),
      );
    });

    it('persists with an append-only file in a volume, and never evicts queue keys', () => {
      expect(command[0]).toBe('redis-server');
      expect(command[command.indexOf('--appendonly') + 1]).toBe('yes');
      expect(command[command.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
      expect(strings(redis.volumes, 'redis.volumes').some((mount) => mount.endsWith(':/data'))).toBe(true);
    });
  });

  it('has a mail catcher taking SMTP on 1025 and showing its UI on 8025', () => {
    const mailcatcher = service('mailcatcher');
    expect(text(mailcatcher.image, 'mailcatcher.image')).toMatch(/^axllent\/mailpit:/);
    expect(strings(mailcatcher.ports, 'mailcatcher.ports')).toContain('8025:8025');
    expect(configOf('notifier').smtpUrl).toBe('smtp://mailcatcher:1025');
  });

  describe.each(ROLE_SERVICES)('role service %s', (name) => {
    const definition = service(name);
    const role = ROLES[name];

    it('runs the one image, built from the Dockerfile of this repository', () => {
      expect(definition.image).toBe(service('api').image);
      const build = record(definition.build, `${name}.build`);
      expect(build.context).toBe('.');
      expect(existsSync(join(ROOT, text(build.dockerfile ?? 'Dockerfile', `${name}.build.dockerfile`)))).toBe(true);
    });

    it('runs a command the CLI knows, named like the service', () => {
      const [command, ...options] = commandOf(definition, name);
      expect(command).toBe(name);
      if (name !== 'migrate') expect(role).toBeDefined();
      for (const option of options) expect(role?.options ?? []).toContain(option);
    });

    it('gets a valid configuration pointing at the compose postgres and redis', () => {
      const config = configOf(name);
      const postgres = environmentOf(service('postgres'), 'postgres');
      const database = new URL(config.databaseUrl);
      expect(database.hostname).toBe('postgres');
      expect(database.port).toBe('5432');
      expect(database.pathname).toBe(`/${postgres.POSTGRES_DB}`);
      expect(decodeURIComponent(database.username)).toBe(postgres.POSTGRES_USER);
      expect(decodeURIComponent(database.password)).toBe(postgres.POSTGRES_PASSWORD);
      const env = environmentOf(definition, name);
      expect(env.DATABASE_URL).toBeDefined();
      if (name !== 'migrate') {
        expect(env.REDIS_URL).toBeDefined();
        expect(new URL(config.redisUrl).host).toBe('redis:6379');
      }
      // Every role serves Prometheus metrics on METRICS_PORT; the hash tag keeps queue keys in one
      // Redis Cluster slot.
      expect(config.metricsPort).toBe(9464);
      expect(config.redisPrefix).toMatch(/^\{[^}]+\}/);
    });

    it('waits for healthy data stores, and for migrations unless it is the migration', () => {
      const conditions = dependsOn(definition, name);
      expect(conditions.postgres).toBe('service_healthy');
      if (name === 'migrate') {
        expect(conditions.migrate).toBeUndefined();
      } else {
        expect(conditions.redis).toBe('service_healthy');
        expect(conditions.migrate).toBe('service_completed_successfully');
      }
      for (const [dependency, condition] of Object.entries(conditions)) {
        expect(Object.keys(services)).toContain(dependency);
        expect(['service_started', 'service_healthy', 'service_completed_successfully']).toContain(condition);
        if (condition === 'service_healthy') expect(service(dependency).healthcheck).toBeDefined();
      }
    });

    it('can be scaled (no container_name) and runs with a read-only root filesystem', () => {
      expect(definition.container_name).toBeUndefined();
      expect(definition.read_only).toBe(true);
    });
  });

  it('runs migrate once: no restart, so service_completed_successfully can be reached', () => {
    expect(service('migrate').restart).toBe('no');
    expect(service('migrate').healthcheck).toBeUndefined();
  });

  describe.each([
    ['api', 'port', '/ready'],
    ['ingest-worker', 'metricsPort', '/metrics'],
    ['notifier', 'metricsPort', '/metrics'],
    ['retention', 'metricsPort', '/metrics'],
  ] as const)('%s healthcheck', (name, portKey, path) => {
    const healthcheck = record(service(name).healthcheck, `${name}.healthcheck`);
    const test = strings(healthcheck.test, `${name}.healthcheck.test`);

    it(`asks ${path} on the role's own port with node (the slim image has no curl)`, () => {
      expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
      const script = test[3] ?? '';
      expect(script).toContain(`http://127.0.0.1:${configOf(name)[portKey]}${path}`);
      expect(script).toContain('process.exit');
      expect(() => new Script(script)).not.toThrow();
      for (const key of ['interval', 'timeout', 'retries']) expect(healthcheck[key]).toBeDefined();
    });
  });

  describe('api', () => {
    it('takes API_KEY from the shell, with a development default', () => {
      expect(environmentOf(record(rawServices.api, 'api'), 'api').API_KEY).toMatch(/^\$\{API_KEY:-.{8,}\}$/);
      expect(configOf('api').apiKey).toBe('change-me-please');
      const fromShell = environmentOf(
        record(record(composeWith({ API_KEY: 'from-the-shell-0123' }).services, 'services').api, 'api'),
        'api',
      );
      expect(configOf('api', fromShell).apiKey).toBe('from-the-shell-0123');
    });

    it('publishes its port', () => {
      expect(strings(service('api').ports, 'api.ports')).toContain(`${configOf('api').port}:${configOf('api').port}`);
    });
  });

  describe('ingest-worker', () => {
    it('starts 2 replicas and publishes no port, so `--scale ingest-worker=N` works', () => {
      expect(record(service('ingest-worker').deploy, 'ingest-worker.deploy').replicas).toBe(2);
      expect(service('ingest-worker').ports).toBeUndefined();
    });
  });

  describe('notifier', () => {
    it('sends alerts through the mail catcher to ALERT_EMAILS', () => {
      const config = configOf('notifier');
      expect(config.smtpUrl).toBe('smtp://mailcatcher:1025');
      expect(config.alertEmails.length).toBeGreaterThan(0);
      expect(dependsOn(service('notifier'), 'notifier').mailcatcher).toBeDefined();
    });
  });

  it('gives API_KEY only to the role that takes client requests', () => {
    for (const name of ROLE_SERVICES) {
      const env = environmentOf(service(name), name);
      if (ROLES[name]?.needsApiKey) expect(env.API_KEY).toBeDefined();
      else expect(env.API_KEY).toBeUndefined();
    }
  });
});
