// Date parsing for imports: ISO 8601 always, plus an optional user pattern such as 'yyyyMMdd' or 'dd/MM/yyyy HH:mm'.
// Hand-written over char codes because it runs once per date field on millions of rows; no Intl, no regex.

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

const C_0 = 48;
const C_9 = 57;
const C_DASH = 45;
const C_COLON = 58;
const C_PLUS = 43;
const C_DOT = 46;
const C_COMMA = 44;
const C_SPACE = 32;
const C_T = 84;
const C_LOWER_T = 116;
const C_Z = 90;
const C_LOWER_Z = 122;

type Token = 'yyyy' | 'yy' | 'MM' | 'M' | 'dd' | 'd' | 'HH' | 'H' | 'mm' | 'ss' | 'SSS';
type PatternPart = { token: Token } | { literal: number };
export type CompiledDatePattern = { source: string; parts: PatternPart[] };

const TOKENS: readonly Token[] = ['yyyy', 'yy', 'MM', 'M', 'dd', 'd', 'HH', 'H', 'mm', 'ss', 'SSS'];
const TOKEN_LETTERS = 'yMdHmsS';
const patternCache = new Map<string, CompiledDatePattern>();

function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= C_0 && c <= C_9 ? c - C_0 : -1;
}

/** Reads exactly `width` digits at `i`, or -1. */
function readFixed(s: string, i: number, width: number): number {
  if (i + width > s.length) return -1;
  let n = 0;
  for (let k = 0; k < width; k++) {
    const d = digitAt(s, i + k);
    if (d < 0) return -1;
    n = n * 10 + d;
  }
  return n;
}

function isLeapYear(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Builds the UTC instant after range checks; every impossible component (Feb 30, hour 25) yields null. */
function makeDate(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offsetMin: number,
): Date | null {
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  if (h > 23 || mi > 59 || s > 59) return null;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMin * 60_000);
}

/** ISO 8601 calendar date, optionally with a time (T or space), seconds, fraction and Z / ±hh[:mm] offset. */
export function parseIsoDate(s: string): Date | null {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== C_DASH || s.charCodeAt(7) !== C_DASH) return null;
  const y = readFixed(s, 0, 4);
  const mo = readFixed(s, 5, 2);
  const d = readFixed(s, 8, 2);
  if (y < 0 || mo < 0 || d < 0) return null;
  if (n === 10) return makeDate(y, mo, d, 0, 0, 0, 0, 0);
  const sep = s.charCodeAt(10);
  if ((sep !== C_T && sep !== C_LOWER_T && sep !== C_SPACE) || s.charCodeAt(13) !== C_COLON) return null;
  const h = readFixed(s, 11, 2);
  const mi = readFixed(s, 14, 2);
  if (h < 0 || mi < 0) return null;
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(i) === C_COLON) {
    sec = readFixed(s, i + 1, 2);
    if (sec < 0) return null;
    i += 3;
    const c = s.charCodeAt(i);
    if (c === C_DOT || c === C_COMMA) {
      const start = ++i;
      while (i < n && digitAt(s, i) >= 0) {
        // Only millisecond precision survives in a Date; further digits are read and dropped, not rounded.
        if (i - start < 3) ms = ms * 10 + digitAt(s, i);
        i++;
      }
      const digits = i - start;
      if (digits === 0 || digits > 9) return null;
      for (let k = digits; k < 3; k++) ms *= 10;
    }
  }
  let offset = 0;
  if (i < n) {
    const c = s.charCodeAt(i);
    if (c === C_Z || c === C_LOWER_Z) {
      if (i + 1 !== n) return null;
    } else if (c === C_PLUS || c === C_DASH) {
      const oh = readFixed(s, i + 1, 2);
      if (oh < 0 || oh > 23) return null;
      let j = i + 3;
      let om = 0;
      if (j < n) {
        if (s.charCodeAt(j) === C_COLON) j++;
        om = readFixed(s, j, 2);
        if (om < 0 || om > 59 || j + 2 !== n) return null;
      }
      offset = (c === C_PLUS ? 1 : -1) * (oh * 60 + om);
    } else return null;
  }
  return makeDate(y, mo, d, h, mi, sec, ms, offset);
}

/** Compiles a pattern once (cached); throws on letters it does not understand so a typo fails the import up front. */
export function compileDatePattern(pattern: string): CompiledDatePattern {
  const cached = patternCache.get(pattern);
  if (cached) return cached;
  const parts: PatternPart[] = [];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i] as string;
    if (!TOKEN_LETTERS.includes(ch)) {
      if (/[A-Za-z]/.test(ch) && ch !== 'T') throw new Error(unsupportedLetter(pattern, ch));
      parts.push({ literal: pattern.charCodeAt(i) });
      i++;
      continue;
    }
    let j = i;
    while (j < pattern.length && pattern[j] === ch) j++;
    const run = pattern.slice(i, j);
    const token = TOKENS.find((t) => t === run);
    if (!token) throw new Error(unsupportedLetter(pattern, run));
    parts.push({ token });
    i = j;
  }
  const has = (...ts: Token[]) => parts.some((p) => 'token' in p && ts.includes(p.token));
  if (!has('yyyy', 'yy') || !has('MM', 'M') || !has('dd', 'd')) {
    throw new Error(
      `Date pattern "${pattern}" must contain a year (yyyy or yy), a month (MM or M) and a day (dd or d).`,
    );
  }
  const compiled = { source: pattern, parts };
  patternCache.set(pattern, compiled);
  return compiled;
}

function unsupportedLetter(pattern: string, what: string): string {
  return `Date pattern "${pattern}": "${what}" is not supported; use yyyy, yy, MM, M, dd, d, HH, H, mm, ss, SSS and separators.`;
}

/** Reads 1–2 digits (greedy) for the flexible tokens M, d and H. */
function readFlexible(s: string, i: number): [value: number, next: number] {
  const a = digitAt(s, i);
  if (a < 0) return [-1, i];
  const b = digitAt(s, i + 1);
  return b < 0 ? [a, i + 1] : [a * 10 + b, i + 2];
}

function parseWithPattern(s: string, compiled: CompiledDatePattern): Date | null {
  let y = -1,
    mo = -1,
    d = -1,
    h = 0,
    mi = 0,
    sec = 0,
    ms = 0;
  let i = 0;
  for (const part of compiled.parts) {
    if ('literal' in part) {
      if (s.charCodeAt(i) !== part.literal) return null;
      i++;
      continue;
    }
    let v: number;
    switch (part.token) {
      case 'M':
      case 'd':
      case 'H':
        [v, i] = readFlexible(s, i);
        break;
      case 'yyyy':
        v = readFixed(s, i, 4);
        i += 4;
        break;
      case 'SSS':
        v = readFixed(s, i, 3);
        i += 3;
        break;
      default:
        v = readFixed(s, i, 2);
        i += 2;
    }
    if (v < 0) return null;
    switch (part.token) {
      case 'yyyy':
        y = v;
        break;
      // Two-digit years pivot like POSIX strptime: 69–99 → 1900s, 00–68 → 2000s.
      case 'yy':
        y = v >= 69 ? 1900 + v : 2000 + v;
        break;
      case 'MM':
      case 'M':
        mo = v;
        break;
      case 'dd':
      case 'd':
        d = v;
        break;
      case 'HH':
      case 'H':
        h = v;
        break;
      case 'mm':
        mi = v;
        break;
      case 'ss':
        sec = v;
        break;
      case 'SSS':
        ms = v;
        break;
    }
  }
  if (i !== s.length) return null;
  return makeDate(y, mo, d, h, mi, sec, ms, 0);
}

/**
 * Parses an import date. Without an offset the value is UTC; a date alone is UTC midnight. With `pattern` the
 * pattern is tried first and ISO 8601 stays accepted. Impossible dates and years outside 1900–2100 give null.
 * Throws only for an invalid pattern (a configuration error, not a data error).
 */
export function parseDateValue(value: string, pattern?: string): Date | null {
  const s = value.trim();
  if (s.length === 0) return null;
  if (pattern) {
    const viaPattern = parseWithPattern(s, compileDatePattern(pattern));
    if (viaPattern) return viaPattern;
  }
  return parseIsoDate(s);
}
