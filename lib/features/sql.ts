import { dynamicSql, listFeatures, type TFeatureSpec } from './spec';

// One set-based statement computes a whole range of customers: records are rolled up to (customer, UTC day) first
// — same-day purchases are one order, active days fall out for free, and the gaps between orders come from one
// window function — and then to one row per customer. Every scan is bounded by `occurred_at < T` and walks the
// (workspace_id, customer_id, time) index for the id range, so a chunk reads only its own customers' rows.
// Parameters: $1 workspace, $2 T, then the population — $3/$4 an id range [lo, hi) and $5 the snapshot id, or $3
// an id array for real-time re-scoring; the rest are bound values of the dynamic features. Day-level counts are int, not bigint: sum(bigint) accumulates in numeric, which
// made the second roll-up several times slower.

const ago = (d: number) => `$2::timestamptz - interval '${d} days'`;
const inWindow = (col: string, from: number, to = 0) =>
  to === 0 ? `${col} >= ${ago(from)}` : `${col} >= ${ago(from)} AND ${col} < ${ago(to)}`;
const WINDOWS = [7, 30, 90, 180];

type Population = 'range' | 'ids';
const RESERVED: Record<Population, number> = { range: 5, ids: 3 };

function whoIs(col: string, pop: Population) {
  return pop === 'range' ? `${col} >= $3 AND ${col} < $4` : `${col} = ANY($3::bigint[])`;
}

function rangeOf(table: string, time: string, pop: Population) {
  return `${table}.workspace_id = $1 AND ${whoIs(`${table}.customer_id`, pop)} AND ${table}.${time} < $2`;
}

function purchaseRollup(pop: Population): string {
  const orders = WINDOWS.map((w) => `count(*) FILTER (WHERE ${inWindow('p_last', w)}) AS orders_${w}`);
  const spend = WINDOWS.map((w) => `sum(spend) FILTER (WHERE ${inWindow('p_last', w)}) AS spend_${w}`);
  return `
  tx AS (
    SELECT t.customer_id, (t.occurred_at AT TIME ZONE 'UTC')::date AS day, min(t.occurred_at) AS first_at,
           max(t.occurred_at) AS last_at,
           max(t.occurred_at) FILTER (WHERE t.status = 'paid' AND t.amount > 0) AS p_last,
           min(t.occurred_at) FILTER (WHERE t.status = 'paid' AND t.amount > 0) AS p_first,
           (sum(t.amount) FILTER (WHERE t.status = 'paid' AND t.amount > 0))::float8 AS spend,
           (count(*) FILTER (WHERE t.status = 'refunded' OR t.amount < 0))::int AS refunds,
           (sum(abs(t.amount)) FILTER (WHERE t.status = 'refunded' OR t.amount < 0))::float8 AS refunded,
           (count(*) FILTER (WHERE t.status = 'failed'))::int AS failed
      FROM transactions t WHERE ${rangeOf('t', 'occurred_at', pop)}
     GROUP BY 1, 2),
  pd AS (
    SELECT customer_id, day, p_last, p_first, spend,
           day - lag(day) OVER (PARTITION BY customer_id ORDER BY day) AS gap
      FROM tx WHERE p_last IS NOT NULL),
  p AS (
    SELECT customer_id, max(p_last) AS last_at, min(p_first) AS first_at, count(*) AS orders, sum(spend) AS spend,
           ${orders.join(',\n           ')},
           count(*) FILTER (WHERE ${inWindow('p_last', 60, 30)}) AS orders_30_60,
           count(*) FILTER (WHERE ${inWindow('p_last', 180, 90)}) AS orders_90_180,
           ${spend.join(',\n           ')},
           sum(spend) FILTER (WHERE ${inWindow('p_last', 60, 30)}) AS spend_30_60,
           sum(spend) FILTER (WHERE ${inWindow('p_last', 180, 90)}) AS spend_90_180,
           avg(gap)::float8 AS gap_mean, stddev_samp(gap)::float8 AS gap_sd
      FROM pd GROUP BY customer_id),
  x AS (
    SELECT customer_id, min(first_at) AS first_at,
           sum(refunds) FILTER (WHERE ${inWindow('last_at', 90)}) AS refunds_90,
           sum(refunded) FILTER (WHERE ${inWindow('last_at', 90)}) AS refund_amount_90,
           sum(failed) FILTER (WHERE ${inWindow('last_at', 30)}) AS failed_30,
           sum(failed) FILTER (WHERE ${inWindow('last_at', 90)}) AS failed_90
      FROM tx GROUP BY customer_id)`;
}

function eventRollup(types: string[], params: unknown[], pop: Population): string {
  const typeCols = types.map((t) => {
    params.push(t);
    return `(count(*) FILTER (WHERE ev.type = $${params.length}))::int AS t${params.length}`;
  });
  const typeRefs = typeCols.map((_, i) => `t${params.length - types.length + i + 1}`);
  const perType = typeRefs.flatMap((t) =>
    [30, 90].map((w) => `sum(${t}) FILTER (WHERE ${inWindow('last_at', w)}) AS ${t}_${w}`),
  );
  const events = WINDOWS.map((w) => `sum(n) FILTER (WHERE ${inWindow('last_at', w)}) AS events_${w}`);
  return `
  ev_day AS (
    SELECT ev.customer_id, (ev.occurred_at AT TIME ZONE 'UTC')::date AS day, min(ev.occurred_at) AS first_at,
           max(ev.occurred_at) AS last_at, count(*)::int AS n, sum(ev.value) AS val${typeCols.map((c) => `,\n           ${c}`).join('')}
      FROM events ev WHERE ${rangeOf('ev', 'occurred_at', pop)}
     GROUP BY 1, 2),
  e AS (
    SELECT customer_id, min(first_at) AS first_at, max(last_at) AS last_at,
           ${events.join(',\n           ')},
           sum(n) FILTER (WHERE ${inWindow('last_at', 60, 30)}) AS events_30_60,
           sum(n) FILTER (WHERE ${inWindow('last_at', 180, 90)}) AS events_90_180,
           count(*) FILTER (WHERE ${inWindow('last_at', 30)}) AS days_30,
           count(*) FILTER (WHERE ${inWindow('last_at', 90)}) AS days_90,
           sum(val) FILTER (WHERE ${inWindow('last_at', 30)}) AS value_30${perType.map((c) => `,\n           ${c}`).join('')}
      FROM ev_day GROUP BY customer_id)`;
}

function ticketRollup(pop: Population): string {
  const complaint = `lower(k.category) = 'complaint'`;
  const open = `(k.resolved_at IS NULL OR k.resolved_at >= $2)`;
  return `
  k AS (
    SELECT k.customer_id, min(k.opened_at) AS first_at, max(k.opened_at) AS last_ticket_at,
           count(*) FILTER (WHERE ${open}) AS open,
           count(*) FILTER (WHERE ${complaint} AND ${open}) AS open_complaints,
           count(*) FILTER (WHERE ${inWindow('k.opened_at', 90)}) AS tickets_90,
           count(*) FILTER (WHERE ${complaint} AND ${inWindow('k.opened_at', 90)}) AS complaints_90,
           max(k.opened_at) FILTER (WHERE ${complaint}) AS last_complaint_at,
           (avg(k.satisfaction) FILTER (WHERE k.resolved_at < $2))::float8 AS satisfaction,
           (avg(EXTRACT(EPOCH FROM k.resolved_at - k.opened_at) / 3600.0)
              FILTER (WHERE k.resolved_at < $2 AND ${inWindow('k.opened_at', 180)}))::float8 AS resolution_hours
      FROM tickets k WHERE ${rangeOf('k', 'opened_at', pop)}
     GROUP BY 1)`;
}

function buildFeatureQuery(spec: TFeatureSpec, pop: Population, head: string) {
  const params: unknown[] = Array.from({ length: RESERVED[pop] }, () => null);
  const events = eventRollup(spec.eventTypes, params, pop);
  const typeParam = new Map(spec.eventTypes.map((t, i) => [t, `e.t${RESERVED[pop] + 1 + i}`]));
  const columns = listFeatures(spec).map((f) => {
    const sql = f.sql || dynamicSql(f, params, (type) => typeParam.get(type)!);
    return `(${sql})::float8`;
  });
  const ctes = `
WITH
  pop AS (
    SELECT c.id, c.signup_at, c.birth_year, c.segment, c.region, c.city, c.channel, c.gender, c.plan,
           c.lifecycle_stage, c.tags, c.attributes
      FROM customers c
     WHERE c.workspace_id = $1 AND ${whoIs('c.id', pop)} AND (c.signup_at IS NULL OR c.signup_at < $2)),
  ${purchaseRollup(pop).trim()},
  ${events.trim()},
  ${ticketRollup(pop).trim()}`;
  const select = `SELECT ${head}, ARRAY[
    ${columns.join(',\n    ')}
  ]::real[] AS values
  FROM pop c
  LEFT JOIN p ON p.customer_id = c.id
  LEFT JOIN x ON x.customer_id = c.id
  LEFT JOIN e ON e.customer_id = c.id
  LEFT JOIN k ON k.customer_id = c.id`;
  return { ctes, select, extraParams: params.slice(RESERVED[pop]) };
}

/** The INSERT … SELECT that writes one id range of a snapshot. */
export function buildSnapshotChunkSql(spec: TFeatureSpec): { text: string; extraParams: unknown[] } {
  const { ctes, select, extraParams } = buildFeatureQuery(spec, 'range', '$5, c.id');
  return { text: `${ctes}\nINSERT INTO snapshot_rows (snapshot_id, customer_id, values)\n${select}`, extraParams };
}

/** The SELECT of the features of a list of customers ($3), for real-time re-scoring. */
export function buildCustomerFeaturesSql(spec: TFeatureSpec): { text: string; extraParams: unknown[] } {
  const { ctes, select, extraParams } = buildFeatureQuery(spec, 'ids', 'c.id::text AS customer_id');
  return { text: `${ctes}\n${select}`, extraParams };
}
