'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { AssignForm, CloseForm, TaskButtons, type TaskForm } from '@/components/alerts/AlertTaskForms';
import { timeAgo } from '@/components/alerts/format';
import { TaskOwner } from '@/components/alerts/TaskOwner';
import { useI18n } from '@/components/i18n/I18nProvider';
import type { AlertItem, Assignee } from '@/lib/alerts/schemas';
import { formatDate } from '@/lib/i18n';
import { fmtProbability, TIER_BADGE } from './format';
import styles from './customer360.module.css';

/**
 * The customer's open alerts as tasks: which rule fired, at what probability, who owns it by when. Holders of
 * tasks.write assign and close them here with the alert inbox's forms; everyone else reads.
 */
export function CustomerTasks({
  customerId,
  items,
  closed,
  canAct,
  assignees,
  meId,
  now,
}: {
  customerId: string;
  items: AlertItem[];
  closed: number;
  canAct: boolean;
  assignees: Assignee[];
  meId: string | null;
  now: number;
}) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="tasks-title" data-testid="customer-tasks">
      <div className={styles.cardHead}>
        <div>
          <h2 id="tasks-title">{t('customer.tasks.title')}</h2>
          <p className={styles.help}>{t('customer.tasks.help')}</p>
        </div>
      </div>
      {items.length === 0 ? (
        <p className="muted" style={{ margin: 0 }} data-testid="tasks-empty">
          {t('customer.tasks.empty')}
        </p>
      ) : (
        <div className={styles.tasks}>
          {items.map((item) => (
            <Task key={item.id} item={item} canAct={canAct} assignees={assignees} meId={meId} now={now} />
          ))}
        </div>
      )}
      {closed > 0 && (
        <p className={styles.minor} style={{ margin: '10px 0 0' }}>
          {t('customer.tasks.closed', { count: closed })}{' '}
          <Link href={`/customers/${encodeURIComponent(customerId)}?kinds=alert#timeline`} scroll={false}>
            {t('customer.tasks.closedLink')}
          </Link>
        </p>
      )}
    </section>
  );
}

function Task({
  item,
  canAct,
  assignees,
  meId,
  now,
}: {
  item: AlertItem;
  canAct: boolean;
  assignees: Assignee[];
  meId: string | null;
  now: number;
}) {
  const { locale, t } = useI18n();
  const router = useRouter();
  const [open, setOpen] = useState<TaskForm>(null);
  const overdue = !!item.dueAt && new Date(item.dueAt).getTime() < now;
  // The alert actions refresh the alerts pages; this page refreshes itself to show the new owner or the closing.
  const done = () => {
    setOpen(null);
    router.refresh();
  };
  return (
    <article className={styles.task} data-testid="task" data-alert={item.id}>
      <div className={styles.taskHead}>
        <strong>{item.rule.name}</strong>
        <span className={`badge ${TIER_BADGE[item.tier]}`}>{t(`alerts.tier.${item.tier}`)}</span>
        <span className={styles.minor} title={formatDate(locale, item.createdAt, true)}>
          {t('customer.tasks.raised', {
            probability: fmtProbability(locale, item.probability),
            ago: timeAgo(locale, item.createdAt, now),
          })}
        </span>
      </div>
      <div className={styles.taskMeta}>
        <TaskOwner item={item} meId={meId} overdue={overdue} testIdPrefix="task" />
      </div>
      {canAct && (
        <div className={styles.taskActions}>
          <TaskButtons item={item} open={open} onOpen={setOpen} />
        </div>
      )}
      {canAct && open === 'assign' && <AssignForm item={item} assignees={assignees} now={now} onDone={done} />}
      {canAct && open === 'close' && <CloseForm item={item} onDone={done} />}
    </article>
  );
}
