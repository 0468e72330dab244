// Lint rules that keep the architecture honest (see STYLE.md "Which folder may import which").
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['fs', 'path', 'http', 'https', 'net', 'crypto', 'child_process', 'os', 'stream', 'worker_threads', 'dns', 'tls', 'zlib'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.tools/**', 'coverage/**', '*.js', '*.mjs', 'test/support/sequencer.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
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
    // The pure domain imports nothing but itself.
    files: ['libs/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      // No package (node: built-ins included) and no path that climbs out of libs/domain.
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\.)|^(\\.\\./){3}', message: 'libs/domain imports nothing outside itself.' }] }],
    },
  },
);
