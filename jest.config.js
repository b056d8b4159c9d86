/**
 * Three tiers, told apart by folder: test/unit, test/integration and test/e2e, inside each workspace
 * (libs/*, services/*) and at the top (test/). README "Tests" says what each may use.
 *   unit         pure code: no PostgreSQL, Redis or processes; no build, no global setup
 *   integration  PostgreSQL and/or Redis, everything in this process (the services from their sources)
 *   e2e          real processes: the roles from the build (npm test builds first), browsers, SDKs, tools
 */
const services = ['api', 'ingest-worker', 'notifier', 'retention'];
const libs = ['contracts', 'grouping', 'runtime'];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/cli', '<rootDir>/dashboard', '<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
  moduleNameMapper: {
    [`^@error-tracker/(${libs.join('|')})/(.*)$`]: '<rootDir>/libs/$1/src/$2',
    ...Object.fromEntries(services.map((name) => [`^@error-tracker/${name}$`, `<rootDir>/services/${name}/src`])),
  },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};

/** Finds PostgreSQL and Redis and migrates the template each test database is cloned from (once per run). */
const servers = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

const tier = (name, extra = {}) => ({
  ...shared,
  displayName: name,
  testMatch: [
    `<rootDir>/test/${name}/**/*.test.ts`,
    `<rootDir>/{libs,services,cli}/*/test/${name}/**/*.test.ts`,
    `<rootDir>/dashboard/test/${name}/**/*.test.ts`,
  ],
  ...extra,
});

module.exports = {
  projects: [tier('unit'), tier('integration', servers), tier('e2e', servers)],
  testTimeout: 60_000,
};
