/**
 * `npm run test:unit`: the pure and service specs (`*.spec.ts`), in seconds, with no Temporal or
 * PostgreSQL started. `npm test` runs these and every `*.e2e-spec.ts` (see jest.config.js).
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.e2e-spec\\.ts$'],
  globalSetup: undefined,
  globalTeardown: undefined,
  testSequencer: undefined,
  testTimeout: 20000,
};
