import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the boundaries are CommonJS so that jest can load them
const boundaries = require('../../lint/import-boundaries.cjs') as Linter.Config[];

const linter = new Linter({ configType: 'flat' });
const config: Linter.Config[] = [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...boundaries];

/** The messages of the boundary rule for one import line in a file at `path`. */
function violations(path: string, importLine: string): string[] {
  return linter
    .verify(`${importLine}\nexport {};\n`, config, { filename: path })
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('import boundaries', () => {
  it.each([
    [
      'services/api/src/app.ts',
      "import { startIngestWorker } from '@error-tracker/ingest-worker';",
      'services never import another service',
    ],
    [
      'services/api/test/x.test.ts',
      "import { prepareEvent } from '../../ingest-worker/src/pipeline/prepare-event';",
      'services never import another service',
    ],
    [
      'services/notifier/src/x.ts',
      "import { startRetention } from '@error-tracker/retention';",
      'services never import another service',
    ],
    ['libs/contracts/src/x.ts', "import { startApi } from '@error-tracker/api';", 'libs never import services'],
    [
      'libs/runtime/src/x.ts',
      "import { writeBatch } from '../../../services/ingest-worker/src/storage/batch-writer';",
      'libs never import services',
    ],
    ['libs/grouping/src/trace/x.ts', "import { readFileSync } from 'node:fs';", 'grouping is pure code'],
    ['libs/grouping/src/x.ts', "import { createDb } from '@error-tracker/runtime/postgres';", 'grouping is pure code'],
    ['libs/grouping/src/x.ts', "import { Redis } from 'ioredis';", 'grouping is pure code'],
    ['services/api/src/routes/stats.ts', "import { groupsReadRouter } from './groups-read';", 'routes do not import each other'],
    ['services/api/src/x.ts', "import { loadConfig } from '@error-tracker/runtime';", 'import the module by its path'],
  ])('%s may not %s', (path, importLine, reason) => {
    expect(violations(path, importLine)).toEqual([expect.stringContaining(reason)]);
  });

  it.each([
    ['services/api/src/routes/stats.ts', "import { statsRoute } from './stats.schema';"],
    ['services/api/src/routes/stats.ts', "import { readStats } from '../stats/stats-repository';"],
    ['services/api/src/app.ts', "import { INGEST_QUEUE } from '@error-tracker/contracts/queues';"],
    ['libs/grouping/src/compute-fingerprint.ts', "import { createHash } from 'node:crypto';"],
    ['libs/grouping/test/unit/trace/corpus.ts', "import { readFileSync } from 'node:fs';"],
    ['cli/src/roles.ts', "import { startApi } from '@error-tracker/api';"],
    ['test/e2e/x.test.ts', "import { startIngestWorker } from '@error-tracker/ingest-worker';"],
  ])('%s may %s', (path, importLine) => {
    expect(violations(path, importLine)).toEqual([]);
  });
});
