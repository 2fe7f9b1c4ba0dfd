'use client';
import { useI18n } from '@/components/i18n/I18nProvider';
import { formatDate, type MessageKey } from '@/lib/i18n';
import { useReveal, type Pii } from './use-reveal';
import styles from './customer360.module.css';

export type ProfileFields = {
  segment: string | null;
  region: string | null;
  city: string | null;
  channel: string | null;
  plan: string | null;
  lifecycleStage: string | null;
  tags: string[];
  attributes: Record<string, unknown>;
  churnedAt: string | null;
  churned: boolean;
};

const ATTRIBUTES_SHOWN = 8;

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Who the customer is: personal fields masked, with Reveal for those allowed (each reveal audited), then the
 * profile fields, tags and the custom attributes from the import.
 */
export function ProfileCard({
  customerId,
  masked,
  canReveal,
  profile,
}: {
  customerId: string;
  masked: Pii;
  canReveal: boolean;
  profile: ProfileFields;
}) {
  const { locale, t } = useI18n();
  const { shown, revealed, error, pending, toggle } = useReveal(customerId, masked);
  const rows: [MessageKey, string][] = [
    ['customers.segment', show(profile.segment)],
    ['customers.region', [profile.region, profile.city].filter(Boolean).join(' · ') || '—'],
    ['customer.field.channel', show(profile.channel)],
    ['customers.col.plan', show(profile.plan)],
    ['customer.field.lifecycle', show(profile.lifecycleStage)],
  ];
  const attributes = Object.entries(profile.attributes ?? {});
  // Imports may carry dozens of custom columns: the first few show, the rest open on request.
  const [firstAttributes, moreAttributes] = [attributes.slice(0, ATTRIBUTES_SHOWN), attributes.slice(ATTRIBUTES_SHOWN)];
  const hasPii = masked.name !== null || masked.email !== null || masked.phone !== null;
  return (
    <section className="card" aria-labelledby="profile-title" data-testid="customer-profile">
      <div className={styles.cardHead}>
        <h2 id="profile-title">{t('customer.profile.title')}</h2>
      </div>
      <div className={styles.pii} data-testid="customer-pii" data-revealed={revealed || undefined}>
        <div className={styles.piiHead}>
          <span className={styles.statLabel}>{t('customer.profile.personal')}</span>
          {canReveal && hasPii && (
            <button className="btn small" type="button" onClick={toggle} disabled={pending} data-testid="reveal-pii">
              {revealed ? t('customers.hide') : t('customers.reveal')}
            </button>
          )}
        </div>
        <dl className={styles.fields}>
          <dt>{t('customers.col.name')}</dt>
          <dd data-testid="pii-name">{shown.name ?? '—'}</dd>
          <dt>{t('customers.col.email')}</dt>
          <dd className={shown.email ? 'mono' : undefined} data-testid="pii-email">
            {shown.email ?? '—'}
          </dd>
          <dt>{t('customers.col.phone')}</dt>
          <dd className={shown.phone ? 'mono' : undefined} data-testid="pii-phone">
            {shown.phone ?? '—'}
          </dd>
        </dl>
        <p className={styles.piiNote}>
          {t(
            !hasPii
              ? 'customer.profile.noPii'
              : revealed
                ? 'customer.profile.revealed'
                : canReveal
                  ? 'customer.profile.masked'
                  : 'customer.profile.noReveal',
          )}
        </p>
        {error && (
          <div className="notice error" role="alert" style={{ marginBottom: 0 }}>
            {error}
          </div>
        )}
      </div>
      <dl className={styles.fields}>
        {rows.map(([label, value]) => (
          <Row key={label} label={t(label)} value={value} />
        ))}
        {profile.churned && (
          <Row
            label={t('customers.col.status')}
            value={
              profile.churnedAt
                ? t('customers.status.churned', { date: formatDate(locale, profile.churnedAt) })
                : t('customers.filter.churned')
            }
          />
        )}
        <dt>{t('customers.col.tags')}</dt>
        <dd className={styles.tags}>
          {profile.tags.length
            ? profile.tags.map((tag) => (
                <span key={tag} className="badge">
                  {tag}
                </span>
              ))
            : '—'}
        </dd>
      </dl>
      {attributes.length > 0 && (
        <>
          <div className={styles.label}>{t('customer.profile.attributes')}</div>
          <dl className={styles.fields} data-testid="customer-attributes">
            {firstAttributes.map(([k, v]) => (
              <Row key={k} label={k} value={show(v)} mono />
            ))}
          </dl>
          {moreAttributes.length > 0 && (
            <details className={styles.moreAttributes}>
              <summary>{t('customer.profile.moreAttributes', { count: moreAttributes.length })}</summary>
              <dl className={styles.fields}>
                {moreAttributes.map(([k, v]) => (
                  <Row key={k} label={k} value={show(v)} mono />
                ))}
              </dl>
            </details>
          )}
        </>
      )}
    </section>
  );
}

function Row({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <>
      <dt className={mono ? 'mono' : undefined}>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
