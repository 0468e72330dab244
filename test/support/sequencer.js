// jest's own order, except that the replay of the whole run's histories comes last
// (test/replay/run-histories.e2e-spec.ts replays every journey the other files drove).
const { default: Sequencer } = require('@jest/test-sequencer');

class RunHistoriesLast extends Sequencer {
  async sort(tests) {
    const sorted = [...(await super.sort(tests))];
    const last = (t) => (t.path.endsWith('run-histories.e2e-spec.ts') ? 1 : 0);
    return sorted.sort((a, b) => last(a) - last(b));
  }
}

module.exports = RunHistoriesLast;
