/**
 * CPU time spent by each part of the system (Linux /proc): what one operation of a section cost
 * the API, the journey worker, the Temporal server, PostgreSQL (every `postgres` process of the
 * server, so other databases' work on a shared server counts too) and the bench's own process
 * (its HTTP and Temporal clients, and the baseline's Updates), and the machine as a whole.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { BenchStack } from './stack';
import { round } from './stats';

export interface CpuParts {
  api: number;
  worker: number;
  temporal: number;
  postgres: number;
  bench: number;
  machine: number;
}

const CLOCK_TICKS_PER_SECOND = 100;

function processCpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    // Fields after the command: state is 0, utime 11 and stime 12 (all threads, in clock ticks).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function postgresCpuMs(): number {
  let sum = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') sum += processCpuMs(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return sum;
}

function machineCpuMs(): number {
  const [user, nice, system] = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1, 4).map(Number);
  return ((user + nice + system) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Where /proc is missing (not Linux), every figure is 0. */
export function cpuSnapshot(stack: Pick<BenchStack, 'api' | 'workerPid' | 'temporalPid' | 'mode'>): CpuParts {
  try {
    return {
      api: stack.mode === 'processes' ? processCpuMs(stack.api.pid) : 0,
      worker: stack.mode === 'processes' ? processCpuMs(stack.workerPid) : 0,
      temporal: processCpuMs(stack.temporalPid),
      postgres: postgresCpuMs(),
      bench: processCpuMs(process.pid),
      machine: machineCpuMs(),
    };
  } catch {
    return { api: 0, worker: 0, temporal: 0, postgres: 0, bench: 0, machine: 0 };
  }
}

/** after - before, summed into `into`. */
export function addCpu(into: CpuParts, before: CpuParts, after: CpuParts): void {
  for (const key of Object.keys(into) as (keyof CpuParts)[]) into[key] += after[key] - before[key];
}

export const noCpu = (): CpuParts => ({ api: 0, worker: 0, temporal: 0, postgres: 0, bench: 0, machine: 0 });

/** Milliseconds of CPU per operation. */
export function perOperation(cpu: CpuParts, operations: number): CpuParts {
  const n = operations || 1;
  return Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, round(v / n, 1)])) as unknown as CpuParts;
}
