import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Client } from '@temporalio/client';
import { connectClient, plainSettings } from '../../temporal/src/connection';
import { ServerExitedError, startServerProcess, stopChild, type Log } from './child-process';

export interface TemporalDevServerOptions {
  cliPath: string;
  port: number;
  /** Web UI port; undefined runs headless. */
  uiPort?: number;
  namespace: string;
  /** File database; undefined keeps everything in memory (tests). */
  dbFile?: string;
  /** SQLite pragmas for the file database, as PRAGMA=VALUE (default: WAL, synchronous=normal). */
  sqlitePragmas?: string[];
  searchAttributes: Record<string, string>;
  /** How long to wait for the frontend to answer. */
  readyTimeoutMs?: number;
  log?: Log;
}

export interface TemporalDevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const log = options.log ?? console.log;
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--log-level', 'warn'];
  args.push('--namespace', options.namespace);
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
    // A write-ahead log, synced at checkpoints: a commit no longer waits for its own fsyncs (the
    // rollback journal's default), and nothing committed is lost when a process dies; only a
    // power cut can cost the last commits. SQLite's recommended pairing for a server's file.
    for (const pragma of options.sqlitePragmas ?? ['journal_mode=wal', 'synchronous=normal']) args.push('--sqlite-pragma', pragma);
  }
  for (const [name, type] of Object.entries(options.searchAttributes)) {
    args.push('--search-attribute', `${name}=${type}`);
  }
  // Updates and update-with-start are on by default in server 1.29; keep them on explicitly.
  args.push('--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true');
  args.push('--dynamic-config-value', 'frontend.enableExecuteMultiOperation=true');

  const address = `127.0.0.1:${options.port}`;
  const start = () =>
    startServerProcess(options.cliPath, args, {
      name: 'The Temporal dev server',
      where: address,
      ready: () => answers(address, options.namespace),
      timeoutMs: options.readyTimeoutMs ?? 120000,
      pollMs: 250,
    });
  // The dev server picks its HTTP, metrics and internal ports itself, free when picked: another
  // process can take one before it binds, and it exits. That is worth one more try; a second exit is not.
  const child = await start().catch((error: unknown) => {
    if (!(error instanceof ServerExitedError)) throw error;
    log(`${error.message.split('\n')[0].replace(/:$/, '')}; starting it once more`);
    return start();
  });
  const uiUrl = options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined;
  log(`Temporal dev server ready on ${address}${uiUrl ? `, web UI ${uiUrl}` : ''}`);
  return { address, uiUrl, process: child, stop: () => stopChild(child, 15000) };
}

/** True when the frontend answers and the namespace exists. */
async function answers(address: string, namespace: string): Promise<boolean> {
  let client: Client | undefined;
  try {
    client = await connectClient(plainSettings(address, namespace), 1000);
    await client.connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch {
    return false;
  } finally {
    await client?.connection.close().catch(() => undefined);
  }
}
