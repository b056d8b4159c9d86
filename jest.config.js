/** Tests run against the TypeScript sources; end-to-end tests spawn the built CLI (npm test builds first). */
const workspaces = {
  common: 'libs/common',
  api: 'services/api',
  'ingest-worker': 'services/ingest-worker',
  notifier: 'services/notifier',
  retention: 'services/retention',
};

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/cli', '<rootDir>/test'],
  testMatch: ['**/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
  moduleNameMapper: Object.fromEntries(
    Object.entries(workspaces).map(([name, dir]) => [`^@error-tracker/${name}$`, `<rootDir>/${dir}/src`]),
  ),
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60_000,
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};
