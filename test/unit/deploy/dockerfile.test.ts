/**
 * Dockerfile and .dockerignore, checked statically (there is no Docker engine to build with): one
 * multi-stage image for every role, compiled in a node:24 builder, run from a slim image as a
 * non-root user, entering through the CLI that `npm run build` produces.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES } from '../../../cli/src/roles';
import { loadConfig } from '@error-tracker/runtime/config/load-config';

const ROOT = join(__dirname, '..', '..', '..');

interface Instruction {
  readonly keyword: string;
  readonly args: string;
  /** Index of the stage (FROM) the instruction belongs to. */
  readonly stage: number;
  readonly position: number;
}

interface Stage {
  readonly image: string;
  readonly name: string | undefined;
  readonly instructions: Instruction[];
}

/** Instructions with line continuations joined and comments (and the syntax directive) dropped. */
function parseDockerfile(source: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const line of source.split('\n')) {
    const trimmed = line.trim();
    if (pending === '' && (trimmed === '' || trimmed.startsWith('#'))) continue;
    if (trimmed.startsWith('#')) continue;
    if (trimmed.endsWith('\\')) {
      pending += `${trimmed.slice(0, -1)} `;
      continue;
    }
    logical.push(`${pending}${trimmed}`.trim());
    pending = '';
  }
  if (pending.trim() !== '') logical.push(pending.trim());

  const stages: Stage[] = [];
  logical.forEach((line, position) => {
    const space = line.search(/\s/);
    const keyword = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    const args = space < 0 ? '' : line.slice(space + 1).trim();
    if (keyword === 'FROM') {
      const parts = args.split(/\s+/).filter((part) => !part.startsWith('--'));
      const as = parts.findIndex((part) => part.toUpperCase() === 'AS');
      stages.push({ image: parts[0] ?? '', name: as >= 0 ? parts[as + 1] : undefined, instructions: [] });
      return;
    }
    const stage = stages.at(-1);
    if (stage === undefined) {
      if (keyword !== 'ARG') throw new Error(`instruction before FROM: ${line}`);
      return;
    }
    stage.instructions.push({ keyword, args, stage: stages.length - 1, position });
  });
  return stages;
}

/** The JSON (exec) form of ENTRYPOINT / CMD, or undefined for the shell form. */
function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((item): item is string => typeof item === 'string')) return undefined;
  return parsed;
}

/** Sources and destination of a COPY, flags (--from, --chown, …) apart. */
function copyOf(instruction: Instruction): { from: string | undefined; sources: string[]; destination: string } {
  const exec = execForm(instruction.args);
  const words = exec ?? instruction.args.split(/\s+/);
  const flags = words.filter((word) => word.startsWith('--'));
  const paths = words.filter((word) => !word.startsWith('--'));
  const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
  return { from, sources: paths.slice(0, -1).map((path) => path.replace(/^\.\//, '')), destination: paths.at(-1) ?? '' };
}

function runs(stage: Stage): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === 'RUN');
}

function copies(stage: Stage): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === 'COPY');
}

/** A .dockerignore matcher: `*` within a path segment, `**` across segments, `!` re-includes. */
function dockerignore(source: string): (path: string) => boolean {
  const rules = source
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const pattern = (negate ? line.slice(1) : line).replace(/^\/+/, '').replace(/\/+$/, '');
      const regex = pattern
        .split('/')
        .map((segment) =>
          segment === '**'
            ? '.*'
            : segment
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]'),
        )
        .join('/')
        .replace(/^\.\*\//, '(?:.*/)?');
      return { negate, regex: new RegExp(`^${regex}$`) };
    });
  return (path) => {
    const segments = path.split('/');
    let ignored = false;
    for (const { negate, regex } of rules) {
      // A pattern excludes a path when it matches the path or one of its parent directories.
      for (let length = 1; length <= segments.length; length++) {
        if (regex.test(segments.slice(0, length).join('/'))) ignored = !negate;
      }
    }
    return ignored;
  };
}

interface PackageJson {
  readonly main?: string;
  readonly exports?: Readonly<Record<string, { readonly default?: string }>>;
  readonly workspaces?: readonly string[];
  readonly bin?: Readonly<Record<string, string>>;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
}

const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const [builder] = stages;
const runtime = stages.at(-1);
const rootPackage = readJson('package.json') as PackageJson;
const workspaces = rootPackage.workspaces ?? [];
const ignored = dockerignore(readFileSync(join(ROOT, '.dockerignore'), 'utf8'));

describe('Dockerfile', () => {
  it('has a node:24 build stage and a separate slim runtime stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(builder?.image).toMatch(/^node:24(?:$|[.-])/);
    expect(builder?.name).toBeDefined();
    expect(runtime?.image).toMatch(/^node:24[.-].*(?:slim|alpine)|^gcr\.io\/distroless\/nodejs24/);
    expect(runtime?.image).not.toBe(builder?.image);
  });

  it('installs with npm ci, builds with npm run build, then drops dev dependencies', () => {
    const commands = runs(builder ?? { image: '', name: undefined, instructions: [] }).map((run) => run.args);
    const at = (pattern: RegExp): number => commands.findIndex((command) => pattern.test(command));
    expect(at(/\bnpm ci\b/)).toBeGreaterThanOrEqual(0);
    expect(at(/\bnpm run build\b/)).toBeGreaterThanOrEqual(at(/\bnpm ci\b/));
    expect(at(/\bnpm prune --omit=dev\b|\bnpm ci\b.*--omit=dev/)).toBeGreaterThanOrEqual(at(/\bnpm run build\b/));
  });

  it('copies every workspace manifest before npm ci, and every project tsc -b builds before the build', () => {
    const stage = builder ?? { image: '', name: undefined, instructions: [] };
    const npmCi = runs(stage).find((run) => /\bnpm ci\b/.test(run.args));
    const build = runs(stage).find((run) => /\bnpm run build\b/.test(run.args));
    const copiedBefore = (position: number): string[] =>
      copies(stage)
        .filter((copy) => copy.position < position && copyOf(copy).from === undefined)
        .flatMap((copy) => copyOf(copy).sources);
    const covers = (sources: string[], path: string): boolean =>
      sources.some(
        (source) =>
          source === '.' || path === source.replace(/\/$/, '') || path.startsWith(source.endsWith('/') ? source : `${source}/`),
      );

    const beforeCi = copiedBefore(npmCi?.position ?? -1);
    for (const file of ['package.json', 'package-lock.json', ...workspaces.map((workspace) => `${workspace}/package.json`)]) {
      expect({ file, copied: covers(beforeCi, file) }).toEqual({ file, copied: true });
    }

    // `npm run build` is `tsc -b`: every project tsconfig.json references must be in the context.
    const references = (readJson('tsconfig.json') as { references: { path: string }[] }).references.map((ref) => ref.path);
    const beforeBuild = copiedBefore(build?.position ?? -1);
    for (const file of ['tsconfig.json', 'tsconfig.base.json', ...references.map((path) => `${path}/tsconfig.json`)]) {
      expect({ file, copied: covers(beforeBuild, file), ignored: ignored(file) }).toEqual({ file, copied: true, ignored: false });
    }
  });

  it('ships each workspace: its package.json and compiled dist, taken from the build stage', () => {
    const shipped = copies(runtime ?? { image: '', name: undefined, instructions: [] })
      .map(copyOf)
      .filter((copy) => copy.from === builder?.name)
      .flatMap((copy) => copy.sources.map((source) => source.replace(/^\/app\//, '').replace(/\/$/, '')));
    expect(shipped).toEqual(expect.arrayContaining(['package.json', 'node_modules']));
    for (const workspace of workspaces) {
      expect(shipped).toEqual(expect.arrayContaining([`${workspace}/package.json`, `${workspace}/dist`]));
      const manifest = readJson(`${workspace}/package.json`) as PackageJson;
      const entries = [manifest.main, ...Object.values(manifest.exports ?? {}).map((entry) => entry.default)];
      expect(entries.filter((entry) => entry !== undefined).length).toBeGreaterThan(0);
      for (const entry of entries) if (entry !== undefined) expect(entry).toMatch(/^(\.\/)?dist\//);
    }
  });

  it('builds the dashboard with npm run build and ships its files where the API finds them (its package entry)', () => {
    const scripts = (readJson('package.json') as { scripts: Record<string, string> }).scripts;
    expect(scripts.build).toMatch(/^tsc -b && npm run build -w @error-tracker\/dashboard$/);
    const dashboard = readJson('dashboard/package.json') as PackageJson;
    expect(dashboard.exports?.['.']?.default).toBe('./dist/index.html');
    // Everything the dashboard uses is bundled at build time: nothing of it is installed in the image.
    expect(Object.keys(dashboard).includes('dependencies')).toBe(false);
    const api = readJson('services/api/package.json') as { dependencies: Record<string, string> };
    expect(api.dependencies['@error-tracker/dashboard']).toBeDefined();
  });

  it('runs as the unprivileged node user', () => {
    const users = (runtime?.instructions ?? []).filter((instruction) => instruction.keyword === 'USER');
    expect(users.at(-1)?.args).toBe('node');
  });

  it('enters through the CLI that npm run build produces, and runs every role by default', () => {
    const entrypoint = execForm((runtime?.instructions ?? []).filter((i) => i.keyword === 'ENTRYPOINT').at(-1)?.args ?? '');
    expect(entrypoint).toEqual(['node', 'cli/dist/main.js']);

    // cli/dist/main.js is cli/src/main.ts compiled (rootDir src, outDir dist), the package's main, and
    // runs main() when node executes it.
    const cli = readJson('cli/package.json') as PackageJson;
    const tsconfig = readJson('cli/tsconfig.json') as { compilerOptions: { rootDir: string; outDir: string } };
    expect(`cli/${cli.main ?? ''}`).toBe('cli/dist/main.js');
    expect(tsconfig.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
    const main = readFileSync(join(ROOT, 'cli/src/main.ts'), 'utf8');
    expect(main).toContain('require.main === module');
    expect(Object.values(cli.bin ?? {})).toContain('bin/error-tracker.js');
    expect(existsSync(join(ROOT, 'cli/bin/error-tracker.js'))).toBe(true);

    const cmd = execForm((runtime?.instructions ?? []).filter((i) => i.keyword === 'CMD').at(-1)?.args ?? '');
    expect(cmd).toEqual(['all']);
    expect(ROLES.all).toBeDefined();
  });

  it('exposes the API port and the metrics port', () => {
    const defaults = loadConfig({});
    const exposed = (runtime?.instructions ?? [])
      .filter((instruction) => instruction.keyword === 'EXPOSE')
      .flatMap((instruction) => instruction.args.split(/\s+/));
    expect(exposed).toEqual(expect.arrayContaining([String(defaults.port), String(defaults.metricsPort)]));
  });
});

describe('.dockerignore', () => {
  it('keeps installed modules, build output, secrets and git out of the build context', () => {
    for (const path of [
      'node_modules/express/index.js',
      'services/api/node_modules/x/index.js',
      'libs/runtime/dist/redis.js',
      'cli/tsconfig.tsbuildinfo',
      'services/api/test/app.test.ts',
      '.git/HEAD',
      '.env',
    ]) {
      expect({ path, ignored: ignored(path) }).toEqual({ path, ignored: true });
    }
  });

  it('keeps what the Dockerfile copies from the context', () => {
    const fromContext = stages
      .flatMap((stage) => copies(stage))
      .map(copyOf)
      .filter((copy) => copy.from === undefined)
      .flatMap((copy) => copy.sources.map((source) => source.replace(/\/$/, '')));
    expect(fromContext.length).toBeGreaterThan(0);
    for (const source of [...fromContext, 'libs/runtime/src/redis.ts', 'cli/src/main.ts']) {
      expect({ source, exists: existsSync(join(ROOT, source)), ignored: ignored(source) }).toEqual({
        source,
        exists: true,
        ignored: false,
      });
    }
  });
});
