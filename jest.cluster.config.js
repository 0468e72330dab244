/**
 * `npm run test:cluster`: the system on the Temporal server on PostgreSQL (test/cluster). Each file
 * starts a cluster of its own (databases of its own on the local PostgreSQL, dropped afterwards);
 * the server and its schema tool are built once per machine into .tools/bin.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/cluster'],
  testMatch: ['**/*.cluster-spec.ts'],
  globalSetup: undefined,
  globalTeardown: undefined,
  testSequencer: undefined,
  // The first run on a machine builds the Temporal server (about 30 s after the CLI, whose
  // compiled packages it shares; 10-20 minutes when the CLI was never built here).
  testTimeout: 60 * 60 * 1000,
  slowTestThreshold: 120,
};
