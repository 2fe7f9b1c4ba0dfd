'use client';
import { useI18n } from '@/components/i18n/I18nProvider';
import type { AlertItem } from '@/lib/alerts/schemas';
import { formatDate } from '@/lib/i18n';
import styles from './alerts.module.css';

/**
 * Who owns an alert's task and by when, as the inbox card and the customer 360 both show it. The caller decides
 * `overdue`, since only it knows whether the alert can still be open at this point.
 */
export function TaskOwner({
  item,
  meId,
  overdue,
  testIdPrefix,
}: {
  item: AlertItem;
  meId: string | null;
  overdue: boolean;
  testIdPrefix: 'alert' | 'task';
}) {
  const { locale, t } = useI18n();
  return (
    <>
      <span data-testid={`${testIdPrefix}-assignee`}>
        {item.assignee
          ? t('alerts.assignedTo', { name: item.assignee.id === meId ? t('alerts.you') : item.assignee.name })
          : t('alerts.unassigned')}
      </span>
      {item.dueAt && (
        <span className={overdue ? styles.overdue : undefined} data-testid={`${testIdPrefix}-due`}>
          {t(overdue ? 'alerts.overdue' : 'alerts.due', { date: formatDate(locale, item.dueAt) })}
        </span>
      )}
    </>
  );
}
