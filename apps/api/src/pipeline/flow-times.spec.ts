import { flowTimes } from './flow-times';

/** PostgreSQL's percentile_cont over a plain list. */
const percentileCont = (sorted: number[], p: number): number => {
  const rank = p * (sorted.length - 1);
  const lower = sorted[Math.floor(rank)];
  return lower + (rank - Math.floor(rank)) * (sorted[Math.ceil(rank)] - lower);
};

describe('flow times from a histogram of stay lengths', () => {
  it('gives what percentile_cont gives over the stays one by one', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let round = 0; round < 200; round++) {
      const stays = Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * 24 * 90));
      const counts = new Map<number, number>();
      for (const h of stays) counts.set(h, (counts.get(h) ?? 0) + 1);
      // Buckets in any order: the function sorts them.
      const buckets = [...counts].reverse().map(([hours, n]) => ({ step: 'DISCOVER', hours, n }));
      const days = stays.map((h) => h / 24).sort((a, b) => a - b);
      const got = flowTimes(buckets).get('DISCOVER')!;
      expect(got.visits).toBe(stays.length);
      // Equal up to the rounding to two decimals.
      expect(Math.abs(got.median! - percentileCont(days, 0.5))).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(got.p90! - percentileCont(days, 0.9))).toBeLessThanOrEqual(0.005 + 1e-9);
    }
  });

  it('a worked example per step, rounded to two decimals', () => {
    const result = flowTimes([
      { step: 'CONNECT', hours: 24, n: 2 },
      { step: 'CONNECT', hours: 96, n: 1 },
      { step: 'CONNECT', hours: 240, n: 1 },
      { step: 'PLACE', hours: 3, n: 1 },
    ]);
    // CONNECT: 1, 1, 4, 10 days; median between 1 and 4 = 2.5; p90 at rank 2.7: 4 + 0.7 * 6 = 8.2.
    expect(result.get('CONNECT')).toEqual({ visits: 4, median: 2.5, p90: 8.2 });
    // PLACE: one stay of 3 hours = 0.125 days, rounded half up.
    expect(result.get('PLACE')).toEqual({ visits: 1, median: 0.13, p90: 0.13 });
    expect(result.has('ANALYSE')).toBe(false);
  });
});
