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
    confirmations.confirm('a', 3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(w.batches).toEqual([[['a', 3]]]);
    // While the first write runs: three answers, two of the same journey.
    confirmations.confirm('b', 5);
    confirmations.confirm('a', 7);
    confirmations.confirm('a', 6);
    expect(w.batches).toHaveLength(1);
    await w.finishNext();
    expect(w.batches).toEqual([[['a', 3]], [['b', 5], ['a', 7]]]);
    await w.finishNext();
    await confirmations.idle();
    // Nothing pending: the next answer starts a write of its own.
    confirmations.confirm('c', 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(w.batches).toEqual([[['a', 3]], [['b', 5], ['a', 7]], [['c', 1]]]);
    await w.finishNext();
    await confirmations.idle();
  });

  it('answers of the same tick go in one write', async () => {
    const w = controlledWrite();
    const confirmations = new CommitConfirmations(w.write, () => undefined);
    confirmations.confirm('a', 1);
    confirmations.confirm('b', 2);
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
    confirmations.confirm('a', 1);
    await confirmations.idle();
    confirmations.confirm('b', 2);
    await confirmations.idle();
    expect(errors.map(String)).toEqual(['Error: PostgreSQL is down']);
    expect(written).toEqual([[['b', 2]]]);
  });
});
