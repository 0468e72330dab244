import type { StayBucket } from './pipeline.repository';

export interface FlowTime {
  visits: number;
  /** Days, rounded to two decimals; null without visits. */
  median: number | null;
  p90: number | null;
}

/**
 * Median and p90 of the stays of each step, from a histogram of stay lengths in whole hours,
 * with the same interpolation as PostgreSQL's percentile_cont: the value at rank p * (n - 1),
 * linear between the two neighbouring stays.
 */
export function flowTimes(buckets: StayBucket[]): Map<string, FlowTime> {
  const bySteps = new Map<string, StayBucket[]>();
  for (const b of buckets) {
    const list = bySteps.get(b.step) ?? [];
    list.push(b);
    bySteps.set(b.step, list);
  }
  const result = new Map<string, FlowTime>();
  for (const [step, list] of bySteps) {
    list.sort((a, b) => a.hours - b.hours);
    const visits = list.reduce((sum, b) => sum + b.n, 0);
    result.set(step, { visits, median: percentileDays(list, visits, 0.5), p90: percentileDays(list, visits, 0.9) });
  }
  return result;
}

function percentileDays(sorted: StayBucket[], total: number, p: number): number | null {
  if (total === 0) return null;
  const rank = p * (total - 1);
  const lower = hoursAt(sorted, Math.floor(rank));
  const upper = hoursAt(sorted, Math.ceil(rank));
  const hours = lower + (rank - Math.floor(rank)) * (upper - lower);
  // hours / 24, to two decimals (x 100 / 24 = x 25 / 6), half away from zero like numeric round().
  return Math.round((hours * 25) / 6 + 1e-9) / 100;
}

/** The length of the stay at 0-based position `index` in sorted order. */
function hoursAt(sorted: StayBucket[], index: number): number {
  let seen = 0;
  for (const b of sorted) {
    seen += b.n;
    if (seen > index) return b.hours;
  }
  return sorted[sorted.length - 1].hours;
}
