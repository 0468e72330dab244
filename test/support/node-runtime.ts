import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { basename, delimiter, dirname, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');

/** The Node.js version the project runs on, as pinned in .node-version (scripts/install-node.sh installs it). */
export function pinnedNodeVersion(): string {
  return readFileSync(resolve(root, '.node-version'), 'utf8').trim();
}

/** The environment's PATH without the folder of the Node.js this process runs on: a shell as a newcomer opens it. */
export function pathWithoutOwnNode(path = process.env.PATH ?? ''): string {
  return path
    .split(delimiter)
    .filter((dir) => dir !== dirname(process.execPath))
    .join(delimiter);
}

/** Whether a running process is a Node.js (its executable is named node); false once it is gone. */
export function isNodeProcess(pid: number): boolean {
  try {
    return basename(readlinkSync(`/proc/${pid}/exe`)) === 'node';
  } catch {
    return false;
  }
}

/** The version (`v24.…`) of the Node.js executable a running process was started from. */
export function nodeVersionOf(pid: number): string {
  return execFileSync(readlinkSync(`/proc/${pid}/exe`), ['--version'], { encoding: 'utf8' }).trim();
}
