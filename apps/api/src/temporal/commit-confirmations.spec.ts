import { CommitConfirmations } from './commit-confirmations';

/** A write that completes when told to, recording what it was given. */
function controlledWrite() {
  const batches: [string, number][][] = [];
  const finishers: (() => void)[] = [];
  const write = (batch: ReadonlyMap<string, number>) => {
    batches.push([...batch]);
    return new Promise<void>((resolve) => finishers.push(resolve));
  };
  const finishNext = async () => {
    finishers.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { write, batches, finishNext };
}

describe('CommitConfirmations', () => {
  it('writes one at a time, and what comes meanwhile together in the next, highest sequence per journey', async () => {
    const w = controlledWrite();
    const confirmations = new CommitConfirmations(w.write, () => undefined);
    void confirmations.confirm('a', 3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(w.batches).toEqual([[['a', 3]]]);
    // While the first write runs: three answers, two of the same journey.
    void confirmations.confirm('b', 5);
    void confirmations.confirm('a', 7);
    void confirmations.confirm('a', 6);
    expect(w.batches).toHaveLength(1);
    await w.finishNext();
    expect(w.batches).toEqual([[['a', 3]], [['b', 5], ['a', 7]]]);
    await w.finishNext();
    await confirmations.idle();
    // Nothing pending: the next answer starts a write of its own.
    void confirmations.confirm('c', 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(w.batches).toEqual([[['a', 3]], [['b', 5], ['a', 7]], [['c', 1]]]);
    await w.finishNext();
    await confirmations.idle();
  });

  it('answers of the same tick go in one write', async () => {
    const w = controlledWrite();
    const confirmations = new CommitConfirmations(w.write, () => undefined);
    void confirmations.confirm('a', 1);
    void confirmations.confirm('b', 2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(w.batches).toEqual([[['a', 1], ['b', 2]]]);
    await w.finishNext();
    await confirmations.idle();
  });

  it('a failed write is reported and the next confirmations are still written', async () => {
    const errors: unknown[] = [];
    const written: [string, number][][] = [];
    let fail = true;
    const confirmations = new CommitConfirmations(
      async (batch) => {
        if (fail) {
          fail = false;
          throw new Error('PostgreSQL is down');
        }
        written.push([...batch]);
      },
      (error) => errors.push(error),
    );
    void confirmations.confirm('a', 1);
    await confirmations.idle();
    void confirmations.confirm('b', 2);
    await confirmations.idle();
    expect(errors.map(String)).toEqual(['Error: PostgreSQL is down']);
    expect(written).toEqual([[['b', 2]]]);
  });

  it("a confirmation's promise settles when the write that holds it has ended, also a failed one", async () => {
    const w = controlledWrite();
    const confirmations = new CommitConfirmations(w.write, () => undefined);
    const settled: string[] = [];
    void confirmations.confirm('a', 1).then(() => settled.push('a'));
    await new Promise((resolve) => setImmediate(resolve));
    void confirmations.confirm('b', 2).then(() => settled.push('b'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toEqual([]);
    await w.finishNext();
    expect(settled).toEqual(['a']);
    await w.finishNext();
    expect(settled).toEqual(['a', 'b']);
    const failing = new CommitConfirmations(() => Promise.reject(new Error('PostgreSQL is down')), () => undefined);
    await expect(failing.confirm('c', 3)).resolves.toBeUndefined();
  });
});
