/**
 * The API document's breaking-change check: oasdiff (built once from the project's Go module
 * tools/oasdiff, which pins it, like the Temporal CLI) compares the document the code makes
 * (dist/openapi.json) with the last released one (docs/api/openapi-<version>.json), and every
 * breaking change it finds must be announced in CHANGELOG.md's Unreleased section.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Log } from './child-process';
import { ensureGoTool, type GoTool, type ToolLocation } from './go-tool';

export const OASDIFF: GoTool<'OASDIFF'> = {
  title: 'oasdiff',
  binary: 'oasdiff',
  envVar: 'OASDIFF',
  module: 'github.com/oasdiff/oasdiff',
  projectModule: join('tools', 'oasdiff'),
};

/** Returns oasdiff, building it once into .tools/bin when it is nowhere to be found. */
export function ensureOasdiff(projectRoot: string, log?: Log): Promise<ToolLocation<'OASDIFF'>> {
  return ensureGoTool(OASDIFF, projectRoot, log);
}

/** One change oasdiff finds breaking, as its JSON output gives it. */
export interface BreakingChange {
  /** oasdiff's check id, e.g. `request-parameter-became-required`. */
  id: string;
  text: string;
  /** 3: an error (a client may break), 2: a warning (it might). */
  level: number;
  operation?: string;
  path?: string;
}

/** The changes oasdiff calls breaking from `base` to `revision` (files), errors and warnings. */
export async function breakingChanges(oasdiff: string, base: string, revision: string): Promise<BreakingChange[]> {
  const { stdout } = await promisify(execFile)(oasdiff, ['breaking', base, revision, '--format', 'json'], { maxBuffer: 64 * 1024 * 1024 });
  return (JSON.parse(stdout || '[]') as BreakingChange[]).map(({ id, text, level, operation, path }) => ({ id, text, level, operation, path }));
}

/** Where a change is, as the CHANGELOG names it: `POST /referrals`, or the document's section when it is not an operation's. */
export function changeLocation(change: BreakingChange): string {
  return change.operation && change.path ? `${change.operation} ${change.path}` : (change.path ?? '');
}

/** The text of the CHANGELOG's `## [Unreleased]` section (up to the next `## ` heading). */
export function unreleasedSection(changelog: string): string {
  const start = changelog.search(/^## \[Unreleased\]/m);
  if (start < 0) throw new Error('CHANGELOG.md has no "## [Unreleased]" section');
  const rest = changelog.slice(start).split('\n').slice(1);
  const end = rest.findIndex((line) => line.startsWith('## '));
  return (end < 0 ? rest : rest.slice(0, end)).join('\n');
}

/** The property a change is about, as oasdiff quotes it first in its text (`errors/items/code`). */
export function changeProperty(change: BreakingChange): string | undefined {
  return /`([^`]+)`/.exec(change.text)?.[1];
}

/**
 * The breaking changes (oasdiff's errors) that the Unreleased section does not announce. A change
 * is announced by a line that names its operation (`POST /journeys/{candidateId}/tasks/{taskId}/complete`)
 * and oasdiff's id of it (`request-body-wrapped-in-one-of`); a change of a schema that every
 * operation answers (the problem details) by a line that says `every operation`, names the id and
 * the property in backticks as oasdiff quotes it (`errors/items/code`).
 */
export function unannounced(changes: readonly BreakingChange[], changelog: string): BreakingChange[] {
  const lines = unreleasedSection(changelog).split('\n');
  const announces = (line: string, change: BreakingChange): boolean => {
    if (!line.includes(change.id)) return false;
    if (line.includes(changeLocation(change))) return true;
    const property = changeProperty(change);
    return line.includes('every operation') && property !== undefined && line.includes(`\`${property}\``);
  };
  return changes.filter((change) => change.level >= 3 && !lines.some((line) => announces(line, change)));
}

/** The last released document: docs/api/openapi-<version>.json with the highest version. */
export function lastReleasedDocument(projectRoot: string): { version: string; path: string } {
  const dir = join(projectRoot, 'docs', 'api');
  const versions = readdirSync(dir)
    .map((file) => /^openapi-(\d+)\.(\d+)\.(\d+)\.json$/.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]) || Number(b[2]) - Number(a[2]) || Number(b[3]) - Number(a[3]));
  if (!versions.length) throw new Error(`No released document (openapi-<version>.json) in ${dir}`);
  return { version: versions[0].slice(1).join('.'), path: join(dir, versions[0][0]) };
}
