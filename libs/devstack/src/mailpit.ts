/**
 * Mailpit, the development and test mail server: found or built like the Temporal CLI (MAILPIT,
 * .tools/bin/mailpit, PATH, else `go install` once), started with its SMTP port and its web UI and
 * API, its messages in a file (npm start: they survive restarts) or in memory (tests).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { startServerProcess, stopChild, type Log } from './child-process';
import { ensureGoTool, type GoTool, type ToolLocation } from './go-tool';

export const MAILPIT_MODULE = 'github.com/axllent/mailpit@v1.33.1';

export const MAILPIT: GoTool<'MAILPIT'> = { title: 'Mailpit', binary: 'mailpit', envVar: 'MAILPIT', module: MAILPIT_MODULE };

export function ensureMailpit(projectRoot: string, log?: Log): Promise<ToolLocation<'MAILPIT'>> {
  return ensureGoTool(MAILPIT, projectRoot, log);
}

export interface MailpitOptions {
  binPath: string;
  smtpPort: number;
  uiPort: number;
  /** The message database; undefined keeps messages in memory (a temporary file Mailpit removes). */
  dbFile?: string;
  /** Only recipients matching this (Go) regular expression are accepted; others get 550 (tests: an invalid address). */
  allowedRecipients?: string;
  readyTimeoutMs?: number;
  log?: Log;
}

export interface Mailpit {
  smtpUrl: string;
  /** The web UI, and the API under /api/v1. */
  uiUrl: string;
  smtpPort: number;
  uiPort: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startMailpit(options: MailpitOptions): Promise<Mailpit> {
  const log = options.log ?? console.log;
  const args = ['--smtp', `127.0.0.1:${options.smtpPort}`, '--listen', `127.0.0.1:${options.uiPort}`, '--disable-version-check', '--quiet'];
  // Development and tests: any or no SMTP credentials, over plain text on the loopback.
  args.push('--smtp-auth-accept-any', '--smtp-auth-allow-insecure', '--max', '5000');
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    args.push('--database', options.dbFile);
  }
  if (options.allowedRecipients) args.push('--smtp-allowed-recipients', options.allowedRecipients);
  const uiUrl = `http://127.0.0.1:${options.uiPort}`;
  const child = await startServerProcess(options.binPath, args, { name: 'Mailpit', where: uiUrl, ready: () => ready(uiUrl), timeoutMs: options.readyTimeoutMs ?? 30000, pollMs: 100 });
  log(`Mailpit ready: SMTP 127.0.0.1:${options.smtpPort}, web UI ${uiUrl}`);
  return { smtpUrl: `smtp://127.0.0.1:${options.smtpPort}`, uiUrl, smtpPort: options.smtpPort, uiPort: options.uiPort, process: child, stop: () => stopChild(child, 5000) };
}

async function ready(uiUrl: string): Promise<boolean> {
  try {
    return (await fetch(`${uiUrl}/readyz`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}
