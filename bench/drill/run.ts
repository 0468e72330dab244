/**
 * `npm run drill`: the fault drill (see drill.ts). Prints a table, writes JSON and exits non-zero
 * when a check fails.
 *
 *   npm run drill                       40 clients, 3 rounds of every fault
 *   npm run drill -- --clients 8 --rounds 1
 *   npm run drill -- --keep             keep the drill's folder (PostgreSQL, Temporal, logs) for a look
 *                                       (a failed drill always keeps it and prints where)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { renderDrill, runDrill, type DrillOptions } from './drill';

const root = resolve(__dirname, '..', '..', '..');

function parse(argv: string[]): DrillOptions & { out: string } {
  const arg = (name: string, fallback: number): number => {
    const i = argv.indexOf(name);
    const value = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number`);
    return value;
  };
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const i = argv.indexOf('--out');
  return {
    clients: arg('--clients', 40),
    rounds: arg('--rounds', 3),
    downMs: arg('--down-ms', 1000),
    settleMs: arg('--settle-ms', 5000),
    keep: argv.includes('--keep'),
    out: i >= 0 ? argv[i + 1] : join(root, 'bench', 'results', `drill-${stamp}.json`),
  };
}

async function main(): Promise<void> {
  const { out, ...options } = parse(process.argv.slice(2));
  const log = (message: string): void => console.log(`[drill ${new Date().toISOString().slice(11, 19)}] ${message}`);
  const result = await runDrill(options, log);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log('\n' + renderDrill(result) + '\n');
  log(`JSON written to ${out}`);
  process.exit(result.passed ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(`[drill] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
