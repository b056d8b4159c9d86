/** Tests run against the TypeScript sources; end-to-end tests spawn the built CLI (npm test builds first). */
const services = ['api', 'ingest-worker', 'notifier', 'retention'];
const libs = ['contracts', 'grouping', 'runtime'];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/cli', '<rootDir>/test'],
  testMatch: ['**/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
  moduleNameMapper: {
    [`^@error-tracker/(${libs.join('|')})/(.*)$`]: '<rootDir>/libs/$1/src/$2',
    ...Object.fromEntries(services.map((name) => [`^@error-tracker/${name}$`, `<rootDir>/services/${name}/src`])),
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60_000,
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};
