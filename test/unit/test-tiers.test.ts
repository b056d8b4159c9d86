import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Every *.test.ts below libs/, services/, cli/, dashboard/ and test/, as a path from the repository root. */
function testFiles(folder = ''): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = folder === '' ? entry.name : `${folder}/${entry.name}`;
    if (entry.isDirectory()) {
      const skipped =
        ['node_modules', 'dist', '.git'].includes(entry.name) ||
        (folder === '' && !['libs', 'services', 'cli', 'dashboard', 'test'].includes(entry.name));
      return skipped ? [] : testFiles(path);
    }
    return path.endsWith('.test.ts') ? [path] : [];
  });
}

const tierOf = (path: string) => /(?:^|\/)test\/(unit|integration|e2e)\//.exec(path)?.[1];
const imports = (path: string) =>
  [...readFileSync(join(ROOT, path), 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1] ?? '');

describe('test tiers', () => {
  const files = testFiles();

  it('finds the test files', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it('has every test file in a tier folder (test/unit, test/integration, test/e2e), where jest runs it', () => {
    expect(files.filter((path) => tierOf(path) === undefined)).toEqual([]);
  });

  it('keeps servers and processes out of unit tests, and the roles as processes out of integration tests', () => {
    const servers = /^(pg|ioredis|bullmq)$|\/support\/(sandbox|databases|redis-prefix|api-harness|seed|enqueue)$/;
    const processes = /^(node:)?child_process$|\/support\/processes$/;
    const roles = /\/support\/processes$/;
    const misplaced = files.flatMap((path) =>
      imports(path)
        .filter(
          (name) =>
            (tierOf(path) === 'unit' && (servers.test(name) || processes.test(name))) ||
            (tierOf(path) === 'integration' && roles.test(name)),
        )
        .map((name) => `${path} imports ${name}`),
    );
    expect(misplaced).toEqual([]);
  });
});
