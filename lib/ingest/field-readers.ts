// Leaf rules for one contract field each. Both the hand-written validators (records.ts) and the zod contract
// schemas (record-schemas.ts, through field-schemas.ts) call these, so the two can never drift apart on what a
// value means.
// Each reader takes a raw value (CSV string or JSON value), reports problems into `errors` with the contract
// field name, and returns the normalised value, or undefined when the value is absent or invalid.
import { parseDateValue } from './dates';

export type FieldError = { field: string; reason: string };

export const MAX_ID_LENGTH = 200;
export const MAX_TEXT_LENGTH = 1000;
export const MAX_EMAIL_LENGTH = 254;
export const MAX_TAG_LENGTH = 100;
export const MAX_TAGS = 50;
export const MAX_KEY_LENGTH = 100;
/** Serialised size cap for `properties`: big enough for real metadata, small enough to keep rows cheap. */
export const MAX_PROPERTIES_LENGTH = 65_536;

// C0 controls except tab, DEL, C1 controls, and U+FFFD (what a non-UTF-8 byte becomes when the file is decoded).
// eslint-disable-next-line no-control-regex -- finding control characters is the point of this pattern
const BAD_TEXT = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\uFFFD]/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CURRENCY = /^[A-Z]{3}$/;
export const STATUSES = ['paid', 'refunded', 'failed'] as const;
export type TransactionStatus = (typeof STATUSES)[number];

/** Sets an own property even for the key "__proto__", which plain assignment would turn into a prototype change. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How a rejected value is quoted back in a reason: short, and never the whole of a huge string. */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

/** Why a text value cannot be stored, or null. Tabs and any Unicode are fine; control characters are not. */
export function textProblem(s: string): string | null {
  if (BAD_TEXT.test(s)) {
    const at = s.search(BAD_TEXT);
    const code = s.charCodeAt(at);
    if (code === 0xfffd) return 'contains U+FFFD (a byte that is not valid UTF-8): save the file as UTF-8';
    return `must not contain control characters (found U+${code.toString(16).toUpperCase().padStart(4, '0')} at position ${at + 1})`;
  }
  if (!s.isWellFormed()) return 'contains invalid Unicode (an unpaired surrogate)';
  return null;
}

/** Absent = missing, null, or a string that is empty after trimming. */
export function isAbsent(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function absent(field: string, errors: FieldError[], required: boolean): undefined {
  if (required) errors.push({ field, reason: 'is required' });
  return undefined;
}

/** Free text: trimmed, ≤ `max` characters, no control characters. JSON numbers are taken as their text. */
export function readText(
  v: unknown,
  field: string,
  errors: FieldError[],
  required = false,
  max = MAX_TEXT_LENGTH,
): string | undefined {
  let s: string;
  if (typeof v === 'string') s = v.trim();
  else if (typeof v === 'number' && Number.isFinite(v)) s = String(v);
  else if (v === undefined || v === null) s = '';
  else {
    errors.push({ field, reason: `must be a string, got ${describeValue(v)}` });
    return undefined;
  }
  if (s.length === 0) return absent(field, errors, required);
  if (s.length > max) {
    errors.push({ field, reason: `must be at most ${max} characters (got ${s.length})` });
    return undefined;
  }
  const problem = textProblem(s);
  if (problem !== null) {
    errors.push({ field, reason: problem });
    return undefined;
  }
  return s;
}

/** Identifiers: text of at most 200 characters; JSON integers are accepted because exports often emit numeric ids. */
export function readId(v: unknown, field: string, errors: FieldError[], required = false): string | undefined {
  if (typeof v === 'number' && !Number.isSafeInteger(v)) {
    errors.push({ field, reason: `must be a string or a whole number, got ${describeValue(v)}` });
    return undefined;
  }
  return readText(v, field, errors, required, MAX_ID_LENGTH);
}

/** The number a trimmed string spells, if it is a plain finite decimal; undefined otherwise. */
export function parseNumeric(s: string): number | undefined {
  if (!NUMBER.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** Finite numbers only: "12.5" and 12.5 both work; "abc", "NaN", "Infinity", "1,5" and hex do not. */
export function readNumber(v: unknown, field: string, errors: FieldError[], required = false): number | undefined {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
  } else if (typeof v === 'string') {
    const s = v.trim();
    if (s.length === 0) return absent(field, errors, required);
    const n = parseNumeric(s);
    if (n !== undefined) return n;
  } else if (v === undefined || v === null) return absent(field, errors, required);
  errors.push({ field, reason: `must be a number, got ${describeValue(v)}` });
  return undefined;
}

export function readInteger(
  v: unknown,
  field: string,
  errors: FieldError[],
  min: number,
  max: number,
): number | undefined {
  const n = readNumber(v, field, errors);
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < min || n > max) {
    errors.push({ field, reason: `must be a whole number from ${min} to ${max}, got ${n}` });
    return undefined;
  }
  return n;
}

export function readNonNegative(v: unknown, field: string, errors: FieldError[]): number | undefined {
  const n = readNumber(v, field, errors);
  if (n !== undefined && n < 0) {
    errors.push({ field, reason: `must not be negative, got ${n}` });
    return undefined;
  }
  return n;
}

export function readBoolean(v: unknown, field: string, errors: FieldError[]): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s.length === 0) return undefined;
    if (s === 'true' || s === 'yes' || s === '1') return true;
    if (s === 'false' || s === 'no' || s === '0') return false;
  } else if (v === undefined || v === null) return undefined;
  errors.push({ field, reason: `must be true/false, yes/no or 1/0, got ${describeValue(v)}` });
  return undefined;
}

export function readDate(
  v: unknown,
  field: string,
  errors: FieldError[],
  required: boolean,
  pattern?: string,
): Date | undefined {
  if (isAbsent(v)) return absent(field, errors, required);
  const d = typeof v === 'string' ? parseDateValue(v, pattern) : null;
  if (d === null) {
    const expected = pattern ? `ISO 8601 or ${pattern}` : 'ISO 8601, e.g. 2024-03-01 or 2024-03-01T09:30:00Z';
    errors.push({
      field,
      reason: `is not a valid date, got ${describeValue(v)} (expected ${expected}, years 1900–2100)`,
    });
    return undefined;
  }
  return d;
}

export function readEmail(v: unknown, field: string, errors: FieldError[]): string | undefined {
  const s = readText(v, field, errors, false, MAX_EMAIL_LENGTH);
  if (s === undefined) return undefined;
  if (!EMAIL.test(s)) {
    errors.push({ field, reason: `must be an email address like name@example.com, got ${describeValue(s)}` });
    return undefined;
  }
  return s.toLowerCase();
}

export function readCurrency(v: unknown, field: string, errors: FieldError[]): string | undefined {
  const s = readText(v, field, errors, false, MAX_TEXT_LENGTH);
  if (s === undefined) return undefined;
  const code = s.toUpperCase();
  if (!CURRENCY.test(code)) {
    errors.push({ field, reason: `must be a 3-letter ISO 4217 code such as EUR, got ${describeValue(s)}` });
    return undefined;
  }
  return code;
}

export function readStatus(v: unknown, field: string, errors: FieldError[]): TransactionStatus | undefined {
  const s = readText(v, field, errors);
  if (s === undefined) return undefined;
  const status = STATUSES.find((x) => x === s.toLowerCase());
  if (!status) errors.push({ field, reason: `must be one of ${STATUSES.join(', ')}, got ${describeValue(s)}` });
  return status;
}

/** `vip;price-sensitive` or ["vip", "price-sensitive"] → trimmed, de-duplicated, empties dropped. */
export function readTags(v: unknown, field: string, errors: FieldError[]): string[] {
  let parts: unknown[];
  if (typeof v === 'string') parts = v.split(';');
  else if (Array.isArray(v)) parts = v;
  else if (v === undefined || v === null) return [];
  else {
    errors.push({ field, reason: `must be a ;-separated string or a list of strings, got ${describeValue(v)}` });
    return [];
  }
  // One reason per field (like every reader), so the zod schema and the fast path report identical lists.
  const tags: string[] = [];
  for (const part of parts) {
    if (typeof part !== 'string') {
      errors.push({ field, reason: `must be a list of strings, found ${describeValue(part)}` });
      return [];
    }
    const tag = part.trim();
    if (tag.length === 0 || tags.includes(tag)) continue;
    const problem = tag.length > MAX_TAG_LENGTH ? `is longer than ${MAX_TAG_LENGTH} characters` : textProblem(tag);
    if (problem !== null) {
      errors.push({ field, reason: `tag ${describeValue(tag)} ${problem}` });
      return [];
    }
    tags.push(tag);
    if (tags.length > MAX_TAGS) {
      errors.push({ field, reason: `has more than ${MAX_TAGS} tags` });
      return [];
    }
  }
  return tags;
}

/** A JSON object, or (from CSV) a string holding one. */
export function readJsonObject(v: unknown, field: string, errors: FieldError[]): Record<string, unknown> | undefined {
  if (isPlainObject(v)) return v;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s.length === 0) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(s);
    } catch (err) {
      errors.push({ field, reason: `is not valid JSON: ${(err as Error).message.slice(0, 200)}` });
      return undefined;
    }
    if (isPlainObject(parsed)) return parsed;
    v = parsed;
  } else if (v === undefined || v === null) return undefined;
  errors.push({ field, reason: `must be a JSON object, got ${describeValue(v)}` });
  return undefined;
}

/** Why a name cannot be kept as a property / attribute key ("must not be empty", …), or null. */
export function keyProblem(key: string): string | null {
  if (key.trim().length === 0) return 'must not be empty';
  if (key.length > MAX_KEY_LENGTH) return `must be at most ${MAX_KEY_LENGTH} characters (got ${key.length})`;
  return textProblem(key);
}
