// Lint rules that keep the architecture honest (see STYLE.md "Which folder may import which").
import { dirname, relative, resolve, sep } from 'node:path';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['fs', 'path', 'http', 'https', 'net', 'crypto', 'child_process', 'os', 'stream', 'worker_threads', 'dns', 'tls', 'zlib'];

// The tiers of the README's Layout, bottom first: a file may import its own tier and those below it,
// never one above (a type-only import counts too: it is an arrow all the same). Within a tier the
// fences below say more (workflows import activities as types only; activities import no workflows).
const TIERS = [
  { name: 'libs', folders: ['libs'] },
  { name: 'workflows and activities', folders: ['workflows', 'activities'] },
  { name: 'apps', folders: ['apps'] },
  { name: 'the tooling (scripts, bench, test)', folders: ['scripts', 'bench', 'test'] },
];
const tierOf = (file) => {
  const top = relative(import.meta.dirname, file).split(sep)[0];
  const rank = TIERS.findIndex((t) => t.folders.includes(top));
  return rank < 0 ? undefined : { rank, folder: top };
};
const layers = {
  rules: {
    'no-upward-import': {
      meta: {
        type: 'problem',
        messages: { up: '{{from}}/ is in the tier {{fromTier}}, below {{to}}/ ({{toTier}}): dependencies point inwards (apps -> workflows/activities -> libs), never up.' },
        schema: [],
      },
      create(context) {
        const from = tierOf(context.filename);
        if (!from) return {};
        const check = (source) => {
          if (source?.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
          const to = tierOf(resolve(dirname(context.filename), source.value));
          if (to && to.rank > from.rank) {
            context.report({ node: source, messageId: 'up', data: { from: from.folder, fromTier: TIERS[from.rank].name, to: to.folder, toTier: TIERS[to.rank].name } });
          }
        };
        return {
          ImportDeclaration: (node) => check(node.source),
          ExportNamedDeclaration: (node) => check(node.source),
          ExportAllDeclaration: (node) => check(node.source),
          ImportExpression: (node) => check(node.source),
          'CallExpression[callee.name="require"]': (node) => check(node.arguments[0]),
        };
      },
    },
  },
};

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
    // No import runs up a tier (tests may reach their support code from anywhere).
    files: ['**/*.ts', 'apps/web/**/*.tsx'],
    ignores: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.cluster-spec.ts', '**/*.test.ts', '**/*.test.tsx'],
    plugins: { layers },
    rules: { 'layers/no-upward-import': 'error' },
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
            {
              regex: '/libs/database/|/libs/contracts/(?!src/workflows/)|/apps/',
              message: 'Workflows import only libs/domain, their contracts (libs/contracts/src/workflows) and their own folder.',
            },
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
    // Activities run on the worker beside the workflows but never load workflow code (the workflows' contracts are in libs/contracts/src/workflows).
    files: ['activities/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@temporalio/client', message: 'Reach Temporal through libs/temporal (the one door), not @temporalio/client.', allowTypeImports: true }],
          patterns: [
            {
              regex: '^(\\.\\./)+workflows(/|$)',
              message: 'Activities import no workflow code; reach workflows through libs/temporal and their contracts in libs/contracts/src/workflows.',
            },
          ],
        },
      ],
    },
  },
  {
    // The workflows' contracts are bundled into the workflow sandbox and imported by every tier:
    // only Temporal's message and search-attribute definers, the domain, and each other.
    files: ['libs/contracts/src/workflows/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./|\\.\\./\\.\\./\\.\\./domain/src/|@temporalio/(workflow|common)$)',
              message: 'Workflow contracts import only @temporalio/workflow, @temporalio/common, libs/domain and each other (they run in the workflow sandbox).',
            },
          ],
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
