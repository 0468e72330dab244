import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { seedUser } from './stack';

const root = resolve(__dirname, '..', '..');

export interface SourceProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
}

/** A process of the system as it runs in production (its own Node, JSON logs), from the sources. */
export function startFromSources(entry: string, env: Record<string, string>): SourceProcess {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', entry], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TS_NODE_PROJECT: resolve(root, 'tsconfig.json'), ...env },
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  return { child, output: () => text };
}

/** SIGTERM, and waits until it exited. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Waits until the API answers /health/ready with 200; fails early when a process exits. */
export async function untilReady(base: string, processes: SourceProcess[], timeoutMs = 120000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await fetch(`${base}/health/ready`).then((r) => r.status === 200, () => false);
    if (ready) return;
    if (Date.now() > deadline || processes.some((p) => p.child.exitCode !== null)) {
      throw new Error(`API and worker did not come up:\n${processes.map((p) => p.output()).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A bearer token from a running API's development endpoint, for a user of the organisation seeded with these roles. */
export async function devToken(base: string, organisationId: string, roles: string[], label: string): Promise<string> {
  const userId = await seedUser(organisationId, roles, `${label}-${roles[0]}-${organisationId.slice(0, 8)}`);
  const response = await fetch(`${base}/dev/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
  return `Bearer ${((await response.json()) as { accessToken: string }).accessToken}`;
}
