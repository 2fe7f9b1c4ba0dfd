import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createImport, rejectionsCsv, runImport } from '../../lib/imports/service';
import { sql } from '../support/db';
import { createRoleWorkspace, type RoleWorkspace } from '../support/fixtures';
import { runChurn } from '../support/cli';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-import-'));
const TELCO = '/work/shared/datasets/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv';
const CDNOW = '/work/shared/datasets/cdnow/CDNOW_master.txt';

function write(name: string, content: string | Buffer): string {
  const file = path.join(TMP, name);
  fs.writeFileSync(file, content);
  return file;
}

let ws: RoleWorkspace;
beforeAll(async () => {
  ws = await createRoleWorkspace('files');
});

async function importFile(file: string, options: Record<string, unknown>) {
  const imp = await createImport(ws.as.ops, { fileName: path.basename(file), filePath: file, options });
  const summary = await runImport(imp.id);
  const rejected: string[] = [];
  for await (const chunk of rejectionsCsv(ws.as.ops, imp.id)) rejected.push(chunk);
  return { summary, rejectedCsv: rejected.join(''), id: imp.id };
}

const churn = (...args: string[]) => runChurn(args, 120_000);

describe('file import', () => {
  it('keeps the good rows of a broken CSV and reports each bad one by line, field and reason', async () => {
    const file = write(
      'customers.csv',
      '\uFEFFcustomer_id,name,email,signup_at,birth_year,tags,monthly_fee\r\n' +
        'A1,"Lovelace, Ada",ada@example.com,2024-01-05,1915,vip;early,49.5\r\n' +
        'A2,"Multi\nline name",,2024-02-30,1990,,\r\n' +
        ',No Id,,2024-01-01,,,\r\n' +
        'A3,王小明,ming@example.cn,2024-03-01,abc,,NaN\r\n' +
        'A4,"<script>alert(1)</script>",x@y.test,2024-03-01,1980,"a;b",7\r\n' +
        'A5,"unterminated,x@y.test,2024-03-01,1980,,\r\n',
    );
    const { summary, rejectedCsv } = await importFile(file, { kind: 'customers' });
    expect(summary).toMatchObject({ inserted: 2, rejected: 4 });
    const lines = rejectedCsv.trim().split('\n');
    expect(lines[0]).toBe('line,field,reason');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(
      expect.arrayContaining(['3,name', '3,signup_at', '5,customer_id', '6,birth_year', '8,(row)']),
    );
    const stored = await sql<{ external_id: string; attributes: Record<string, unknown>; tags: string[] }>(
      `SELECT external_id, attributes, tags FROM customers WHERE workspace_id = $1 ORDER BY external_id`,
      [ws.id],
    );
    expect(stored.map((r) => r.external_id)).toEqual(['A1', 'A4']);
    expect(stored[0]).toMatchObject({ attributes: { monthly_fee: 49.5 }, tags: ['vip', 'early'] });
  });

  it('changes nothing when the same file is imported twice', async () => {
    const file = write(
      'events.ndjson',
      [
        '{"customer_id":"A1","occurred_at":"2026-01-01T10:00:00Z","type":"login"}',
        '{"customer_id":"A1","occurred_at":"2026-01-02T10:00:00Z","type":"session","value":300,"properties":{"device":"ios"}}',
        '{"customer_id":"A4","occurred_at":"2026-01-02","type":"login","event_id":"x1"}',
        'not json at all',
        '{"customer_id":"NOBODY","occurred_at":"2026-01-02","type":"login"}',
      ].join('\n'),
    );
    const first = await importFile(file, { kind: 'events' });
    expect(first.summary).toMatchObject({ inserted: 3, rejected: 2 });
    const snapshot = await sql(`SELECT * FROM events WHERE workspace_id = $1 ORDER BY id`, [ws.id]);
    const second = await importFile(file, { kind: 'events' });
    expect(second.summary).toMatchObject({ inserted: 0, updated: 0, skipped: 3, rejected: 2 });
    expect(await sql(`SELECT * FROM events WHERE workspace_id = $1 ORDER BY id`, [ws.id])).toEqual(snapshot);
  });

  it('reads gzipped files, maps columns, custom delimiters and date formats', async () => {
    const csv = 'cust;when;amt;qty\nA1;20260105;19.90;1\nA4;20260106;-5;1\nA4;20261306;3;1\n';
    const file = write('tx.csv.gz', zlib.gzipSync(csv));
    const { summary } = await importFile(file, {
      kind: 'transactions',
      delimiter: ';',
      dateFormat: 'yyyyMMdd',
      map: 'cust=customer_id,when=occurred_at,amt=amount,qty=quantity',
    });
    expect(summary).toMatchObject({ inserted: 2, rejected: 1 });
    expect(summary.errors[0]).toMatchObject({ line: 4, field: 'occurred_at' });
  });

  it('in strict mode stores nothing when one row is bad', async () => {
    const file = write('strict.csv', 'customer_id,occurred_at,type\nA1,2026-02-01,login\nA1,never,login\n');
    const { summary } = await importFile(file, { kind: 'events', strict: true });
    expect(summary).toMatchObject({ inserted: 0, rejected: 1 });
    expect(
      (await sql(`SELECT 1 FROM events WHERE workspace_id = $1 AND occurred_at = '2026-02-01'`, [ws.id])).length,
    ).toBe(0);
    const [row] = await sql<{ status: string; error: string }>(
      `SELECT status, error FROM imports WHERE workspace_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [ws.id],
    );
    expect(row).toMatchObject({ status: 'failed', error: expect.stringContaining('Strict mode') });
  });
});

describe('file-level problems', () => {
  it('stop the import before anything is written, with a message naming the problem', async () => {
    const cases: [string, string, Record<string, unknown>, RegExp][] = [
      ['dup-header.csv', 'customer_id,segment,segment\nD1,a,b\n', { kind: 'customers' }, /duplicate column "segment"/],
      [
        'bad-map.csv',
        'id,when\nD2,2026-01-01\n',
        { kind: 'events', map: 'id=customer_id,ts=occurred_at' },
        /map: mapped column "ts" is not in the file/,
      ],
    ];
    for (const [name, content, options, message] of cases) {
      const file = write(name, content);
      const imp = await createImport(ws.as.ops, { fileName: name, filePath: file, options });
      await expect(runImport(imp.id)).rejects.toThrow(message);
      const [row] = await sql<{ status: string; error: string }>('SELECT status, error FROM imports WHERE id = $1', [
        imp.id,
      ]);
      expect(row).toMatchObject({ status: 'failed', error: expect.stringMatching(message) });
    }
    expect(
      (await sql(`SELECT 1 FROM customers WHERE workspace_id = $1 AND external_id IN ('D1','D2')`, [ws.id])).length,
    ).toBe(0);
  });

  it('refuses unknown file types and options up front', async () => {
    const file = write('data.xlsx', 'x');
    await expect(
      createImport(ws.as.ops, { fileName: 'data.xlsx', filePath: file, options: { kind: 'customers' } }),
    ).rejects.toThrow(/file: Cannot tell the format of "data.xlsx"/);
    await expect(
      createImport(ws.as.ops, { fileName: 'a.csv', filePath: file, options: { kind: 'orders' } }),
    ).rejects.toThrow(/kind: must be one of/);
    await expect(
      createImport(ws.as.ops, { fileName: 'a.csv', filePath: file, options: { kind: 'events', delimiter: '::' } }),
    ).rejects.toThrow(/delimiter/);
    await expect(
      createImport(ws.as.marketer, { fileName: 'a.csv', filePath: file, options: { kind: 'events' } }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('the shared datasets, with the documented commands', () => {
  it.skipIf(!fs.existsSync(TELCO))(
    'imports IBM Telco (7,043 customers with the churn label) twice, the second time changing nothing',
    async () => {
      const args = [
        'import',
        'customers',
        TELCO,
        '--workspace',
        ws.slug,
        '--map',
        'customerID=customer_id,Churn=churned,gender=gender',
        '--json',
      ];
      const first = churn(...args);
      expect(first.code).toBe(0);
      expect(first.json()).toMatchObject({ inserted: 7043, updated: 0, rejected: 0 });
      const second = churn(...args);
      expect(second.json()).toMatchObject({ inserted: 0, updated: 0, skipped: 7043, rejected: 0 });
      const [counts] = await sql<{ n: string; churned: string; blank_total: string }>(
        `SELECT count(*) AS n, count(*) FILTER (WHERE churned) AS churned,
              count(*) FILTER (WHERE NOT attributes ? 'TotalCharges') AS blank_total
         FROM customers WHERE workspace_id = $1 AND external_id ~ '^[0-9]{4}-'`,
        [ws.id],
      );
      expect(counts).toEqual({ n: '7043', churned: '1869', blank_total: '11' });
    },
    180_000,
  );

  it.skipIf(!fs.existsSync(CDNOW))(
    'imports CDNOW transactions (whitespace, yyyyMMdd) creating the 23,570 customers',
    async () => {
      const res = churn(
        'import',
        'transactions',
        CDNOW,
        '--workspace',
        ws.slug,
        '--delimiter',
        'whitespace',
        '--date-format',
        'yyyyMMdd',
        '--map',
        'date=occurred_at,number_of_cds=quantity,dollar_value=amount',
        '--create-missing-customers',
        '--json',
      );
      expect(res.code).toBe(0);
      expect(res.json().rejected).toBe(0);
      expect(res.json().inserted + res.json().skipped).toBe(69_659);
      const [c] = await sql<{ customers: string; tx: string }>(
        `SELECT (SELECT count(*) FROM customers WHERE workspace_id = $1 AND external_id ~ '^[0-9]+$') AS customers,
              (SELECT count(*) FROM transactions WHERE workspace_id = $1) AS tx`,
        [ws.id],
      );
      expect(c!.customers).toBe('23570');
      expect(Number(c!.tx)).toBe(res.json().inserted + 2);
    },
    180_000,
  );
});
