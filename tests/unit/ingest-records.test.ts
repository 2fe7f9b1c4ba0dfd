import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { headerToRecord, normalizeHeader, parseCsv } from '../../lib/ingest/csv';
import {
  applyColumnMap,
  checkColumnMap,
  createIdempotencyKeyer,
  idempotencyKey,
  renameColumns,
  validateRecord,
  validateRecordWithSchema,
} from '../../lib/ingest/records';
import { openTextSource } from '../../lib/ingest/source';
import type { EntityKind, NormalizedRecord, RawRecord, ReadOptions } from '../../lib/ingest/types';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/ingest');
const TELCO = '/work/shared/datasets/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv';
const CDNOW = '/work/shared/datasets/cdnow/CDNOW_master.txt';

type FileResult<K extends EntityKind> = {
  records: { line: number; record: NormalizedRecord<K> }[];
  errors: Map<number, string[]>;
};

/** The file pipeline in miniature: parse, header, column map, validate. */
async function readFile<K extends EntityKind>(file: string, kind: K, opts: ReadOptions = {}): Promise<FileResult<K>> {
  const out: FileResult<K> = { records: [], errors: new Map() };
  let columns: string[] | undefined;
  for await (const row of parseCsv(openTextSource(file).chunks, { delimiter: opts.delimiter })) {
    if ('error' in row) {
      out.errors.set(row.line, ['(row)']);
      continue;
    }
    if (!columns) {
      const header = normalizeHeader(row.fields);
      if ('error' in header) throw new Error(header.error);
      columns = renameColumns(header.columns, opts.map);
      continue;
    }
    const raw = headerToRecord(columns, row.fields);
    if ('error' in raw) {
      out.errors.set(row.line, [`(row) ${raw.error}`]);
      continue;
    }
    const result = validateRecord(kind, raw.record, { dateFormat: opts.dateFormat });
    if (result.ok) out.records.push({ line: row.line, record: result.record });
    else
      out.errors.set(
        row.line,
        result.errors.map((e) => e.field),
      );
  }
  return out;
}

const errorsOf = (kind: EntityKind, raw: RawRecord) => {
  const result = validateRecord(kind, raw);
  return result.ok ? [] : result.errors;
};
const EVENT = { customer_id: 'c1', occurred_at: '2024-03-01T10:00:00Z', type: 'login' };

describe('validateRecord: values', () => {
  it('accepts CSV strings and JSON values alike, trimming text and treating empty as absent', () => {
    const fromCsv = validateRecord('events', { ...EVENT, customer_id: ' c1 ', value: ' 12.5 ', event_id: '' });
    const fromJson = validateRecord('events', { ...EVENT, value: 12.5, event_id: null });
    expect(fromCsv).toEqual({
      ok: true,
      record: { customerId: 'c1', occurredAt: new Date('2024-03-01T10:00:00Z'), type: 'login', value: 12.5 },
    });
    expect(fromJson).toEqual(fromCsv);
  });

  it('names each missing required field, per kind', () => {
    expect(errorsOf('customers', {})).toEqual([{ field: 'customer_id', reason: 'is required' }]);
    expect(errorsOf('events', { customer_id: '  ' }).map((e) => e.field)).toEqual([
      'customer_id',
      'occurred_at',
      'type',
    ]);
    expect(errorsOf('transactions', { customer_id: 'c' }).map((e) => e.field)).toEqual(['occurred_at', 'amount']);
    expect(errorsOf('tickets', { customer_id: 'c' })).toEqual([{ field: 'opened_at', reason: 'is required' }]);
  });

  it('collects every error of a record, not just the first', () => {
    const errors = errorsOf('transactions', {
      customer_id: '',
      occurred_at: '2023-02-30',
      amount: 'abc',
      status: 'pending',
      quantity: '-1',
      currency: 'euro',
    });
    expect(errors.map((e) => e.field)).toEqual([
      'customer_id',
      'occurred_at',
      'amount',
      'currency',
      'status',
      'quantity',
    ]);
    expect(errors).toContainEqual({ field: 'amount', reason: 'must be a number, got "abc"' });
    expect(errors.find((e) => e.field === 'occurred_at')?.reason).toMatch(/^is not a valid date, got "2023-02-30"/);
  });

  it.each([
    ['NaN'],
    ['Infinity'],
    ['-Infinity'],
    ['abc'],
    ['1,5'],
    ['0x10'],
    ['12 EUR'],
    [Number.NaN],
    [Infinity],
    [true],
  ])('rejects %s as a number', (value) => {
    expect(errorsOf('events', { ...EVENT, value })[0]?.reason).toMatch(/^must be a number, got /);
  });

  it('allows negative amounts (refunds) but not negative quantities; satisfaction is a whole 1–5', () => {
    const tx = { customer_id: 'c', occurred_at: '2024-01-01', amount: '-19.99' };
    expect(validateRecord('transactions', tx)).toMatchObject({ ok: true, record: { amount: -19.99, status: 'paid' } });
    expect(errorsOf('transactions', { ...tx, quantity: '-1' })).toEqual([
      { field: 'quantity', reason: 'must not be negative, got -1' },
    ]);
    const ticket = { customer_id: 'c', opened_at: '2024-01-01' };
    expect(validateRecord('tickets', { ...ticket, satisfaction: '5' })).toMatchObject({
      ok: true,
      record: { satisfaction: 5 },
    });
    for (const s of ['0', '6', '3.5', 'good'])
      expect(errorsOf('tickets', { ...ticket, satisfaction: s })[0]?.field).toBe('satisfaction');
  });

  it('reads booleans as 1/0, true/false, yes/no in any case, and JSON booleans', () => {
    for (const [v, expected] of [
      ['Yes', true],
      ['NO', false],
      ['1', true],
      ['0', false],
      ['True', true],
      [false, false],
      [1, true],
    ] as const) {
      expect(validateRecord('customers', { customer_id: 'c', churned: v })).toMatchObject({
        ok: true,
        record: { churned: expected },
      });
    }
    expect(errorsOf('customers', { customer_id: 'c', churned: 'maybe' })[0]?.reason).toBe(
      'must be true/false, yes/no or 1/0, got "maybe"',
    );
  });

  it('normalises status, currency and email case, and rejects values outside their sets', () => {
    const tx = { customer_id: 'c', occurred_at: '2024-01-01', amount: '1', status: 'Refunded', currency: 'eur' };
    expect(validateRecord('transactions', tx)).toMatchObject({
      ok: true,
      record: { status: 'refunded', currency: 'EUR' },
    });
    expect(validateRecord('customers', { customer_id: 'c', email: ' Ann@Example.COM ' })).toMatchObject({
      record: { email: 'ann@example.com' },
    });
    expect(errorsOf('customers', { customer_id: 'c', email: 'ann@' })[0]?.field).toBe('email');
  });

  it('checks birth_year against 1900 and the current year', () => {
    const year = new Date().getUTCFullYear();
    expect(validateRecord('customers', { customer_id: 'c', birth_year: String(year) })).toMatchObject({ ok: true });
    for (const y of ['1899', String(year + 1), '-1985', 'NaN', '1985.5'])
      expect(errorsOf('customers', { customer_id: 'c', birth_year: y })[0]?.field).toBe('birth_year');
  });

  it('rejects resolved_at before opened_at and churned_at before signup_at', () => {
    expect(
      errorsOf('tickets', { customer_id: 'c', opened_at: '2024-02-02', resolved_at: '2024-02-01T23:59:59Z' }),
    ).toEqual([{ field: 'resolved_at', reason: 'is before opened_at' }]);
    expect(errorsOf('customers', { customer_id: 'c', signup_at: '2024-02-02', churned_at: '2024-02-01' })).toEqual([
      { field: 'churned_at', reason: 'is before signup_at' },
    ]);
    expect(validateRecord('tickets', { customer_id: 'c', opened_at: '2024-02-02', resolved_at: '2024-02-02' }).ok).toBe(
      true,
    );
  });
});

describe('validateRecord: text safety', () => {
  it('stores SQL and HTML injection strings unchanged, as plain text', () => {
    const sql = "'; DROP TABLE customers; --";
    const html = '<script>alert("x")</script>';
    const result = validateRecord('customers', { customer_id: sql, name: html, notes: sql });
    expect(result).toEqual({ ok: true, record: { customerId: sql, name: html, tags: [], attributes: { notes: sql } } });
  });

  it('accepts any Unicode and tabs, rejects control characters, U+FFFD and lone surrogates', () => {
    expect(validateRecord('customers', { customer_id: 'c', name: 'Zoë 李 😀\tx' }).ok).toBe(true);
    expect(errorsOf('customers', { customer_id: 'c', name: 'a\nb' })).toEqual([
      { field: 'name', reason: 'must not contain control characters (found U+000A at position 2)' },
    ]);
    expect(errorsOf('customers', { customer_id: 'a\u0000' })[0]?.field).toBe('customer_id');
    expect(errorsOf('customers', { customer_id: 'c', city: 'M\uFFFDnchen' })[0]?.reason).toMatch(/not valid UTF-8/);
    expect(errorsOf('customers', { customer_id: 'c', city: 'x\uD800' })[0]?.reason).toMatch(/unpaired surrogate/);
  });

  it('limits ids to 200 and free text to 1,000 characters, naming field and limit', () => {
    expect(validateRecord('customers', { customer_id: 'i'.repeat(200), name: 'n'.repeat(1000) }).ok).toBe(true);
    expect(errorsOf('customers', { customer_id: 'i'.repeat(201) })).toEqual([
      { field: 'customer_id', reason: 'must be at most 200 characters (got 201)' },
    ]);
    expect(errorsOf('customers', { customer_id: 'c', segment: 's'.repeat(1001) })).toEqual([
      { field: 'segment', reason: 'must be at most 1000 characters (got 1001)' },
    ]);
  });
});

describe('validateRecord: tags, properties, attributes', () => {
  it('splits, trims and de-duplicates tags from a string or a list, and enforces their limits', () => {
    expect(validateRecord('customers', { customer_id: 'c', tags: ' vip; price-sensitive;;vip ' })).toMatchObject({
      record: { tags: ['vip', 'price-sensitive'] },
    });
    expect(validateRecord('customers', { customer_id: 'c', tags: ['a', ' a', 'b'] })).toMatchObject({
      record: { tags: ['a', 'b'] },
    });
    expect(errorsOf('customers', { customer_id: 'c', tags: `ok;${'t'.repeat(101)}` })[0]?.reason).toMatch(
      /is longer than 100 characters/,
    );
    expect(
      errorsOf('customers', { customer_id: 'c', tags: Array.from({ length: 51 }, (_, i) => `t${i}`).join(';') }),
    ).toEqual([{ field: 'tags', reason: 'has more than 50 tags' }]);
    expect(errorsOf('customers', { customer_id: 'c', tags: ['a', 2] })[0]?.field).toBe('tags');
  });

  it('parses properties from a JSON string and adds every extra column to them', () => {
    const result = validateRecord('events', {
      ...EVENT,
      properties: '{"plan":"pro","n":2}',
      browser: ' firefox ',
      empty: '',
    });
    expect(result).toMatchObject({ ok: true, record: { properties: { plan: 'pro', n: 2, browser: 'firefox' } } });
    expect(validateRecord('tickets', { customer_id: 'c', opened_at: '2024-01-01', channel: 'phone' })).toMatchObject({
      record: { properties: { channel: 'phone' } },
    });
  });

  it('rejects properties that are not an object, clash with a column, are too big or hold NUL', () => {
    expect(errorsOf('events', { ...EVENT, properties: '[1]' })).toEqual([
      { field: 'properties', reason: 'must be a JSON object, got a list' },
    ]);
    expect(errorsOf('events', { ...EVENT, properties: '{bad' })[0]?.reason).toMatch(/^is not valid JSON: /);
    expect(errorsOf('events', { ...EVENT, properties: { a: 1 }, a: '2' })).toEqual([
      { field: 'a', reason: 'is given both as a column and as a key inside properties' },
    ]);
    expect(errorsOf('events', { ...EVENT, properties: { big: 'x'.repeat(70_000) } })[0]?.reason).toMatch(
      /at most 65536 characters/,
    );
    expect(errorsOf('events', { ...EVENT, properties: { a: 'x\u0000' } })[0]?.reason).toMatch(/NUL/);
    expect(validateRecord('events', { ...EVENT, properties: { a: 'literal \\u0000 text' } }).ok).toBe(true);
  });

  it('turns extra customer columns into numeric or text attributes, omitting empties', () => {
    const result = validateRecord('customers', {
      customer_id: 'c',
      tenure: '12',
      MonthlyCharges: ' 29.85 ',
      Contract: 'One year',
      TotalCharges: ' ',
      score: 3,
      vip: true,
    });
    expect(result).toMatchObject({
      ok: true,
      record: { attributes: { tenure: 12, MonthlyCharges: 29.85, Contract: 'One year', score: 3, vip: 'true' } },
    });
    expect(errorsOf('customers', { customer_id: 'c', ['k'.repeat(101)]: 'v' })[0]?.reason).toBe(
      'column name must be at most 100 characters (got 101)',
    );
    expect(errorsOf('customers', { customer_id: 'c', nested: { a: 1 } })).toEqual([
      { field: 'nested', reason: 'must be a number or a string, got an object' },
    ]);
  });
});

describe('column maps', () => {
  it('renames mapped keys and keeps unmapped ones', () => {
    expect(
      applyColumnMap({ customerID: 'c', Churn: 'Yes', tenure: '1' }, { customerID: 'customer_id', Churn: 'churned' }),
    ).toEqual({ customer_id: 'c', churned: 'Yes', tenure: '1' });
  });

  it('never overwrites a value when a mapped name collides with an existing column', () => {
    expect(applyColumnMap({ customer_id: 'old', id: 'new' }, { id: 'customer_id' })).toEqual({
      'customer_id (unmapped)': 'old',
      customer_id: 'new',
    });
    expect(renameColumns(['a', 'b'], { a: 'x', b: 'x' })).toEqual(['x', 'b']);
    expect(checkColumnMap(['id', 'customer_id'], { id: 'customer_id', missing: 'x' })).toEqual([
      'mapped column "missing" is not in the file',
      'column "customer_id" is kept as "customer_id (unmapped)" because another column is mapped to its name',
    ]);
  });
});

describe('idempotencyKey', () => {
  const event = (raw: RawRecord) => {
    const result = validateRecord('events', raw);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.record;
  };

  it("uses the record's own id, and customer_id for customers", () => {
    expect(idempotencyKey('events', event({ ...EVENT, event_id: 'e-9' }))).toBe('e-9');
    const customer = validateRecord('customers', { customer_id: 'c-7' });
    if (!customer.ok) throw new Error('customer should be valid');
    expect(idempotencyKey('customers', customer.record)).toBe('c-7');
  });

  it('hashes content deterministically, ignoring property order and text formatting', () => {
    const a = idempotencyKey('events', event({ ...EVENT, value: '1.50', properties: '{"x":1,"y":{"b":2,"a":1}}' }));
    const b = idempotencyKey(
      'events',
      event({
        ...EVENT,
        value: 1.5,
        occurred_at: '2024-03-01T12:00:00+02:00',
        properties: { y: { a: 1, b: 2 }, x: 1 },
      }),
    );
    expect(a).toMatch(/^~[0-9a-f]{40}$/);
    expect(b).toBe(a);
    expect(idempotencyKey('events', event({ ...EVENT, value: 2 }))).not.toBe(a);
  });

  it('keeps a transaction or ticket key stable when only its mutable state changes', () => {
    const tx = (status: string) =>
      validateRecord('transactions', { customer_id: 'c', occurred_at: '2024-01-01', amount: '5', status });
    const paid = tx('paid');
    const refunded = tx('refunded');
    if (!paid.ok || !refunded.ok) throw new Error('should be valid');
    expect(idempotencyKey('transactions', refunded.record)).toBe(idempotencyKey('transactions', paid.record));
  });

  it('numbers identical id-less rows within one import so genuine repeats are kept', () => {
    const keyOf = createIdempotencyKeyer();
    const keys = [
      event(EVENT),
      event(EVENT),
      event({ ...EVENT, event_id: 'e' }),
      event({ ...EVENT, event_id: 'e' }),
    ].map((r) => keyOf('events', r));
    expect(keys[1]).toBe(`${keys[0]}.2`);
    expect(keys.slice(2)).toEqual(['e', 'e']);
    const again = createIdempotencyKeyer();
    expect([event(EVENT), event(EVENT)].map((r) => again('events', r))).toEqual(keys.slice(0, 2));
  });
});

describe('zod contract schemas agree with the fast path', () => {
  const pools = {
    id: [
      'c1',
      ' c2 ',
      '',
      ' ',
      null,
      undefined,
      42,
      1.5,
      2 ** 60,
      true,
      'x'.repeat(201),
      'a\u0001b',
      '日本',
      '<b>',
      {},
      [],
    ],
    text: [
      'hello',
      ' spaced ',
      '',
      null,
      undefined,
      12,
      true,
      'x'.repeat(1001),
      'tab\there',
      'new\nline',
      'bad\uFFFD',
      'x\uD800',
      '😀',
    ],
    number: [
      '12.5',
      12.5,
      '-3',
      -3,
      'abc',
      'NaN',
      'Infinity',
      Infinity,
      Number.NaN,
      '1e3',
      '',
      null,
      undefined,
      true,
      '0x10',
      ' 7 ',
    ],
    date: [
      '2024-03-01',
      '2024-03-01T10:00:00Z',
      '2024-03-02 10:00:00+02:00',
      '2023-02-30',
      '19970101',
      '',
      null,
      undefined,
      5,
      'junk',
      '1899-01-01',
    ],
    bool: ['yes', 'No', 'TRUE', '0', '1', true, false, 1, 0, 2, 'maybe', '', null, undefined],
    tags: ['a;b', 'a; a ;', '', ['x', 'y'], ['x', 1], 't'.repeat(101), null, undefined, 5],
    props: [
      '{"a":1}',
      { a: 1 },
      '[1]',
      [1],
      'not json',
      '',
      null,
      undefined,
      5,
      { b: 'x\u0000' },
      { k: 'x'.repeat(70_000) },
    ],
    status: ['paid', 'REFUNDED', 'pending', '', null, undefined],
    currency: ['eur', 'EUR', 'euro', 'E1R', '', undefined],
    small: ['5', 5, '0', 6, '3.5', 'abc', undefined],
    year: ['1985', 1985, '1899', '2999', '19.5', undefined],
    extra: ['firefox', '', '  ', '12', 3, true, { o: 1 }, null, undefined],
    rare: [undefined, 'v', '', 7],
    email: ['a@b.co', ' Ann@Example.COM ', 'nope', '', null, 12, 'x\n@y.z'],
  };
  const FIELDS: Record<EntityKind, Record<string, keyof typeof pools>> = {
    customers: {
      customer_id: 'id',
      name: 'text',
      email: 'email',
      signup_at: 'date',
      churned_at: 'date',
      churned: 'bool',
      segment: 'text',
      birth_year: 'year',
      tags: 'tags',
      plan_fee: 'extra',
      ['k'.repeat(101)]: 'rare',
    },
    events: {
      customer_id: 'id',
      occurred_at: 'date',
      type: 'text',
      value: 'number',
      event_id: 'id',
      properties: 'props',
      a: 'rare',
      browser: 'extra',
    },
    transactions: {
      customer_id: 'id',
      occurred_at: 'date',
      amount: 'number',
      transaction_id: 'id',
      currency: 'currency',
      status: 'status',
      quantity: 'number',
      payment_method: 'text',
      properties: 'props',
      a: 'rare',
    },
    tickets: {
      customer_id: 'id',
      ticket_id: 'id',
      opened_at: 'date',
      resolved_at: 'date',
      category: 'text',
      satisfaction: 'small',
      properties: 'props',
      a: 'rare',
    },
  };

  it.each(Object.keys(FIELDS) as EntityKind[])('gives identical results on a generated %s corpus', (kind) => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const decisions = { ok: 0, rejected: 0 };
    for (let n = 0; n < 3000; n++) {
      const raw: RawRecord = {};
      for (const [field, pool] of Object.entries(FIELDS[kind])) {
        // Mostly valid values, so accepted records are common too.
        const values = pools[pool];
        const v = random() < 0.75 ? values[0] : values[Math.floor(random() * values.length)];
        if (v !== undefined) raw[field] = v;
      }
      const fast = validateRecord(kind, raw, { dateFormat: n % 2 ? 'yyyyMMdd' : undefined });
      const schema = validateRecordWithSchema(kind, raw, { dateFormat: n % 2 ? 'yyyyMMdd' : undefined });
      expect(schema, JSON.stringify(raw).slice(0, 300)).toEqual(fast);
      decisions[fast.ok ? 'ok' : 'rejected']++;
    }
    expect(decisions.ok).toBeGreaterThan(150);
    expect(decisions.rejected).toBeGreaterThan(150);
  });
});

describe('fixture files', () => {
  it('accepts every row of customers-good.csv with its unicode, quoting and injection strings intact', async () => {
    const { records, errors } = await readFile(path.join(FIXTURES, 'customers-good.csv'), 'customers');
    expect(errors.size).toBe(0);
    expect(records.map((r) => r.record.name)).toEqual([
      'Ann Example',
      'Müller, Jürgen',
      '李小龙 🐉',
      "'; DROP TABLE customers; --",
    ]);
    expect(records[1]?.record).toMatchObject({
      tags: ['vip'],
      churned: true,
      signupAt: new Date('2022-11-30T07:15:00Z'),
      attributes: { monthly_fee: 120 },
    });
    expect(records[3]?.record).toMatchObject({
      tags: ['<script>alert(1)</script>'],
      attributes: { monthly_fee: 0, favourite_colour: '<b>bold</b>' },
    });
  });

  it('rejects exactly the bad rows of customers-bad.csv, each with the right fields', async () => {
    const { records, errors } = await readFile(path.join(FIXTURES, 'customers-bad.csv'), 'customers');
    expect(Object.fromEntries(errors)).toEqual({
      2: ['customer_id'],
      3: ['email'],
      4: ['signup_at'],
      5: ['signup_at'],
      6: ['churned_at'],
      7: ['churned'],
      8: ['birth_year'],
      9: ['birth_year'],
      10: ['birth_year'],
      11: ['name'],
      13: ['name'],
      14: ['name'],
      15: ['(row) expected 9 fields, found 2'],
      21: ['signup_at'],
      22: ['tags'],
      23: ['customer_id', 'email', 'signup_at', 'churned', 'birth_year'],
      25: ['lifetime_value'],
    });
    expect(records.map((r) => r.line)).toEqual([16, 17, 18, 19, 20, 24]);
    expect(records[1]?.record.name).toBe("'; DROP TABLE customers; --");
    expect(records[5]?.record.attributes).toEqual({ lifetime_value: -12.5 });
    // A repeated customer_id is valid per row; the shared key makes the store upsert it once.
    expect(idempotencyKey('customers', records[3]!.record)).toBe(idempotencyKey('customers', records[4]!.record));
  });

  it('validates the gzipped transactions fixture', async () => {
    const { records, errors } = await readFile(path.join(FIXTURES, 'transactions.csv.gz'), 'transactions');
    expect(records.map((r) => [r.record.amount, r.record.currency, r.record.status])).toEqual([
      [19.99, 'EUR', 'paid'],
      [-19.99, 'EUR', 'refunded'],
      [5, 'USD', 'paid'],
      [0, undefined, 'failed'],
    ]);
    expect(records[2]?.record.properties).toEqual({ coupon: 'WELCOME10' });
    expect(Object.fromEntries(errors)).toEqual({ 5: ['amount'], 6: ['currency', 'status', 'quantity'] });
  });
});

describe('real datasets', () => {
  it.skipIf(!existsSync(TELCO))('reads all 7,043 Telco customers with the documented map', async () => {
    const { records, errors } = await readFile(TELCO, 'customers', {
      map: { customerID: 'customer_id', Churn: 'churned' },
    });
    expect(errors.size).toBe(0);
    expect(records).toHaveLength(7043);
    expect(records.filter((r) => r.record.churned).length).toBe(1869);
    expect(records.filter((r) => !('TotalCharges' in r.record.attributes)).length).toBe(11);
    expect(records[0]?.record).toMatchObject({
      customerId: '7590-VHVEG',
      gender: 'Female',
      attributes: { tenure: 1, MonthlyCharges: 29.85, Contract: 'Month-to-month' },
    });
  });

  it.skipIf(!existsSync(CDNOW))(
    'reads all 69,659 CDNOW transactions, whitespace-separated with yyyyMMdd dates',
    async () => {
      const opts = {
        delimiter: 'whitespace',
        dateFormat: 'yyyyMMdd',
        map: { date: 'occurred_at', number_of_cds: 'quantity', dollar_value: 'amount' },
      };
      const { records, errors } = await readFile(CDNOW, 'transactions', opts);
      expect(errors.size).toBe(0);
      expect(records).toHaveLength(69_659);
      expect(records[0]?.record).toEqual({
        customerId: '00001',
        occurredAt: new Date('1997-01-01T00:00:00Z'),
        amount: 11.77,
        quantity: 1,
        status: 'paid',
      });
      // CDNOW repeats some identical rows; per-import occurrence numbering keeps every one of them.
      const keyOf = createIdempotencyKeyer();
      expect(new Set(records.map((r) => keyOf('transactions', r.record))).size).toBe(69_659);
      expect(new Set(records.map((r) => idempotencyKey('transactions', r.record))).size).toBeLessThan(69_659);
    },
  );
});
