/** One jest run: one Temporal dev server and one fresh database (see test/support/global-setup.ts). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/workflows', '<rootDir>/activities', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json' }],
    // A few dependencies ship ES modules only; jest on Node 20 cannot require() them untransformed.
    '^.+/node_modules/.+\\.js$': ['ts-jest', { tsconfig: 'tsconfig.spec.json', isolatedModules: true }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|jose)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['<rootDir>/test/support/quiet-temporal.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testSequencer: '<rootDir>/test/support/sequencer.js',
  testTimeout: 120000,
  slowTestThreshold: 30,
};
