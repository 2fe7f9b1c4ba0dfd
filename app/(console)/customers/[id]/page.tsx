import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { CustomerStats } from '@/components/customers/CustomerStats';
import { HistoryCard } from '@/components/customers/HistoryCard';
import { ProfileCard } from '@/components/customers/ProfileCard';
import { RiskCard } from '@/components/customers/RiskCard';
import { SectionSkeleton } from '@/components/customers/SectionSkeleton';
import styles from '@/components/customers/customer360.module.css';
import { TIER_BADGE } from '@/components/customers/format';
import { can } from '@/lib/auth/context';
import { requirePage } from '@/lib/auth/session';
import { getCustomerProfile } from '@/lib/customers/service';
import { isAppError } from '@/lib/errors';
import { formatDate } from '@/lib/i18n';
import { getTranslator } from '@/lib/i18n/server';
import { getTierThresholds } from '@/lib/scoring/service';
import { parseKinds } from '@/lib/timeline/schemas';
import { getScoreHistory } from '@/lib/timeline/service';
import { getWorkspaceById } from '@/lib/workspaces/service';
import { TasksSection, TimelineSection } from './sections';

export const dynamic = 'force-dynamic';

type Params = { id: string };
type Search = { kinds?: string | string[] };

/** An id this workspace does not hold (or cannot be an id at all) is a 404, shown by not-found.tsx. */
function missing(err: unknown): never {
  if (isAppError(err) && (err.code === 'not_found' || err.code === 'invalid_input')) notFound();
  throw err;
}

/**
 * The customer 360: who the customer is, how likely they are to leave and why, how that moved over time, the
 * open tasks about them and everything on record. The profile, current score and history render first (and
 * decide the 404 before anything streams); the tasks and timeline stream in behind their own skeletons.
 */
export default async function CustomerPage({
  params,
  searchParams,
}: {
  params: Promise<Params>;
  searchParams: Promise<Search>;
}) {
  const { ctx } = await requirePage('customers.read');
  const { locale, t } = await getTranslator();
  const customerId = (await params).id;
  const kinds = parseKinds((await searchParams).kinds);
  // The score history is a short indexed read and the page's main picture, so it comes with the profile rather
  // than streaming in later.
  const [profile, history, thresholds, workspace] = await Promise.all([
    getCustomerProfile(ctx, { customerId, locale }).catch(missing),
    getScoreHistory(ctx, customerId, locale).catch(missing),
    getTierThresholds(ctx.workspaceId),
    getWorkspaceById(ctx.workspaceId),
  ]);
  const common = { ctx, customerId: profile.customerId, locale, t };

  return (
    <>
      <div className={styles.head}>
        <div>
          <Link href="/customers" className={styles.back} data-testid="back-to-customers">
            ← {t('nav.customers')}
          </Link>
          <div className={styles.titleRow}>
            <h1 data-testid="customer-id">{profile.customerId}</h1>
            {profile.name && <span className={styles.titleName}>{profile.name}</span>}
          </div>
          <div className={styles.badges}>
            {profile.score && (
              <span className={`badge ${TIER_BADGE[profile.score.tier]}`}>
                {t(`alerts.tier.${profile.score.tier}`)}
              </span>
            )}
            {profile.churned ? (
              <span className="badge danger">
                {profile.churnedAt
                  ? t('customers.status.churned', { date: formatDate(locale, profile.churnedAt) })
                  : t('customers.filter.churned')}
              </span>
            ) : (
              <span className="badge ok">{t('customers.status.active')}</span>
            )}
            {profile.segment && <span className="badge">{profile.segment}</span>}
            {profile.plan && <span className="badge">{profile.plan}</span>}
            {profile.signupAt && (
              <span className={styles.since}>
                {t('customer.stats.since', { date: formatDate(locale, profile.signupAt) })}
              </span>
            )}
          </div>
        </div>
      </div>

      <CustomerStats totals={profile.totals} currency={workspace.currency} locale={locale} t={t} />

      {/* Two columns that stack on their own, so a long profile leaves no hole beside the risk card. On narrow
          screens they follow each other: risk, history, tasks, profile. */}
      <div className={styles.grid}>
        <div className={styles.column}>
          <RiskCard
            customerId={profile.customerId}
            score={profile.score}
            churnedAt={profile.churnedAt}
            canRescore={can(ctx, 'customers.write')}
            locale={locale}
            t={t}
          />
          <HistoryCard points={history} thresholds={thresholds} t={t} />
        </div>
        <div className={styles.column}>
          {can(ctx, 'alerts.read') && (
            <Suspense fallback={<SectionSkeleton title={t('customer.tasks.title')} height={120} />}>
              <TasksSection {...common} />
            </Suspense>
          )}
          <ProfileCard
            customerId={profile.customerId}
            masked={{ name: profile.name, email: profile.email, phone: profile.phone }}
            canReveal={can(ctx, 'customers.reveal_pii')}
            profile={{
              segment: profile.segment,
              region: profile.region,
              city: profile.city,
              channel: profile.channel,
              plan: profile.plan,
              lifecycleStage: profile.lifecycleStage,
              tags: profile.tags,
              attributes: (profile.attributes ?? {}) as Record<string, unknown>,
              churnedAt: profile.churnedAt?.toISOString() ?? null,
              churned: profile.churned,
            }}
          />
        </div>
      </div>

      <Suspense
        key={kinds.join(',')}
        fallback={<SectionSkeleton title={t('customer.timeline.title')} height={360} testId="timeline-loading" />}
      >
        <TimelineSection {...common} kinds={kinds} currency={workspace.currency} />
      </Suspense>
    </>
  );
}
