/**
 * `npm run bench`: starts a throw-away system (Temporal dev server on a temp file database, a
 * fresh PostgreSQL database, the worker, the API and the baseline worker as child processes),
 * runs the benchmark sections, prints tables, writes JSON, and tears everything down.
 *
 *   npm run bench                        full scale: 10k onboarding/idle journeys, 10k and 100k for queries
 *   npm run bench -- --quick             about 1k instead (--smoke: a few, as the test suite runs it)
 *   npm run bench -- --sections roundtrip,queries
 *   npm run bench -- --out bench/results/my-run.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SCALES, SECTIONS, type BenchScale, type Section } from './context';
import { renderReport, runBench } from './harness';
import { startBenchStack, type BenchStack } from './stack';

const root = resolve(__dirname, '..', '..');

function parseArgs(argv: string[]): { scale: BenchScale; sections: Section[]; out: string } {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.split('=')[1];
  };
  const env = process.env;
  const name = argv.includes('--smoke') ? 'smoke' : argv.includes('--quick') ? 'quick' : (env.BENCH_SCALE ?? 'full');
  if (!(name in SCALES)) throw new Error(`Unknown scale "${name}"; choose from ${Object.keys(SCALES).join(', ')}.`);
  const scale = SCALES[name as BenchScale['name']];
  const list = (arg('--sections') ?? env.BENCH_SECTIONS ?? SECTIONS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of list) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`Unknown section "${s}"; choose from ${SECTIONS.join(', ')}.`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = arg('--out') ?? env.BENCH_OUT ?? join(root, 'bench', 'results', `bench-${scale.name}-${stamp}.json`);
  return { scale, sections: list as Section[], out };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const log = (message: string): void => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
  let stack: BenchStack | undefined;
  const stop = async (code: number): Promise<never> => {
    await stack?.stop().catch((e: unknown) => log(`teardown: ${String(e)}`));
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(130));
  process.once('SIGTERM', () => void stop(143));
  try {
    stack = await startBenchStack(log);
    log(`stack up: API ${stack.api.url}, worker pid ${stack.workerPid}, database ${stack.databaseUrl.split('/').pop()}`);
    const result = await runBench(stack, options.scale, options.sections, log);
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, JSON.stringify(result, null, 2) + '\n');
    console.log('\n' + renderReport(result) + '\n');
    log(`JSON written to ${options.out}`);
  } catch (error) {
    console.error(`[bench] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await stop(1);
  }
  await stop(0);
}

void main();
