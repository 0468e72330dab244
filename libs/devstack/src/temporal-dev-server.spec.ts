import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTemporalDevServer } from './temporal-dev-server';

describe('startTemporalDevServer when the server exits while starting', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dev-server-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('tries once more, then fails with the panic that says why, though its stack trace is long', async () => {
    // A stand-in for the CLI that panics as Go does: the reason first, then a long stack trace.
    const cli = join(dir, 'temporal');
    const starts = join(dir, 'starts');
    writeFileSync(
      cli,
      `#!/usr/bin/env bash\necho start >> ${starts}\necho 'panic: listen tcp 127.0.0.1:40123: bind: address already in use' >&2\n` +
        `for i in $(seq 1 200); do echo "	/root/go/pkg/mod/go.uber.org/dig@v1.18.1/invoke.go:$i +0x2d7" >&2; done\nexit 2\n`,
    );
    chmodSync(cli, 0o755);
    const logged: string[] = [];
    const started = startTemporalDevServer({ cliPath: cli, port: 40999, namespace: 'default', searchAttributes: {}, log: (m) => logged.push(m), readyTimeoutMs: 20000 });
    await expect(started).rejects.toThrow(/exited \(code 2\) while starting:\npanic: listen tcp 127\.0\.0\.1:40123: bind: address already in use/);
    expect(readFileSync(starts, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(logged.some((m) => /exited \(code 2\) while starting; starting it once more/.test(m))).toBe(true);
  });
});
