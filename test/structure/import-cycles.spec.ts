import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const root = resolve(__dirname, '..', '..');

/** The TypeScript sources of the system (not its tests): every tier of the README's Layout and the tooling. */
const SOURCE_FOLDERS = ['libs', 'workflows', 'activities', 'apps', 'scripts', 'bench'];
const TEST_FILE = /\.(spec|e2e-spec|cluster-spec|test)\.tsx?$|\.d\.ts$/;

/**
 * Known cycles, each to be removed by the change named beside it; a cycle that is not listed here,
 * or one that has grown beyond its listed files, fails the test.
 */
const KNOWN_CYCLES: { why: string; files: string[] }[] = [];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return /\.tsx?$/.test(name) && !TEST_FILE.test(name) ? [path] : [];
  });
}

/** The file a relative module specifier names (as tsc and Vite resolve it), if it is one of ours. */
function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier.replace(/\.js$/, ''));
  return ['.ts', '.tsx', '/index.ts', '/index.tsx', ''].map((ext) => base + ext).find((path) => existsSync(path) && statSync(path).isFile());
}

/** Every import, export-from, require and import() of each file (type-only ones too: an arrow all the same). */
export function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const targets = importedFiles.map((i) => resolveLocal(file, i.fileName)).filter((t): t is string => t !== undefined && known.has(t));
      return [file, [...new Set(targets)]];
    }),
  );
}

/** The graph's cycles: its strongly connected components of more than one file, or a file importing itself (Tarjan). */
export function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('the import graph of the sources', () => {
  it('finds a cycle, and only a cycle (the check itself works)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(cycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('has no cycle (but the known ones, which may only shrink)', () => {
    const files = SOURCE_FOLDERS.flatMap((folder) => sources(join(root, folder)));
    expect(files.length).toBeGreaterThan(300);
    const found = cycles(importGraph(files)).map((component) => component.map((file) => relative(root, file)));
    const unexpected = found.filter((component) => !KNOWN_CYCLES.some((known) => component.every((file) => known.files.includes(file))));
    expect(unexpected).toEqual([]);
    for (const known of KNOWN_CYCLES) {
      // A listed cycle that is gone is a stale exception: remove it from KNOWN_CYCLES.
      expect({ why: known.why, stillThere: found.some((component) => component.some((file) => known.files.includes(file))) }).toEqual({ why: known.why, stillThere: true });
    }
  });
});
