import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { breakingChanges, changeProperty, ensureOasdiff, lastReleasedDocument, unannounced, type BreakingChange } from '../../libs/devstack/src/api-compatibility';

const ROOT = resolve(__dirname, '..', '..');
const read = (path: string): string => readFileSync(path, 'utf8');

/**
 * The API's document against the last released one (docs/api/openapi-<version>.json), by oasdiff
 * built from tools/oasdiff: a breaking change fails the run unless CHANGELOG.md's Unreleased
 * section announces it (its operation and oasdiff's id on one line).
 */
describe('API compatibility', () => {
  let oasdiff: string;
  let scratch: string;
  const released = lastReleasedDocument(ROOT);
  const current = join(ROOT, 'dist', 'openapi.json');

  beforeAll(async () => {
    oasdiff = (await ensureOasdiff(ROOT)).path;
    scratch = mkdtempSync(join(tmpdir(), 'api-compatibility-'));
  }, 900_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("the built document's version is package.json's", () => {
    const document = JSON.parse(read(current)) as { info: { version: string } };
    expect(document.info.version).toBe((JSON.parse(read(join(ROOT, 'package.json'))) as { version: string }).version);
  });

  it('announces every breaking change since the last released document in the Unreleased section', async () => {
    const changes = await breakingChanges(oasdiff, released.path, current);
    expect(unannounced(changes, read(join(ROOT, 'CHANGELOG.md')))).toEqual([]);
  });

  it('fails on a deliberately breaking document until the Unreleased section announces its changes', async () => {
    const document = JSON.parse(read(released.path)) as { paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean }[] }>> };
    delete document.paths['/task-types'];
    const step = document.paths['/tasks'].get.parameters!.find((p) => p.name === 'step' && p.in === 'query')!;
    step.required = true;
    const breaking = join(scratch, 'breaking.json');
    writeFileSync(breaking, JSON.stringify(document));

    const changes = await breakingChanges(oasdiff, released.path, breaking);
    const found = (list: BreakingChange[]) => list.map((c) => `${c.operation} ${c.path} ${c.id}`).sort();
    expect(found(changes)).toEqual(['GET /task-types api-path-removed-without-deprecation', 'GET /tasks request-parameter-became-required']);

    const silent = '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- Nothing.\n\n## [0.2.0]\n\n- GET /tasks: step required (request-parameter-became-required)\n';
    expect(found(unannounced(changes, silent))).toEqual(found(changes));
    const partly = silent.replace('- Nothing.', '- `GET /task-types` is gone (api-path-removed-without-deprecation)');
    expect(found(unannounced(changes, partly))).toEqual(['GET /tasks request-parameter-became-required']);
    const announced = partly.replace('### Added', '### Changed\n\n- `GET /tasks`: `step` is required (request-parameter-became-required)\n\n### Added');
    expect(unannounced(changes, announced)).toEqual([]);
  });

  it('takes a line naming every operation, the id and the property as announcing a change of a schema all operations answer', () => {
    const change = (operation: string, property: string): BreakingChange => ({
      id: 'response-property-became-not-enum',
      text: `removed the enum constraint from the \`${property}\` response property for the response status \`400\``,
      level: 3,
      operation: 'GET',
      path: operation,
    });
    const changes = [change('/tasks', 'code'), change('/referrals', 'code'), change('/tasks', 'errors/items/code')];
    const changelog = (line: string) => `# Changelog\n\n## [Unreleased]\n\n${line}\n`;
    const names = (list: BreakingChange[]) => list.map((c) => `${c.path} ${changeProperty(c)}`);
    expect(names(unannounced(changes, changelog('- Every operation: `code` is an x-extensible-enum (response-property-became-not-enum, every operation)')))).toEqual(['/tasks errors/items/code']);
    expect(unannounced(changes, changelog('- every operation (response-property-became-not-enum): `code` and `errors/items/code` may grow'))).toEqual([]);
    // without "every operation", or naming another property, it announces nothing of the kind
    expect(unannounced(changes, changelog('- `code` and `errors/items/code` (response-property-became-not-enum)'))).toHaveLength(3);
    expect(names(unannounced(changes, changelog('- every operation: `message` (response-property-became-not-enum)')))).toHaveLength(3);
  });

  it('finds nothing breaking between a document and itself', async () => {
    await expect(breakingChanges(oasdiff, released.path, released.path)).resolves.toEqual([]);
  });
});
