'use client';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import { useI18n } from '@/components/i18n/I18nProvider';
import { formatDate, type Locale } from '@/lib/i18n';
import { fmtProbability, TIER_BADGE, type Tier } from './format';
import styles from './customer360.module.css';
import chart from './history.module.css';

export type HistoryPoint = {
  scoredAt: string;
  probability: number;
  tier: Tier;
  reasons: { feature: string; text: string; impact: number }[];
};
type Datum = HistoryPoint & { t: number };

const DAY = 86_400_000;
const TIER_COLOR: Record<Tier, string> = { high: '#b42318', medium: '#b54708', low: '#067647' };
const pct = (v: number) => `${Math.round(100 * v)} %`;

function shortDate(locale: Locale, ms: number) {
  return new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(ms);
}

/**
 * The churn probability at each scoring on a time axis, over the workspace's risk tiers (shaded bands with their
 * thresholds as lines). Each point is coloured by its tier; pointing at it shows that score's reasons.
 */
export function ScoreHistoryChart({
  points,
  thresholds,
}: {
  points: HistoryPoint[];
  thresholds: { high: number; medium: number };
}) {
  const { locale, t } = useI18n();
  const data: Datum[] = points.map((p) => ({ ...p, t: Date.parse(p.scoredAt) }));
  const first = data[0]!.t;
  const last = data[data.length - 1]!.t;
  // One point (or several within a day) would collapse the time axis: give it a few days either side.
  const domain: [number, number] = last - first < DAY ? [first - 3 * DAY, last + 3 * DAY] : [first, last];
  const latest = data[data.length - 1]!;
  const summary = t('customer.history.aria', {
    count: data.length,
    from: formatDate(locale, points[0]!.scoredAt),
    to: formatDate(locale, latest.scoredAt),
    latest: fmtProbability(locale, latest.probability),
  });

  return (
    <>
      <div className={chart.chartBox} role="img" aria-label={summary}>
        <ResponsiveContainer>
          <LineChart data={data} margin={{ top: 12, right: 12, bottom: 0, left: 0 }}>
            <ReferenceArea y1={thresholds.high} y2={1} fill="#fdecea" fillOpacity={0.7} />
            <ReferenceArea y1={thresholds.medium} y2={thresholds.high} fill="#fef3e2" fillOpacity={0.7} />
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e3e7ee" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={domain}
              tickFormatter={(v: number) => shortDate(locale, v)}
              tick={{ fontSize: 12 }}
              minTickGap={28}
              padding={{ left: 16, right: 16 }}
            />
            <YAxis
              domain={[0, 1]}
              ticks={[0, 0.25, 0.5, 0.75, 1]}
              tickFormatter={pct}
              tick={{ fontSize: 12 }}
              width={46}
            />
            {/* The thresholds' values are in the legend below: labels on the lines collide with the line itself. */}
            <ReferenceLine y={thresholds.high} stroke={TIER_COLOR.high} strokeDasharray="4 3" />
            <ReferenceLine y={thresholds.medium} stroke={TIER_COLOR.medium} strokeDasharray="4 3" />
            <Tooltip content={(props) => <HistoryTooltip {...props} />} cursor={{ stroke: '#c5ccd8' }} />
            <Line
              dataKey="probability"
              type="linear"
              stroke="#0f6e6e"
              strokeWidth={2}
              isAnimationActive={false}
              dot={(p) => (
                <circle
                  key={p.index}
                  cx={p.cx}
                  cy={p.cy}
                  r={4}
                  fill={TIER_COLOR[(p.payload as Datum).tier]}
                  stroke="#fff"
                  strokeWidth={1.5}
                />
              )}
              activeDot={{ r: 6, stroke: '#fff', strokeWidth: 2 }}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ul className={chart.legend}>
        <li>
          <span className={chart.swatch} style={{ background: '#fdecea', border: '1px solid #f4b8b2' }} />
          {t('customer.history.band.high', { value: pct(thresholds.high) })}
        </li>
        <li>
          <span className={chart.swatch} style={{ background: '#fef3e2', border: '1px solid #f5cf9b' }} />
          {t('customer.history.band.medium', { from: pct(thresholds.medium), to: pct(thresholds.high) })}
        </li>
        <li>
          <span className={chart.swatch} style={{ background: '#fff', border: '1px solid #cfd5df' }} />
          {t('customer.history.band.low', { value: pct(thresholds.medium) })}
        </li>
      </ul>
    </>
  );
}

/** The tooltip of one point: when, how likely, which tier, and that score's reasons. */
function HistoryTooltip({ active, payload }: TooltipContentProps) {
  const { locale, t } = useI18n();
  const d = payload?.[0]?.payload as Datum | undefined;
  if (!active || !d) return null;
  return (
    <div className={chart.tooltip} data-testid="history-tooltip">
      <div className={styles.minor}>{formatDate(locale, d.scoredAt, true)}</div>
      <div>
        <strong>{fmtProbability(locale, d.probability)}</strong>{' '}
        <span className={`badge ${TIER_BADGE[d.tier]}`}>{t(`alerts.tier.${d.tier}`)}</span>
      </div>
      {d.reasons.length > 0 ? (
        <ul>
          {d.reasons.map((r) => (
            <li key={r.feature}>{r.text}</li>
          ))}
        </ul>
      ) : (
        <div className={styles.minor}>{t('alerts.noReasons')}</div>
      )}
    </div>
  );
}
