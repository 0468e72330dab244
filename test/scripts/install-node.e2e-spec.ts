import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pinnedNodeVersion } from '../support/node-runtime';

const root = resolve(__dirname, '..', '..');

/**
 * scripts/install-node.sh on a fresh clone: installs the pinned Node.js from the npm registry into
 * the project's .runtime/, checks its version, once; a second run reuses it.
 */
describe('installing the pinned Node.js', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** A project folder with the script and a .node-version of its own. */
  function project(nodeVersion: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'placement-node-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'scripts'));
    copyFileSync(join(root, 'scripts/install-node.sh'), join(dir, 'scripts/install-node.sh'));
    writeFileSync(join(dir, '.node-version'), nodeVersion);
    return dir;
  }

  const install = (dir: string) => spawnSync('bash', [join(dir, 'scripts/install-node.sh')], { cwd: tmpdir(), encoding: 'utf8', timeout: 300000 });

  it('installs it once from the registry and prints its bin folder', () => {
    const dir = project(`${pinnedNodeVersion()}\n`);
    const first = install(dir);
    expect(first.status).toBe(0);
    expect(first.stderr).toContain(`Installing Node.js ${pinnedNodeVersion()}`);
    const bin = first.stdout.trim();
    expect(bin).toBe(join(dir, '.runtime', `node-v${pinnedNodeVersion()}`, 'bin'));
    expect(spawnSync(join(bin, 'node'), ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim()).toBe(pinnedNodeVersion());
    // no half-installed copy left behind; .runtime/node is the stable path the systemd units use
    expect(readdirSync(join(dir, '.runtime')).sort()).toEqual(['node', `node-v${pinnedNodeVersion()}`]);
    expect(readlinkSync(join(dir, '.runtime', 'node'))).toBe(`node-v${pinnedNodeVersion()}`);

    const second = install(dir);
    expect(second.status).toBe(0);
    expect(second.stdout.trim()).toBe(bin);
    expect(second.stderr).toBe('');
  }, 300000);

  it.each([['a range', '>=24'], ['a major alone', '24'], ['an empty file', '']])('refuses %s as .node-version, installing nothing', (_, version) => {
    const dir = project(version);
    const run = install(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('.node-version must hold one exact version');
    expect(existsSync(join(dir, '.runtime'))).toBe(false);
  });
});
