/**
 * `npm run api:check`: the built API document (dist/openapi.json) against the last released one
 * (docs/api/openapi-<version>.json) by oasdiff (built once from tools/oasdiff): prints every
 * breaking change and fails on one that CHANGELOG.md's Unreleased section does not announce.
 * `npm test` runs the same check (test/contract/api-compatibility.e2e-spec.ts).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { breakingChanges, changeLocation, ensureOasdiff, lastReleasedDocument, unannounced } from '../libs/devstack/src/api-compatibility';

async function main(root: string): Promise<number> {
  const oasdiff = await ensureOasdiff(root);
  const released = lastReleasedDocument(root);
  const changes = await breakingChanges(oasdiff.path, released.path, join(root, 'dist', 'openapi.json'));
  const missing = new Set(unannounced(changes, readFileSync(join(root, 'CHANGELOG.md'), 'utf8')));
  console.log(`Breaking changes since ${released.version}: ${changes.length}`);
  for (const change of changes) console.log(`  ${missing.has(change) ? 'NOT ANNOUNCED' : 'announced'}  ${change.level >= 3 ? 'error' : 'warning'}  ${changeLocation(change)}  [${change.id}] ${change.text}`);
  if (missing.size) console.error(`\n${missing.size} breaking change(s) not in CHANGELOG.md's Unreleased section: name each one's operation and [id] on one line.`);
  return missing.size ? 1 : 0;
}

main(resolve(__dirname, '..', '..'))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
