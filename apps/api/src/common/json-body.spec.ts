import { jsonDepth } from './json-body';

describe(jsonDepth.name, () => {
  it.each([
    ['1', 0],
    ['{}', 1],
    ['{"a": [1, {"b": []}]}', 4],
    ['[[], [[]], []]', 3],
    ['{"text": "[[[{{{"}', 1],
    ['{"escaped": "a\\\\" , "b": ["\\"[["]}', 2],
  ])('%s nests %d deep', (text, depth) => {
    expect(jsonDepth(text)).toBe(depth);
  });

  it('stops counting past its limit', () => {
    expect(jsonDepth('['.repeat(100_000), 32)).toBe(33);
  });
});
