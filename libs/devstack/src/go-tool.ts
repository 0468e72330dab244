/**
 * The Go-built tools of the dev stack (the Temporal CLI, Mailpit, the Temporal server, its schema
 * tool and UI server): each is found, or built once from its Go module, the same way: an
 * environment variable naming a binary, then the project's git-ignored .tools/bin, then PATH; else
 * built once with progress into a folder of its own under .tools/build (several modules build a
 * binary named `server`), and then copied into .tools/bin under the tool's own name.
 *
 * The Temporal CLI, server and schema tool are built from the project's own Go module
 * tools/temporal (its go.mod and go.sum pin one set of versions: the server release the CLI's dev
 * server embeds), so the server reuses every package the CLI's build compiled: minutes instead of
 * most of an hour on a fresh machine. The others are `go install`ed from their own modules.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Log } from './child-process';

export interface GoTool<E extends string = string> {
  /** What people call it, e.g. "the Temporal CLI". */
  title: string;
  /** The binary's file name. */
  binary: string;
  /** The environment variable that names a binary to use instead. */
  envVar: E;
  /** What `go install` builds, module@version; with `projectModule`, the package path `go build` builds. */
  module: string;
  /** The project's Go module (a folder under the project root) that pins the tool's versions. */
  projectModule?: string;
  /** The file name `go install` gives the binary when it is not `binary` (the module's last path element). */
  builtAs?: string;
}

/** The Go module in this project that pins the Temporal CLI, the server and its schema tool. */
export const TEMPORAL_GO_MODULE = join('tools', 'temporal');

export interface ToolLocation<S extends string = string> {
  path: string;
  source: S | 'tools' | 'PATH' | 'built';
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

/** Where `go install` puts one tool's binary before it is copied into .tools/bin. */
export function toolBuildDir(projectRoot: string, tool: GoTool): string {
  return join(projectRoot, '.tools', 'build', tool.binary);
}

/** Finds the tool without building it: its environment variable, then .tools/bin, then PATH. */
export function findGoTool<E extends string>(tool: GoTool<E>, projectRoot: string, env: NodeJS.ProcessEnv = process.env): ToolLocation<E> | undefined {
  const fromEnv = env[tool.envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`${tool.envVar} is set to "${fromEnv}", but no executable file is there.`);
    return { path: fromEnv, source: tool.envVar };
  }
  const local = join(toolsBinDir(projectRoot), tool.binary);
  if (isExecutable(local)) return { path: local, source: 'tools' };
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, tool.binary);
    if (isExecutable(candidate)) return { path: candidate, source: 'PATH' };
  }
  return undefined;
}

export function findGo(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [...(env.PATH ?? '').split(delimiter).map((d) => join(d, 'go')), '/usr/local/go/bin/go'];
  return candidates.find((c) => c !== 'go' && existsSync(c) && isExecutable(c));
}

/**
 * Returns the tool, building it once into .tools/bin with `go install` when it is nowhere to be
 * found. The build downloads modules from the Go module proxy only.
 */
export async function ensureGoTool<E extends string>(tool: GoTool<E>, projectRoot: string, log: Log = console.log): Promise<ToolLocation<E>> {
  const found = findGoTool(tool, projectRoot);
  if (found) return found;

  const go = findGo(process.env);
  if (!go) {
    throw new Error(
      `${capital(tool.title)} was not found (${tool.envVar}, .tools/bin/${tool.binary}, PATH) and Go is not installed to build it. ` +
        `Install Go (https://go.dev/dl or Debian's golang package), or point ${tool.envVar} at a ${tool.binary} binary, then retry. ` +
        `The build is: ${buildCommand(tool)}`,
    );
  }
  const version = spawnSync(go, ['version'], { encoding: 'utf8' }).stdout.trim();
  const binDir = toolsBinDir(projectRoot);
  const buildDir = toolBuildDir(projectRoot, tool);
  mkdirSync(binDir, { recursive: true });
  mkdirSync(buildDir, { recursive: true });
  log(`Building ${tool.title} once (${buildCommand(tool)}) with ${version} into ${binDir}.`);
  log('This takes a few minutes on a fresh machine; later runs reuse the binary.');

  const started = Date.now();
  let packages = 0;
  let lastLine = '';
  const tail: string[] = [];
  const child = tool.projectModule
    ? spawn(go, ['build', '-v', '-o', join(buildDir, tool.binary), tool.module], { cwd: join(projectRoot, tool.projectModule), env: process.env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(go, ['install', '-v', tool.module], {
        env: { ...process.env, GOBIN: buildDir, GOFLAGS: `${process.env.GOFLAGS ?? ''} -mod=mod`.trim() },
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
    log(`  building ${tool.title}: ${packages} packages compiled, ${seconds}s (${lastLine})`);
  }, 15000);
  const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  clearInterval(progress);
  const output = join(buildDir, tool.projectModule ? tool.binary : (tool.builtAs ?? tool.binary));
  if (code !== 0 || !isExecutable(output)) {
    throw new Error(`Building ${tool.title} failed (${buildCommand(tool)} exited ${code}). Last output:\n${tail.join('\n')}`);
  }
  // Copied under its own name, then renamed: another process never finds half a binary.
  const built = join(binDir, tool.binary);
  copyFileSync(output, `${built}.partial`);
  renameSync(`${built}.partial`, built);
  log(`${capital(tool.title)} built in ${Math.round((Date.now() - started) / 1000)}s: ${built}`);
  return { path: built, source: 'built' };
}

/** The command that builds the tool, as a person would type it. */
export function buildCommand(tool: GoTool): string {
  return tool.projectModule ? `cd ${tool.projectModule} && go build -o ${tool.binary} ${tool.module}` : `go install ${tool.module}`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
