/**
 * 4. Memory: resident memory of the worker and the API, and storage per journey, before and
 * after onboarding a caseload of open, idle journeys (their next timer is days away).
 */
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import type { BenchContext } from '../context';
import { sqliteBytes } from '../stack';
import { round } from '../stats';

export interface MemorySnapshot {
  workerRssBytes: number;
  apiRssBytes: number;
  temporalRssBytes?: number;
  postgresBytes: number;
  temporalDbBytes?: number;
}

export interface MemoryResult {
  journeys: number;
  /** 'processes': worker and API RSS are their own; 'in-process': one process holds both (smoke). */
  mode: string;
  before: MemorySnapshot;
  after: MemorySnapshot;
  workerRssMiB: number;
  apiRssMiB: number;
  workerBytesPerJourney: number;
  postgresBytesPerJourney: number;
  /** From the dev server's SQLite file (with its WAL); absent when the server keeps its data in memory. */
  temporalDbBytesPerJourney?: number;
  temporalRssBytesPerJourney?: number;
}

export function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return line ? Number(line.replace(/\D+/g, '')) * 1024 : NaN;
}

export async function memorySnapshot(ctx: BenchContext): Promise<MemorySnapshot> {
  const { stack } = ctx;
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    await db.query('CHECKPOINT').catch(() => undefined);
    const { rows } = await db.query('SELECT pg_database_size(current_database())::bigint AS size');
    return {
      workerRssBytes: rssBytes(stack.workerPid),
      apiRssBytes: rssBytes(stack.api.pid ?? process.pid),
      temporalRssBytes: stack.temporalPid ? rssBytes(stack.temporalPid) : undefined,
      postgresBytes: Number(rows[0].size),
      temporalDbBytes: stack.temporalDbFile ? sqliteBytes(stack.temporalDbFile) : undefined,
    };
  } finally {
    await db.end();
  }
}

export function memoryResult(ctx: BenchContext, before: MemorySnapshot, after: MemorySnapshot): MemoryResult {
  const n = ctx.onboarded?.candidateIds.length ?? 0;
  const per = (a?: number, b?: number): number | undefined => (a === undefined || b === undefined || !n ? undefined : Math.round((b - a) / n));
  return {
    journeys: n,
    mode: ctx.stack.mode,
    before,
    after,
    workerRssMiB: round(after.workerRssBytes / 2 ** 20, 1),
    apiRssMiB: round(after.apiRssBytes / 2 ** 20, 1),
    workerBytesPerJourney: per(before.workerRssBytes, after.workerRssBytes) ?? NaN,
    postgresBytesPerJourney: per(before.postgresBytes, after.postgresBytes) ?? NaN,
    temporalDbBytesPerJourney: per(before.temporalDbBytes, after.temporalDbBytes),
    temporalRssBytesPerJourney: per(before.temporalRssBytes, after.temporalRssBytes),
  };
}
