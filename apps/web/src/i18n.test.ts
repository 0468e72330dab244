import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JourneyStep } from '../../../libs/domain/src/journey';
import { OrganisationType } from '../../../libs/domain/src/organisation';
import { PURPOSE_CODES } from '../../../libs/domain/src/privacy';
import en from './locales/en.json';
import nl from './locales/nl.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v]] : Object.entries(flatten(v, `${prefix}${k}.`)))),
  );
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const NL = flatten(nl as Tree);
const EN = flatten(en as Tree);
const has = (keys: Record<string, string>, key: string) => key in keys || (`${key}_one` in keys && `${key}_other` in keys);

describe('the translations', () => {
  it('Dutch and English have the same keys, none empty', () => {
    expect(Object.keys(EN).sort()).toEqual(Object.keys(NL).sort());
    for (const [key, text] of [...Object.entries(NL), ...Object.entries(EN)]) expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
  });

  it('every key the code asks for exists in both languages', () => {
    const used = new Set<string>();
    for (const file of sources(__dirname)) {
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
      // Keys handed around as values: ['/taken', 'nav.inbox'], { mine: 'inbox.viewMine' }, key: 'errors.required'.
      for (const m of code.matchAll(/'((?:nav|inbox|errors|problem|form)\.[a-zA-Z0-9_]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((key) => !has(NL, key) || !has(EN, key));
    expect(missing).toEqual([]);
  });

  it('every step, purpose and organisation type of the domain has its words', () => {
    const keys = [
      ...Object.values(JourneyStep).map((s) => `step.${s}`),
      ...PURPOSE_CODES.map((p) => `purpose.${p}`),
      ...Object.values(OrganisationType).map((o) => `organisationType.${o}`),
      ...[400, 401, 403, 404, 409, 422, 503].map((s) => `problem.status${s}`),
    ];
    expect(keys.filter((key) => !has(NL, key) || !has(EN, key))).toEqual([]);
  });
});
