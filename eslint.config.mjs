// Lint: typescript-eslint's type-aware rules, and the import boundaries that keep the layout honest.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const SERVICES = ['api', 'ingest-worker', 'notifier', 'retention'];
const IO_MODULES = ['fs', 'net', 'http', 'https', 'http2', 'child_process', 'dgram', 'dns', 'tls', 'worker_threads', 'cluster'];

const serviceImport = (name) => [`@error-tracker/${name}`, `**/${name}/src/**`, `**/services/${name}/**`];

/** Each folder's rule is complete on its own: a later flat-config block replaces a rule, never merges it. */
const restrict = (files, groups) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: groups.map(([pattern, message]) => (pattern instanceof RegExp ? { regex: pattern.source, message } : { group: pattern, message })) },
    ],
  },
});

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [{ regex: '^@error-tracker/(contracts|grouping|runtime)$', message: 'import the module by its path: the libs have no index' }] }],
    },
  },
  // Services never import one another (their tests included): what crosses between them is in libs/contracts.
  ...SERVICES.map((service) =>
    restrict(
      [`services/${service}/**/*.ts`],
      SERVICES.filter((other) => other !== service).map((other) => [serviceImport(other), `services never import another service (${other}); share through libs/contracts`]),
    ),
  ),
  restrict(['libs/**/*.ts'], [[SERVICES.flatMap(serviceImport), 'libs never import services']]),
  restrict(
    ['libs/grouping/src/**/*.ts'],
    [
      [SERVICES.flatMap(serviceImport), 'libs never import services'],
      [['@error-tracker/runtime/*', '@error-tracker/contracts/*', 'pg', 'ioredis', 'bullmq', 'kysely', 'express', 'pino', 'prom-client'], 'grouping is pure code: no I/O, no connections'],
      [IO_MODULES.flatMap((name) => [name, `node:${name}`]), 'grouping is pure code: no I/O'],
    ],
  ),
  // Tests: jest's asymmetric matchers are typed `any`, and fakes may be async without awaiting.
  {
    files: ['**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/require-await': 'off' },
  },
  // A route imports its own schema, never another route.
  restrict(['services/api/src/routes/*.ts'], [[/^\.\/(?!.*\.schema$)/, 'routes do not import each other; share through a module outside routes/']]),
  prettier,
);
