/**
 * `npm run test:cluster`: the system on the Temporal server on PostgreSQL (test/cluster). Each file
 * starts a cluster of its own (databases of its own on the local PostgreSQL, dropped afterwards);
 * the server, its schema tool and UI server are built once per machine into .tools/bin.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/cluster'],
  testMatch: ['**/*.cluster-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json' }],
    '^.+/node_modules/.+\\.js$': ['ts-jest', { tsconfig: 'tsconfig.spec.json', isolatedModules: true }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|jose)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['<rootDir>/test/support/quiet-temporal.ts'],
  // The first run on a machine builds the Temporal server (10-30 minutes on 2 cores).
  testTimeout: 45 * 60 * 1000,
  slowTestThreshold: 120,
};
