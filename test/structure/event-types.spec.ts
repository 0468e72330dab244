import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { TIMELINE_EVENT_TYPES } from '../../libs/domain/src/engine/events';
import { TASK_TYPES } from '../../libs/domain/src/method/catalogue';
import { VENUE_TASK_TYPES } from '../../libs/domain/src/venues/tasks';

const root = resolve(__dirname, '..', '..');

/** Every TypeScript file of the code that reads or writes the timeline (SQL lives in these files too). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The event types a piece of code names where it compares a timeline entry's type (SQL and TypeScript). */
export function namedEventTypes(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/\btype\s*(?:=|<>|!=|===|!==)\s*'([a-z][a-z.-]*)'/g)) found.push(m[1]);
  for (const m of code.matchAll(/\btype\s+(?:NOT\s+)?IN\s*\(([^)]*)\)/gi)) for (const v of m[1].matchAll(/'([a-z][a-z.-]*)'/g)) found.push(v[1]);
  return found;
}

/** Where code compares a `type`, it is a timeline entry's (journey_events), a task's (human_tasks) or a venue task's (venue_tasks); they never share a name. */
const KNOWN = new Set<string>([...TIMELINE_EVENT_TYPES, ...TASK_TYPES, ...VENUE_TASK_TYPES]);

describe('timeline event types named in code', () => {
  const files = ['libs/database', 'apps/api/src', 'activities', 'bench', 'workflows'].flatMap((d) => sources(join(root, d)));

  it('finds the names where SQL and code compare an entry’s type (the check itself works)', () => {
    expect(namedEventTypes(`WHERE e.type = 'journey.moved' AND type IN ('task.completed', 'journey.paused') OR x.type === 'task.opened'`)).toEqual([
      'journey.moved',
      'task.opened',
      'task.completed',
      'journey.paused',
    ]);
    expect(namedEventTypes(`WHERE e.type = 'journey.movde'`)).toEqual(['journey.movde']);
  });

  it('event types and task types never share a name', () => {
    expect(TIMELINE_EVENT_TYPES.filter((t) => (TASK_TYPES as string[]).includes(t))).toEqual([]);
  });

  it.each(files.map((f) => relative(root, f)))('%s names only event types (and task types) that exist', (file) => {
    const unknown = namedEventTypes(readFileSync(join(root, file), 'utf8')).filter((t) => !KNOWN.has(t));
    expect(unknown).toEqual([]);
  });
});
