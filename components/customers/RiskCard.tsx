import type { getCustomerProfile } from '@/lib/customers/service';
import { formatDate, type Locale, type Translate } from '@/lib/i18n';
import { fmtProbability, TIER_BADGE } from './format';
import { RescoreButton } from './RescoreButton';
import styles from './customer360.module.css';

export type CustomerScore = NonNullable<Awaited<ReturnType<typeof getCustomerProfile>>['score']>;

/**
 * The current churn score: probability, tier, the reasons behind it as sentences (bars show how strongly each
 * pushes), and — when there is an earlier score — what it was and which drivers moved it.
 */
export function RiskCard({
  customerId,
  score,
  churnedAt,
  canRescore,
  locale,
  t,
}: {
  customerId: string;
  score: CustomerScore | null;
  churnedAt: Date | null;
  canRescore: boolean;
  locale: Locale;
  t: Translate;
}) {
  const tier = (x: CustomerScore['tier'] | null) => (x ? t(`alerts.tier.${x}`) : t('common.none'));
  const strongest = Math.max(...(score?.reasons ?? []).map((r) => Math.abs(r.impact)), 1e-9);
  return (
    <section className="card" aria-labelledby="risk-title" data-testid="customer-risk">
      <div className={styles.cardHead}>
        <h2 id="risk-title">{t('customer.risk.title')}</h2>
        {canRescore && !churnedAt && <RescoreButton customerId={customerId} />}
      </div>
      {!score && churnedAt ? (
        <div data-testid="risk-churned">
          <p style={{ margin: '4px 0 0', fontWeight: 600 }}>
            {t('customer.risk.churned.title', { date: formatDate(locale, churnedAt) })}
          </p>
          <p className={styles.minor} style={{ margin: '4px 0 0', maxWidth: 560 }}>
            {t('customer.risk.churned.body')}
          </p>
        </div>
      ) : !score ? (
        <div data-testid="risk-empty">
          <p style={{ margin: '4px 0 0', fontWeight: 600 }}>{t('customer.risk.empty.title')}</p>
          <p className={styles.minor} style={{ margin: '4px 0 0', maxWidth: 560 }}>
            {t('customer.risk.empty.body')}
          </p>
        </div>
      ) : (
        <>
          <div className={styles.riskNow}>
            <span className={styles.probability} data-testid="customer-probability">
              {fmtProbability(locale, score.probability)}
            </span>
            <span className={`badge ${TIER_BADGE[score.tier]}`} data-testid="customer-tier">
              {tier(score.tier)}
            </span>
            <span className={styles.minor}>
              {t('customer.risk.scoredAt', { date: formatDate(locale, score.scored_at, true) })}
            </span>
          </div>
          {score.previous && (
            <div className={styles.minor} data-testid="customer-previous">
              {t('customer.risk.was', {
                value: fmtProbability(locale, score.previous.probability),
                tier: tier(score.previous.tier),
              })}
              {score.previous.tier && score.previous.tier !== score.tier && (
                <> · {t('alerts.tierChange', { from: tier(score.previous.tier), to: tier(score.tier) })}</>
              )}
            </div>
          )}

          <div className={styles.label}>{t('customer.risk.why')}</div>
          <div data-testid="customer-reasons">
            {score.reasons.length ? (
              <ul className={styles.reasons}>
                {score.reasons.map((r) => (
                  <li key={r.feature} className={styles.reason}>
                    <span>{r.text}</span>
                    <span
                      className={styles.bar}
                      title={t(r.impact >= 0 ? 'customer.risk.raises' : 'customer.risk.lowers')}
                      aria-label={t(r.impact >= 0 ? 'customer.risk.raises' : 'customer.risk.lowers')}
                    >
                      <span
                        className={r.impact >= 0 ? styles.barUp : styles.barDown}
                        style={{ width: `${Math.max(6, (100 * Math.abs(r.impact)) / strongest)}%`, display: 'block' }}
                      />
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <span className="muted">{t('alerts.noReasons')}</span>
            )}
          </div>

          {score.previous && (
            <>
              <div className={styles.label}>{t('customer.risk.changed')}</div>
              {score.previous.changes.length ? (
                <ul className={styles.changes} data-testid="customer-changes">
                  {score.previous.changes.map((c) => (
                    <li key={c.feature} className={styles.change}>
                      <span
                        className={c.direction === 'up' ? styles.arrowUp : styles.arrowDown}
                        aria-label={t(c.direction === 'up' ? 'customer.risk.changedUp' : 'customer.risk.changedDown')}
                      >
                        {c.direction === 'up' ? '↑' : '↓'}
                      </span>
                      <span>{c.text}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="muted">{t('customer.risk.noChange')}</span>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
