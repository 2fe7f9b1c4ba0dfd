'use client';
import Link from 'next/link';
import { useState, useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { markReadAction } from '@/lib/alerts/actions';
import type { AlertItem, Assignee } from '@/lib/alerts/schemas';
import { formatDate, type MessageKey } from '@/lib/i18n';
import { AssignForm, CloseForm, TaskButtons, type TaskForm } from './AlertTaskForms';
import { fmtProbability, timeAgo } from './format';
import { TaskOwner } from './TaskOwner';
import styles from './alerts.module.css';

export const TIER_BADGE = { high: 'danger', medium: 'warn', low: 'ok' } as const;
const OUTCOME_BADGE: Record<string, string> = { retained: 'ok', churned: 'danger', false_alarm: '' };

/**
 * One alert as a task card: which rule fired for which customer, the probability now and before, the reasons as
 * sentences, and who owns it by when. tasks.write holders assign and close it inline; everyone marks it read.
 */
export function AlertCard({
  item,
  now,
  canAct,
  assignees,
  meId,
}: {
  item: AlertItem;
  now: number;
  canAct: boolean;
  assignees: Assignee[];
  meId: string | null;
}) {
  const { locale, t } = useI18n();
  const [open, setOpen] = useState<TaskForm>(null);
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const unread = !item.readAt;
  const overdue = item.status === 'open' && !!item.dueAt && new Date(item.dueAt).getTime() < now;

  function markRead() {
    start(async () => {
      const res = await markReadAction({ ids: [item.id] });
      setError(res.ok ? null : res.error.message);
    });
  }

  const tier = (x: AlertItem['tier']) => t(`alerts.tier.${x}`);
  return (
    <article
      className={`card ${styles.alert} ${unread ? styles.unread : ''}`}
      data-testid="alert"
      data-alert={item.id}
      data-status={item.status}
      data-unread={unread || undefined}
    >
      <div className={styles.alertHead}>
        {unread && <span className="badge brand">{t('alerts.new')}</span>}
        <strong>{item.rule.name}</strong>
        <span className={`badge ${TIER_BADGE[item.tier]}`}>{tier(item.tier)}</span>
        {item.status === 'closed' && <span className="badge">{t('alerts.status.closed')}</span>}
        <span className={styles.age} title={formatDate(locale, item.createdAt, true)}>
          {timeAgo(locale, item.createdAt, now)}
        </span>
      </div>

      <div className={styles.body}>
        <div>
          <div className={styles.label}>{t('alerts.customer')}</div>
          <div className={styles.customer}>
            {/* The customer 360 page is addressed by the id in the source system, like the API and alert emails. */}
            <Link
              href={`/customers/${encodeURIComponent(item.customer.externalId)}`}
              className={styles.customerId}
              data-testid="alert-customer"
            >
              {item.customer.externalId}
            </Link>
            {item.customer.name && <span>{item.customer.name}</span>}
          </div>
          {item.customer.segment && (
            <div className={styles.minor}>{t('alerts.segment', { segment: item.customer.segment })}</div>
          )}
        </div>
        <div>
          <div className={styles.label}>{t('alerts.probability')}</div>
          <div className={styles.probability} data-testid="alert-probability">
            {fmtProbability(locale, item.probability)}{' '}
            {item.previousProbability !== null && (
              <span className={styles.was}>
                {t('alerts.was', { value: fmtProbability(locale, item.previousProbability) })}
              </span>
            )}
          </div>
          {item.previousTier && item.previousTier !== item.tier && (
            <div className={styles.minor}>
              {t('alerts.tierChange', { from: tier(item.previousTier), to: tier(item.tier) })}
            </div>
          )}
        </div>
        <div>
          <div className={styles.label}>{t('alerts.why')}</div>
          {item.reasons.length ? (
            <ul className={styles.reasons} data-testid="alert-reasons">
              {item.reasons.map((r) => (
                <li key={r.feature}>{r.text}</li>
              ))}
            </ul>
          ) : (
            <span className="muted">{t('alerts.noReasons')}</span>
          )}
        </div>
      </div>

      {item.status === 'closed' ? (
        <div className={styles.closed} data-testid="alert-outcome">
          <span className={`badge ${OUTCOME_BADGE[item.outcome ?? ''] ?? 'warn'}`}>
            {item.outcome ? t(`alerts.outcome.${item.outcome}` as MessageKey) : t('alerts.status.closed')}
          </span>{' '}
          {t('alerts.closedOn', { date: formatDate(locale, item.closedAt, true) })}
          {item.assignee && ` · ${t('alerts.owner', { name: item.assignee.name })}`}
          {item.outcomeNote && <div style={{ marginTop: 4 }}>“{item.outcomeNote}”</div>}
        </div>
      ) : (
        <div className={styles.task}>
          <TaskOwner item={item} meId={meId} overdue={overdue} testIdPrefix="alert" />
          <div className={styles.actions}>
            {unread && (
              <button className="btn small" type="button" onClick={markRead} disabled={pending} data-testid="mark-read">
                {t('alerts.markRead')}
              </button>
            )}
            {canAct && <TaskButtons item={item} open={open} onOpen={setOpen} />}
          </div>
        </div>
      )}
      {item.status === 'closed' && unread && (
        <div className={styles.actions} style={{ marginTop: 8 }}>
          <button className="btn small" type="button" onClick={markRead} disabled={pending} data-testid="mark-read">
            {t('alerts.markRead')}
          </button>
        </div>
      )}
      {error && (
        <div className="notice error" role="alert">
          {error}
        </div>
      )}
      {canAct && item.status === 'open' && open === 'assign' && (
        <AssignForm item={item} assignees={assignees} now={now} onDone={() => setOpen(null)} />
      )}
      {canAct && item.status === 'open' && open === 'close' && <CloseForm item={item} onDone={() => setOpen(null)} />}
    </article>
  );
}
