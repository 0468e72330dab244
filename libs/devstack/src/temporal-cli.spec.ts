import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTemporalCli, toolsBinDir } from './temporal-cli';

describe(findTemporalCli.name, () => {
  function fakeBinary(dir: string): string {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'temporal');
    writeFileSync(path, '#!/bin/sh\necho temporal\n');
    chmodSync(path, 0o755);
    return path;
  }

  let project: string;
  let onPath: string;

  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'cli-project-'));
    onPath = mkdtempSync(join(tmpdir(), 'cli-path-'));
  });

  it('takes TEMPORAL_CLI first', () => {
    const explicit = fakeBinary(mkdtempSync(join(tmpdir(), 'cli-env-')));
    fakeBinary(toolsBinDir(project));
    expect(findTemporalCli(project, { TEMPORAL_CLI: explicit, PATH: onPath })).toEqual({ path: explicit, source: 'TEMPORAL_CLI' });
  });

  it('fails clearly when TEMPORAL_CLI points at nothing', () => {
    expect(() => findTemporalCli(project, { TEMPORAL_CLI: '/nowhere/temporal' })).toThrow(
      'TEMPORAL_CLI is set to "/nowhere/temporal", but no executable file is there.',
    );
  });

  it('then the project-local tools folder, before PATH', () => {
    const local = fakeBinary(toolsBinDir(project));
    fakeBinary(onPath);
    expect(findTemporalCli(project, { PATH: onPath })).toEqual({ path: local, source: 'tools' });
  });

  it('then PATH', () => {
    const global = fakeBinary(onPath);
    expect(findTemporalCli(project, { PATH: `/does/not/exist:${onPath}` })).toEqual({ path: global, source: 'PATH' });
  });

  it('else nothing, so the caller builds it', () => {
    expect(findTemporalCli(project, { PATH: onPath })).toBeUndefined();
  });

  it('ignores a file that is not executable', () => {
    const path = fakeBinary(toolsBinDir(project));
    chmodSync(path, 0o644);
    expect(findTemporalCli(project, { PATH: '' })).toBeUndefined();
  });
});
