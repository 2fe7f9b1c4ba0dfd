import { describe, expect, it } from 'vitest';
import { compileDatePattern, parseDateValue } from '../../lib/ingest/dates';

const iso = (v: string, pattern?: string) => parseDateValue(v, pattern)?.toISOString() ?? null;

describe('parseDateValue: ISO 8601', () => {
  it('takes a plain date as UTC midnight', () => {
    expect(iso('2024-03-01')).toBe('2024-03-01T00:00:00.000Z');
    expect(iso('  2024-03-01 ')).toBe('2024-03-01T00:00:00.000Z');
  });

  it('accepts date-times with T or space, optional seconds and fractions; no offset means UTC', () => {
    expect(iso('2024-03-01T09:30')).toBe('2024-03-01T09:30:00.000Z');
    expect(iso('2024-03-01 09:30:15')).toBe('2024-03-01T09:30:15.000Z');
    expect(iso('2024-03-01T09:30:15.5')).toBe('2024-03-01T09:30:15.500Z');
    expect(iso('2024-03-01T09:30:15.123456789Z')).toBe('2024-03-01T09:30:15.123Z');
    expect(iso('2024-03-01t09:30:15,25z')).toBe('2024-03-01T09:30:15.250Z');
  });

  it('applies Z and ±hh:mm, ±hhmm, ±hh offsets', () => {
    expect(iso('2024-03-01T09:30:00Z')).toBe('2024-03-01T09:30:00.000Z');
    expect(iso('2024-03-01T09:30:00+02:00')).toBe('2024-03-01T07:30:00.000Z');
    expect(iso('2024-03-01T09:30:00-0530')).toBe('2024-03-01T15:00:00.000Z');
    expect(iso('2024-03-01 09:30:00+01')).toBe('2024-03-01T08:30:00.000Z');
    expect(iso('2024-03-01T23:30:00-01:00')).toBe('2024-03-02T00:30:00.000Z');
  });

  it('rejects impossible dates and times', () => {
    for (const v of [
      '2023-02-29',
      '2023-02-30',
      '2024-13-01',
      '2024-00-10',
      '2024-04-31',
      '2024-03-00',
      '2024-03-01T25:00',
      '2024-03-01T24:00',
      '2024-03-01T10:60',
      '2024-03-01T10:00:60',
      '2024-03-01T10:00+24:00',
    ]) {
      expect(iso(v), v).toBeNull();
    }
    expect(iso('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
    expect(iso('2000-02-29')).not.toBeNull();
    expect(iso('1900-02-29')).toBeNull();
  });

  it('rejects years outside 1900–2100', () => {
    expect(iso('1899-12-31')).toBeNull();
    expect(iso('2101-01-01')).toBeNull();
    expect(iso('1900-01-01')).toBe('1900-01-01T00:00:00.000Z');
    expect(iso('2100-12-31')).toBe('2100-12-31T00:00:00.000Z');
  });

  it('rejects malformed text', () => {
    for (const v of [
      '',
      'abc',
      '2024-3-1',
      '2024/03/01',
      '20240301',
      '2024-03-01T',
      '2024-03-01T09',
      '2024-03-01T09:30:',
      '2024-03-01T09:30:00.',
      '2024-03-01T09:30:00Zjunk',
      '2024-03-01T09:30:00+2',
      '2024-03-01 junk',
      '１２３４-03-01',
    ]) {
      expect(iso(v), v).toBeNull();
    }
  });
});

describe('parseDateValue: patterns', () => {
  it('parses compact and separated patterns', () => {
    expect(iso('19970101', 'yyyyMMdd')).toBe('1997-01-01T00:00:00.000Z');
    expect(iso('31/12/2023 23:59', 'dd/MM/yyyy HH:mm')).toBe('2023-12-31T23:59:00.000Z');
    expect(iso('2023-12-31 23:59:58.250', 'yyyy-MM-dd HH:mm:ss.SSS')).toBe('2023-12-31T23:59:58.250Z');
    expect(iso('2023-12-31T08:00', 'yyyy-MM-ddTHH:mm')).toBe('2023-12-31T08:00:00.000Z');
  });

  it('reads 1–2 digits for M, d and H', () => {
    expect(iso('3/7/2024 9:05', 'd/M/yyyy H:mm')).toBe('2024-07-03T09:05:00.000Z');
    expect(iso('13/12/2024 19:05', 'd/M/yyyy H:mm')).toBe('2024-12-13T19:05:00.000Z');
  });

  it('pivots two-digit years: 69–99 → 1900s, 00–68 → 2000s', () => {
    expect(iso('01.02.97', 'dd.MM.yy')).toBe('1997-02-01T00:00:00.000Z');
    expect(iso('01.02.24', 'dd.MM.yy')).toBe('2024-02-01T00:00:00.000Z');
  });

  it('rejects impossible or partial values under a pattern', () => {
    expect(iso('19970230', 'yyyyMMdd')).toBeNull();
    expect(iso('1997010', 'yyyyMMdd')).toBeNull();
    expect(iso('199701011', 'yyyyMMdd')).toBeNull();
    expect(iso('18991231', 'yyyyMMdd')).toBeNull();
    expect(iso('01/01/2024 25:00', 'dd/MM/yyyy HH:mm')).toBeNull();
  });

  it('still accepts ISO 8601 when a pattern is set', () => {
    expect(iso('2024-03-01T10:00:00Z', 'dd/MM/yyyy')).toBe('2024-03-01T10:00:00.000Z');
  });

  it('refuses patterns it cannot honour, naming the problem', () => {
    expect(() => compileDatePattern('yyyy-MMM-dd')).toThrow(/"MMM" is not supported/);
    expect(() => compileDatePattern('dd/MM/yyyy hh:mm')).toThrow(/"h" is not supported/);
    expect(() => compileDatePattern('yyyy-MM')).toThrow(/must contain a year/);
    expect(() => parseDateValue('2024', 'yyy')).toThrow();
  });

  it('compiles a pattern once and reuses it', () => {
    expect(compileDatePattern('yyyyMMdd')).toBe(compileDatePattern('yyyyMMdd'));
  });
});
