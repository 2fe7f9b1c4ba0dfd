import type { Tier } from '../scoring/schemas';

export type HistogramBucket = { from: number; to: number } & Record<Tier, number>;

/**
 * Folds the 100 one-point buckets of the stored histogram into `count` wider ones, each split by tier so a bar
 * that straddles a threshold shows both colours. A one-point bucket takes the tier of its lower edge; with a
 * threshold between two whole points (0.625) the customers of that single point count one tier low.
 */
export function bucketHistogram(
  histogram: readonly number[],
  thresholds: { high: number; medium: number },
  count = 20,
): HistogramBucket[] {
  const width = Math.max(1, Math.round(histogram.length / count));
  const high = Math.ceil(thresholds.high * 100 - 1e-9);
  const medium = Math.ceil(thresholds.medium * 100 - 1e-9);
  const out: HistogramBucket[] = [];
  for (let start = 0; start < histogram.length; start += width) {
    const b: HistogramBucket = {
      from: start / 100,
      to: Math.min(start + width, 100) / 100,
      high: 0,
      medium: 0,
      low: 0,
    };
    for (let i = start; i < Math.min(start + width, histogram.length); i++)
      b[i >= high ? 'high' : i >= medium ? 'medium' : 'low'] += histogram[i] ?? 0;
    out.push(b);
  }
  return out;
}
