// Lints one piece of code as if it were the file at the given path, with the project's ESLint
// config (type-aware rules off: no TypeScript program needed), and prints the messages as JSON.
// Run as a process of its own: ESLint loads its config as an ES module, which jest's VM cannot.
import { ESLint } from 'eslint';
import { resolve } from 'node:path';

const [root, path] = process.argv.slice(2);
const code = await new Promise((done) => {
  let text = '';
  process.stdin.on('data', (d) => (text += d));
  process.stdin.on('end', () => done(text));
});
const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
});
const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
process.stdout.write(JSON.stringify(result.messages));
