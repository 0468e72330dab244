import { spawn } from 'node:child_process';
import { stopWithOwner } from './child-process';

describe(stopWithOwner.name, () => {
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return check();
  }

  it('stops the child when its owner is killed outright', async () => {
    const owner = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    const childExited = new Promise<string | null>((r) => child.once('exit', (_, signal) => r(signal)));
    stopWithOwner(child.pid!, owner.pid!);
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(child.pid!)).toBe(true);
    owner.kill('SIGKILL');
    await expect(childExited).resolves.toBe('SIGTERM');
    expect(await waitFor(() => !alive(child.pid!), 5000)).toBe(true);
  });
});
