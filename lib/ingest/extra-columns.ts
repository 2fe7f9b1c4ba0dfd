// Columns beyond the contract are data too: on events, transactions and tickets they join `properties`, on
// customers they become `attributes` (numeric or categorical features). Nothing is dropped without an error.
import type { EntityKind } from './types';
import {
  MAX_PROPERTIES_LENGTH,
  MAX_TEXT_LENGTH,
  describeValue,
  keyProblem,
  parseNumeric,
  setOwn,
  textProblem,
  type FieldError,
} from './field-readers';

/** The contract's field names per kind (DATA_CONTRACT.md); any other key is an extra column. */
export const CONTRACT_FIELDS: { readonly [K in EntityKind]: readonly string[] } = {
  customers: [
    'customer_id',
    'name',
    'email',
    'phone',
    'signup_at',
    'churned_at',
    'churned',
    'segment',
    'region',
    'city',
    'channel',
    'gender',
    'plan',
    'lifecycle_stage',
    'birth_year',
    'tags',
  ],
  events: ['customer_id', 'occurred_at', 'type', 'value', 'event_id', 'properties'],
  transactions: [
    'customer_id',
    'occurred_at',
    'amount',
    'transaction_id',
    'currency',
    'status',
    'quantity',
    'payment_method',
    'properties',
  ],
  tickets: ['customer_id', 'ticket_id', 'opened_at', 'resolved_at', 'category', 'satisfaction', 'properties'],
};

export const CONTRACT_FIELD_SETS: { readonly [K in EntityKind]: ReadonlySet<string> } = {
  customers: new Set(CONTRACT_FIELDS.customers),
  events: new Set(CONTRACT_FIELDS.events),
  transactions: new Set(CONTRACT_FIELDS.transactions),
  tickets: new Set(CONTRACT_FIELDS.tickets),
};

function keyLabel(key: string): string {
  return key.length > 100 ? `${key.slice(0, 100)}…` : key;
}

/** True when serialised JSON holds an escaped NUL, which Postgres jsonb refuses (a literal "\\u0000" text is fine). */
function hasNulEscape(json: string): boolean {
  for (let i = json.indexOf('u0000'); i > 0; i = json.indexOf('u0000', i + 1)) {
    let slashes = 0;
    for (let k = i - 1; k >= 0 && json.charCodeAt(k) === 92; k--) slashes++;
    if (slashes % 2 === 1) return true;
  }
  return false;
}

/**
 * Merges the explicit `properties` object (`base`, already parsed) with every extra key of `raw`. A key given
 * both ways is an error rather than a silent overwrite. Empty values are absent, strings are trimmed.
 */
export function buildProperties(
  base: Record<string, unknown> | undefined,
  raw: Record<string, unknown>,
  known: ReadonlySet<string>,
  errors: FieldError[],
): Record<string, unknown> | undefined {
  let props: Record<string, unknown> | undefined;
  if (base !== undefined) {
    props = {};
    for (const key of Object.keys(base)) setOwn(props, key, base[key]);
  }
  for (const key in raw) {
    if (known.has(key)) continue;
    let v = raw[key];
    if (typeof v === 'string') v = v.trim();
    if (v === undefined || v === null || v === '') continue;
    const problem = keyProblem(key);
    if (problem !== null) {
      errors.push({ field: keyLabel(key), reason: `column name ${problem}` });
      continue;
    }
    props ??= {};
    if (base !== undefined && Object.hasOwn(base, key)) {
      errors.push({ field: keyLabel(key), reason: 'is given both as a column and as a key inside properties' });
      continue;
    }
    setOwn(props, key, v);
  }
  if (props === undefined) return undefined;
  const keys = Object.keys(props);
  if (keys.length === 0) return undefined;
  for (const key of keys) {
    const problem = keyProblem(key);
    if (problem !== null && base !== undefined && Object.hasOwn(base, key)) {
      errors.push({ field: 'properties', reason: `key ${describeValue(key)} ${problem}` });
    }
  }
  const json = JSON.stringify(props);
  if (json.length > MAX_PROPERTIES_LENGTH) {
    errors.push({
      field: 'properties',
      reason: `must be at most ${MAX_PROPERTIES_LENGTH} characters as JSON (got ${json.length})`,
    });
  } else if (hasNulEscape(json)) {
    errors.push({ field: 'properties', reason: 'must not contain NUL characters (U+0000)' });
  }
  return props;
}

/**
 * Turns a customer's extra keys into attributes: values that read as finite numbers become numbers (numeric
 * features), other strings stay strings (categorical features, same rules as contract text).
 */
export function buildAttributes(
  raw: Record<string, unknown>,
  known: ReadonlySet<string>,
  errors: FieldError[],
): Record<string, number | string> {
  const attributes: Record<string, number | string> = {};
  for (const key in raw) {
    if (known.has(key)) continue;
    const v = raw[key];
    if (v === undefined || v === null) continue;
    let value: number | string | undefined;
    let problem: string | null = null;
    if (typeof v === 'string') {
      const s = v.trim();
      if (s.length === 0) continue;
      value = parseNumeric(s) ?? s;
      if (typeof value === 'string') {
        problem =
          s.length > MAX_TEXT_LENGTH
            ? `must be at most ${MAX_TEXT_LENGTH} characters (got ${s.length})`
            : textProblem(s);
      }
    } else if (typeof v === 'number') {
      value = v;
      if (!Number.isFinite(v)) problem = `must be a finite number, got ${v}`;
    } else if (typeof v === 'boolean') value = String(v);
    else problem = `must be a number or a string, got ${describeValue(v)}`;
    const badKey = keyProblem(key);
    if (badKey !== null) problem = `column name ${badKey}`;
    if (problem !== null) errors.push({ field: keyLabel(key), reason: problem });
    else if (value !== undefined) setOwn(attributes, key, value);
  }
  return attributes;
}
