// The import boundaries of the layout, as ESLint flat-config blocks (eslint.config.mjs uses them;
// test/unit/import-boundaries.test.ts proves each one fires).
const SERVICES = ['api', 'ingest-worker', 'notifier', 'retention'];
const IO_MODULES = ['fs', 'net', 'http', 'https', 'http2', 'child_process', 'dgram', 'dns', 'tls', 'worker_threads', 'cluster'];

const serviceImport = (name) => [`@error-tracker/${name}`, `**/${name}/src/**`, `**/services/${name}/**`];

/** Each folder's rule is complete on its own: a later flat-config block replaces a rule, never merges it. */
const restrict = (files, groups) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: groups.map(([pattern, message]) =>
          pattern instanceof RegExp ? { regex: pattern.source, message } : { group: pattern, message },
        ),
      },
    ],
  },
});

const noLibIndex = [/^@error-tracker\/(contracts|grouping|runtime)$/, 'import the module by its path: the libs have no index'];

module.exports = [
  restrict(['**/*.ts'], [noLibIndex]),
  // Services never import one another (their tests included): what crosses between them is in libs/contracts.
  ...SERVICES.map((service) =>
    restrict(
      [`services/${service}/**/*.ts`],
      [
        noLibIndex,
        ...SERVICES.filter((other) => other !== service).map((other) => [
          serviceImport(other),
          `services never import another service (${other}); share through libs/contracts`,
        ]),
      ],
    ),
  ),
  restrict(['libs/**/*.ts'], [noLibIndex, [SERVICES.flatMap(serviceImport), 'libs never import services']]),
  restrict(
    ['libs/grouping/src/**/*.ts'],
    [
      noLibIndex,
      [SERVICES.flatMap(serviceImport), 'libs never import services'],
      [
        [
          '@error-tracker/runtime/*',
          '@error-tracker/contracts/*',
          'pg',
          'ioredis',
          'bullmq',
          'kysely',
          'express',
          'pino',
          'prom-client',
        ],
        'grouping is pure code: no I/O, no connections',
      ],
      [IO_MODULES.flatMap((name) => [name, `node:${name}`]), 'grouping is pure code: no I/O'],
    ],
  ),
  // A route imports its own schema, never another route.
  restrict(
    ['services/api/src/routes/*.ts'],
    [noLibIndex, [/^\.\/(?!.*\.schema$)/, 'routes do not import each other; share through a module outside routes/']],
  ),
];
