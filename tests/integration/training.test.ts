import { beforeAll, describe, expect, it } from 'vitest';
import { pool } from '../../lib/db';
import { computeSnapshot, createSnapshot } from '../../lib/features/service';
import { readLabelledPage } from '../../lib/ml/repo';
import { ZLabelSpec } from '../../lib/ml/schemas';
import { seedChurnData } from '../support/churn-data';
import { createRoleWorkspace, type RoleWorkspace } from '../support/fixtures';
import { runChurn } from '../support/cli';

const churn = (...args: string[]) => runChurn(args, 300_000);

let ws: RoleWorkspace;

beforeAll(async () => {
  ws = await createRoleWorkspace('training');
  await seedChurnData(ws.id, 1500);
});

describe('churn labels (DATA_CONTRACT.md)', () => {
  const T = new Date('2025-01-01T00:00:00Z');

  async function labelsOf(kind: 'inactivity' | 'cancellation' | 'column', setup: string) {
    const lw = await createRoleWorkspace(`labels-${kind}`);
    await pool().query(setup.replaceAll('$ws', `'${lw.id}'`));
    const id = await createSnapshot(lw.system, T, {
      version: 'fs-1',
      eventTypes: [],
      categories: [],
      numericAttributes: [],
      tags: [],
    });
    await computeSnapshot(id);
    const label = ZLabelSpec.parse({ kind, horizonDays: 30 });
    const rows = await readLabelledPage({ workspaceId: lw.id, snapshotId: id, asOf: T, label }, 0n, 100);
    const names = await pool().query('SELECT id::text, external_id FROM customers WHERE workspace_id = $1', [lw.id]);
    const byId = new Map(names.rows.map((r) => [r.id, r.external_id]));
    return Object.fromEntries(rows.map((r) => [byId.get(r.customer_id), r.label]));
  }

  const customers = (ids: string[], extra = '') =>
    `INSERT INTO customers (workspace_id, external_id, signup_at${extra ? ', churned_at, churned' : ''})
     VALUES ${ids.map((id) => `($ws, '${id}', '2024-01-01Z'${extra ? `, ${extra.split('|')[ids.indexOf(id)]}` : ''})`).join(', ')};`;
  const tx = (id: string, at: string, amount = 10, status = 'paid') =>
    `INSERT INTO transactions (workspace_id, customer_id, occurred_at, amount, status)
     SELECT $ws, id, '${at}', ${amount}, '${status}' FROM customers WHERE workspace_id = $ws AND external_id = '${id}';`;
  const ev = (id: string, at: string, type: string) =>
    `INSERT INTO events (workspace_id, customer_id, occurred_at, type)
     SELECT $ws, id, '${at}', '${type}' FROM customers WHERE workspace_id = $ws AND external_id = '${id}';`;

  it('inactivity: active before T, churned without a purchase in [T, T + horizon)', async () => {
    const labels = await labelsOf(
      'inactivity',
      customers(['stays', 'leaves', 'new', 'zero', 'failed', 'late']) +
        tx('stays', '2024-12-01Z') +
        tx('stays', '2025-01-10Z') +
        tx('leaves', '2024-12-01Z') +
        tx('new', '2025-01-05Z') +
        tx('zero', '2024-12-01Z') +
        tx('zero', '2025-01-05Z', 0) +
        tx('failed', '2024-12-01Z') +
        tx('failed', '2025-01-05Z', 10, 'failed') +
        tx('late', '2024-12-01Z') +
        tx('late', '2025-01-31Z'),
    );
    // "new" was not active before T; a $0 row or a failed payment is no purchase; day 30 is outside the window.
    expect(labels).toEqual({ stays: 0, leaves: 1, zero: 1, failed: 1, late: 1 });
  });

  it('cancellation: churned_at or a cancel event in the window; customers gone before T excluded', async () => {
    const labels = await labelsOf(
      'cancellation',
      customers(
        ['quits', 'gone', 'cancels', 'stays', 'cancelled-before'],
        `'2025-01-15Z', NULL|'2024-12-15Z', NULL|NULL, NULL|NULL, NULL|NULL, NULL`,
      ) +
        ev('cancels', '2025-01-20Z', 'cancel') +
        ev('stays', '2025-01-20Z', 'login') +
        ev('cancelled-before', '2024-12-20Z', 'cancel'),
    );
    expect(labels).toEqual({ quits: 1, cancels: 1, stays: 0 });
  });

  it('label column: the churned field; customers without it are left out', async () => {
    const labels = await labelsOf('column', customers(['yes', 'no', 'unknown'], `NULL, true|NULL, false|NULL, NULL`));
    expect(labels).toEqual({ yes: 1, no: 0 });
  });
});

describe('training through the CLI', () => {
  let first: string;

  it('trains XGBoost, RandomForest and logistic candidates with CV and out-of-time metrics beside the baseline', () => {
    const res = churn(
      ...['train', '--workspace', 'training', '--label', 'inactivity', '--horizon', '90'],
      ...['--as-of', '2024-09-01', '--eval-as-of', '2025-01-01', '--json'],
    );
    expect(res.code, res.stderr).toBe(0);
    const out = res.json();
    first = out.model_id;
    expect(out.candidates.map((c: { algorithm: string }) => c.algorithm).sort()).toEqual([
      'blend',
      'logreg',
      'rf',
      'xgboost',
    ]);
    expect(out.algorithm).toBe(
      [...out.candidates].sort((a, b) => b.metrics.out_of_time.roc_auc - a.metrics.out_of_time.roc_auc)[0].algorithm,
    );
    for (const key of ['roc_auc', 'pr_auc', 'log_loss', 'brier', 'top_decile_lift', 'calibration', 'confusion'])
      expect(out.metrics.cv, key).toHaveProperty(key);
    expect(out.metrics.out_of_time.roc_auc).toBeGreaterThan(0.65);
    expect(out.metrics.out_of_time.confusion.high.threshold).toBe(0.8);
    expect(out.baseline.out_of_time.roc_auc).toBeGreaterThan(0.5);
    expect(res.stderr).toMatch(/XGBoost: fold 1 of 5/);
  }, 300_000);

  it('keeps the model in the registry with its artefacts, feature set and training window', async () => {
    const { rows } = await pool().query(
      `SELECT m.status, m.feature_set_version, m.label, array_length(m.feature_names, 1) AS n,
              (SELECT array_agg(kind ORDER BY kind) FROM model_artefacts a WHERE a.model_id = m.id) AS kinds
         FROM models m WHERE m.id = $1`,
      [first],
    );
    expect(rows[0]).toMatchObject({ status: 'candidate', feature_set_version: 'fs-1', kinds: ['onnx', 'trees'] });
    expect(rows[0].n).toBeGreaterThanOrEqual(30);
    expect(rows[0].label).toMatchObject({ kind: 'inactivity', horizonDays: 90, evalAsOf: '2025-01-01T00:00:00.000Z' });
    // Training snapshots are scratch: none is left behind.
    const left = await pool().query('SELECT count(*)::int AS n FROM feature_snapshots WHERE workspace_id = $1', [
      ws.id,
    ]);
    expect(left.rows[0].n).toBe(0);
  });

  it('evaluates only an existing champion, and promotion and rollback are explicit and audited', async () => {
    const evaluate = (model: string) =>
      churn(
        ...['evaluate', '--workspace', 'training', '--model', model, '--as-of', '2025-03-01'],
        ...['--horizon', '90', '--label', 'inactivity', '--json'],
      );
    const none = evaluate('champion');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no champion model yet/);

    expect(churn('model', 'promote', first, '--workspace', 'training').code).toBe(0);
    const ev = evaluate('champion');
    expect(ev.code, ev.stderr).toBe(0);
    expect(ev.json()).toMatchObject({ model_id: first, metrics: { roc_auc: expect.any(Number) } });
    expect(ev.json().rows).toBeGreaterThan(100);

    expect(churn('model', 'rollback', '--workspace', 'training').stderr).toMatch(/no earlier champion/);
    const second = churn(
      ...['train', '--workspace', 'training', '--label', 'inactivity', '--horizon', '90'],
      ...['--as-of', '2024-10-01', '--algo', 'logreg', '--promote', '--json'],
    );
    expect(second.code, second.stderr).toBe(0);
    expect(second.json().candidates).toHaveLength(1);
    const status = async () =>
      Object.fromEntries(
        (await pool().query('SELECT id, status FROM models WHERE workspace_id = $1', [ws.id])).rows.map((r) => [
          r.id,
          r.status,
        ]),
      );
    expect(await status()).toEqual({ [first]: 'retired', [second.json().model_id]: 'champion' });
    expect(churn('model', 'rollback', '--workspace', 'training').code).toBe(0);
    expect(await status()).toEqual({ [first]: 'champion', [second.json().model_id]: 'retired' });
    const audit = await pool().query(
      `SELECT action FROM audit_logs WHERE workspace_id = $1 AND action LIKE 'model.%' ORDER BY id`,
      [ws.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'model.train',
      'model.register',
      'model.promote',
      'model.train',
      'model.register',
      'model.promote',
      'model.rollback',
    ]);
  }, 300_000);

  it('refuses a feature snapshot at a date that is not one, or in the future', () => {
    for (const [date, message] of [
      ['31/12/2024', /as_of: not a valid date/],
      ['2999-01-01', /as_of: a snapshot cannot lie in the future/],
    ] as const) {
      const res = churn('features', '--workspace', 'training', '--as-of', date);
      expect(res.code, date).toBe(2);
      expect(res.stderr, date).toMatch(message);
    }
  }, 60_000);

  it('refuses label windows past the data, overlapping evaluation dates and too few churners, naming the cause', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--label', 'inactivity', '--horizon', '90', '--as-of', '2025-06-01'],
        /as_of: the 90-day label window after 2025-06-01 ends after the newest record/,
      ],
      [
        ['--label', 'inactivity', '--horizon', '90', '--as-of', '2024-09-01', '--eval-as-of', '2024-10-01'],
        /eval_as_of: must be on or after 2024-11-30/,
      ],
      [['--label', 'column', '--eval-as-of', '2025-01-01'], /eval_as_of: a label column has no time axis/],
      [['--label', 'sometimes'], /label.kind/],
      [['--label', 'inactivity', '--horizon', 'soon'], /horizonDays/],
      [['--label', 'inactivity', '--as-of', 'yesterday-ish'], /asOf/],
      [['--label', 'column'], /Too few churners/],
    ];
    for (const [args, message] of cases) {
      const res = churn('train', '--workspace', 'training', ...args);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr, args.join(' ')).toMatch(message);
    }
  }, 120_000);
});
