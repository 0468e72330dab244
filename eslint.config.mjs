// Lint rules that keep the architecture honest (see STYLE.md "Which folder may import which").
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['fs', 'path', 'http', 'https', 'net', 'crypto', 'child_process', 'os', 'stream', 'worker_threads', 'dns', 'tls', 'zlib'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.tools/**', 'coverage/**', '*.js', '*.mjs', 'test/support/sequencer.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', 'apps/web/**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no I/O, no Nest, no ORM, no validators.
    files: ['workflows/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...NODE_BUILTINS, ...NODE_BUILTINS.map((m) => `node:${m}`), 'typeorm', 'pg', 'class-validator', 'class-transformer', 'reflect-metadata'].map(
            (name) => ({ name, message: 'Workflows must stay deterministic: no I/O or decorator libraries here.' }),
          ),
          patterns: [
            { group: ['@nestjs/*'], message: 'Workflows must not load Nest.' },
            { group: ['**/activities/**'], message: 'Import activities as types only.', allowTypeImports: true },
            { group: ['**/libs/database/**', '**/libs/contracts/**', '**/apps/**'], message: 'Workflows import only libs/domain and their own folder.' },
          ],
        },
      ],
    },
  },
  {
    // One door to Temporal: clients are made in libs/temporal (tests and the benchmarks drive Temporal directly).
    files: ['apps/**/*.ts', 'activities/**/*.ts', 'libs/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['libs/temporal/**', '**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@temporalio/client', message: 'Reach Temporal through libs/temporal (the one door), not @temporalio/client.', allowTypeImports: true }] },
      ],
    },
  },
  {
    // Activities run on the worker beside the workflows but never load workflow code (the workflows' contracts come through libs/temporal).
    files: ['activities/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@temporalio/client', message: 'Reach Temporal through libs/temporal (the one door), not @temporalio/client.', allowTypeImports: true }],
          patterns: [{ group: ['**/workflows/**'], message: 'Activities import no workflow code; reach workflows through libs/temporal.' }],
        },
      ],
    },
  },
  {
    // The pure domain imports nothing but itself: no package (node: built-ins included), no path out of libs/domain/src.
    files: ['libs/domain/src/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\.)|^\\.\\./', message: 'libs/domain imports nothing outside itself.' }] }],
    },
  },
  {
    files: ['libs/domain/src/*/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\.)|^(\\.\\./){2}', message: 'libs/domain imports nothing outside itself.' }] }],
    },
  },
  {
    // The engine is generic: a method registers with it (engine/method.ts); it imports none, not even a type.
    files: ['libs/domain/src/engine/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!\\.)|^(\\.\\./){2}', message: 'libs/domain imports nothing outside itself.' },
            { regex: '^\\.\\./method(/|$)', message: 'The engine imports no method: the method registers with it (engine/method.ts).' },
          ],
        },
      ],
    },
  },
);
