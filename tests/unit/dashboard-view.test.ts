import { describe, expect, it } from 'vitest';
import { bucketHistogram } from '../../lib/dashboard/histogram';
import type { TEvaluation } from '../../lib/dashboard/schemas';
import { simulateTargeting } from '../../lib/dashboard/simulator';
import { atRiskHref, atRiskSearch, hasFilters, readAtRiskParams, readCursors } from '../../lib/dashboard/url';

const histogram = Array.from({ length: 100 }, (_, i) => i + 1); // bucket i holds i + 1 customers

describe('dashboard histogram', () => {
  it('folds 100 one-point buckets into 20 bands, split by tier at the thresholds', () => {
    const bands = bucketHistogram(histogram, { high: 0.6, medium: 0.35 });
    expect(bands).toHaveLength(20);
    expect(bands[0]).toEqual({ from: 0, to: 0.05, high: 0, medium: 0, low: 1 + 2 + 3 + 4 + 5 });
    // 0.35 is a band edge: the band 0.35–0.40 is all medium, the one below all low.
    expect(bands[6]).toMatchObject({ low: 31 + 32 + 33 + 34 + 35, medium: 0 });
    expect(bands[7]).toMatchObject({ low: 0, medium: 36 + 37 + 38 + 39 + 40 });
    expect(bands[19]).toMatchObject({ from: 0.95, to: 1, high: 96 + 97 + 98 + 99 + 100 });
    const sum = bands.reduce((n, b) => n + b.high + b.medium + b.low, 0);
    expect(sum).toBe(histogram.reduce((a, b) => a + b, 0));
  });

  it('splits a band a threshold falls inside', () => {
    const [band] = bucketHistogram(histogram, { high: 0.9, medium: 0.02 }).slice(0, 1);
    expect(band).toEqual({ from: 0, to: 0.05, high: 0, medium: 3 + 4 + 5, low: 1 + 2 });
  });
});

describe('targeting simulator', () => {
  const evaluation: TEvaluation = {
    source: 'cv',
    rows: 1000,
    positives: 200,
    threshold_curve: Array.from({ length: 101 }, (_, i) => [i / 100, 1000 - 10 * i, Math.max(0, 200 - 2 * i)]),
  };

  it('counts today’s customers at or above the threshold from the histogram', () => {
    expect(simulateTargeting(0.98, histogram, null)).toMatchObject({ threshold: 0.98, targeted: 99 + 100 });
    expect(simulateTargeting(0, histogram, null).targeted).toBe(5050);
    expect(simulateTargeting(1, histogram, null).targeted).toBe(0);
  });

  it('reads recall and precision from the evaluation row at the threshold and estimates false alarms', () => {
    // At 0.30: 700 selected, 140 churners among them, of 200 churners.
    const r = simulateTargeting(0.3, histogram, evaluation);
    expect(r.targeted).toBe(histogram.slice(30).reduce((a, b) => a + b, 0));
    expect(r.recall).toBeCloseTo(0.7);
    expect(r.precision).toBeCloseTo(0.2);
    expect(r.falseAlarms).toBe(Math.round(r.targeted * 0.8));
    expect(r.churners).toBe(Math.round(r.targeted * 0.2));
    expect([r.selected, r.caught]).toEqual([700, 140]);
  });

  it('rounds a threshold to the curve’s 0.01 steps, and has no precision where nobody was selected', () => {
    expect(simulateTargeting(0.304999, histogram, evaluation).threshold).toBe(0.3);
    const none = simulateTargeting(1, histogram, { ...evaluation, threshold_curve: [[1, 0, 0]] });
    expect(none).toMatchObject({ selected: 0, caught: 0, recall: 0, precision: null, falseAlarms: null });
  });
});

describe('at-risk view in the URL', () => {
  it('reads filters, repeated tiers and the cursor stack from a URL and writes them back the same', () => {
    const url = new URLSearchParams('tier=high&tier=medium&region=North+America&minP=0.6&sort=value&after=abc.def');
    const params = readAtRiskParams(url);
    expect(params).toEqual({ tier: ['high', 'medium'], region: 'North America', minP: '0.6', sort: 'value' });
    expect(readCursors(url)).toEqual(['abc', 'def']);
    expect(atRiskSearch(params, readCursors(url))).toBe(url.toString());
  });

  it('reads the page’s search params object too, ignoring blanks and unknown keys', () => {
    expect(readAtRiskParams({ tier: 'low', segment: ' ', tag: ['vip', 'x'], foo: 'bar' })).toEqual({
      tier: ['low'],
      tag: 'vip',
    });
    expect(readCursors({})).toEqual([]);
  });

  it('leaves the default sort out of the URL and scrolls links to the table', () => {
    expect(atRiskHref({ sort: 'probability' })).toBe('/dashboard#at-risk');
    expect(atRiskHref({ segment: 'smb' }, ['c1'])).toBe('/dashboard?segment=smb&after=c1#at-risk');
    expect(hasFilters({ sort: 'value' })).toBe(false);
    expect(hasFilters({ driver: 'spend_90d' })).toBe(true);
  });
});
