import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Log } from './child-process';

/** The one Temporal CLI release that can be `go install`ed (later tags carry a replace directive). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';



export interface TemporalCliLocation {
  path: string;
  source: 'TEMPORAL_CLI' | 'tools' | 'PATH' | 'built';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function toolsBinDir(projectRoot: string): string {
  return join(projectRoot, '.tools', 'bin');
}

/** Finds the CLI without building it: env TEMPORAL_CLI, then .tools/bin, then PATH. */
export function findTemporalCli(
  projectRoot: string,
  env: NodeJS.ProcessEnv = process.env,
): TemporalCliLocation | undefined {
  const fromEnv = env.TEMPORAL_CLI;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new Error(`TEMPORAL_CLI is set to "${fromEnv}", but no executable file is there.`);
    }
    return { path: fromEnv, source: 'TEMPORAL_CLI' };
  }
  const local = join(toolsBinDir(projectRoot), 'temporal');
  if (isExecutable(local)) return { path: local, source: 'tools' };
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'temporal');
    if (isExecutable(candidate)) return { path: candidate, source: 'PATH' };
  }
  return undefined;
}

function findGo(env: NodeJS.ProcessEnv): string | undefined {
  const candidates = [...(env.PATH ?? '').split(delimiter).map((d) => join(d, 'go')), '/usr/local/go/bin/go'];
  return candidates.find((c) => c !== 'go' && existsSync(c) && isExecutable(c));
}

/**
 * Returns the Temporal CLI, building it once into .tools/bin with `go install` when it is
 * nowhere to be found. The build downloads modules from the Go module proxy only.
 */
export async function ensureTemporalCli(projectRoot: string, log: Log = console.log): Promise<TemporalCliLocation> {
  const found = findTemporalCli(projectRoot);
  if (found) return found;

  const go = findGo(process.env);
  if (!go) {
    throw new Error(
      'The Temporal CLI was not found (TEMPORAL_CLI, .tools/bin/temporal, PATH) and Go is not installed to build it. ' +
        `Install Go (https://go.dev/dl or Debian's golang package), or point TEMPORAL_CLI at a temporal binary, then retry. ` +
        `The build is: go install ${TEMPORAL_CLI_MODULE}`,
    );
  }
  const version = spawnSync(go, ['version'], { encoding: 'utf8' }).stdout.trim();
  const binDir = toolsBinDir(projectRoot);
  mkdirSync(binDir, { recursive: true });
  log(`Building the Temporal CLI once (${TEMPORAL_CLI_MODULE}) with ${version} into ${binDir}.`);
  log('This takes a few minutes on a fresh machine; later runs reuse the binary.');

  const started = Date.now();
  let packages = 0;
  let lastLine = '';
  const tail: string[] = [];
  const child = spawn(go, ['install', '-v', TEMPORAL_CLI_MODULE], {
    env: { ...process.env, GOBIN: binDir, GOFLAGS: `${process.env.GOFLAGS ?? ''} -mod=mod`.trim() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      lastLine = line.trim();
      tail.push(lastLine);
      if (tail.length > 30) tail.shift();
      if (!line.startsWith('go: downloading')) packages += 1;
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const progress = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    log(`  building Temporal CLI: ${packages} packages compiled, ${seconds}s (${lastLine})`);
  }, 15000);
  const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  clearInterval(progress);
  const built = join(binDir, 'temporal');
  if (code !== 0 || !isExecutable(built)) {
    throw new Error(`Building the Temporal CLI failed (go install exited ${code}). Last output:\n${tail.join('\n')}`);
  }
  log(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)}s: ${built}`);
  return { path: built, source: 'built' };
}
