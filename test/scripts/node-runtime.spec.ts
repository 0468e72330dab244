import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathWithoutOwnNode, pinnedNodeVersion } from '../support/node-runtime';

const root = resolve(__dirname, '..', '..');

interface Manifest {
  engines?: Record<string, string>;
  scripts: Record<string, string>;
}
const packageJson = (): Manifest => JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as Manifest;
const lockedRoot = (): Manifest => (JSON.parse(readFileSync(resolve(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, Manifest> }).packages[''];

/**
 * The project runs on the Node.js pinned in .node-version, which its own scripts install: every
 * npm script puts it first on PATH (scripts/use-node.sh), so jest, the processes it starts and
 * everything an npm script starts run on it, whatever Node.js the shell had.
 */
describe('the pinned Node.js', () => {
  it('is an LTS line from 24 on, and package.json (and its lock file) require that major', () => {
    const major = Number(pinnedNodeVersion().split('.')[0]);
    expect(major).toBeGreaterThanOrEqual(24);
    expect(major % 2).toBe(0); // even majors become LTS
    expect(packageJson().engines).toEqual({ node: `>=${major}` });
    // npm copies engines into the lock file; a lock file that disagrees is rewritten by every install.
    expect(lockedRoot().engines).toEqual(packageJson().engines);
  });

  it('runs jest itself', () => {
    expect(process.versions.node).toBe(pinnedNodeVersion());
  });

  it('comes first on PATH in every npm script', () => {
    const scripts = Object.entries(packageJson().scripts);
    expect(scripts.length).toBeGreaterThan(10);
    expect(scripts.filter(([, command]) => !command.startsWith('. scripts/use-node.sh && '))).toEqual([]);
  });

  it('is what `node` and the commands of npx run on after scripts/use-node.sh, from a shell whose PATH has another Node.js or none', () => {
    const run = (command: string): string => execFileSync('sh', ['-c', `. scripts/use-node.sh && ${command}`], { cwd: root, encoding: 'utf8', env: { ...process.env, PATH: pathWithoutOwnNode() } }).trim();
    expect(run('node -p process.versions.node')).toBe(pinnedNodeVersion());
    // a package's command through npx: its `#!/usr/bin/env node` finds the pinned one
    expect(run(`npx ts-node --transpile-only -e 'console.log(process.versions.node)'`)).toBe(pinnedNodeVersion());
    expect(dirname(run('command -v node'))).toBe(dirname(process.execPath));
  });
});
