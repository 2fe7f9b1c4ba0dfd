'use client';
import type { ReactNode } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { formatDate, formatNumber, type MessageKey } from '@/lib/i18n';
import type { TimelineItem } from '@/lib/timeline/schemas';
import { fmtDuration, fmtMoney, fmtProbability, TIER_BADGE } from './format';
import tl from './timeline.module.css';

// One row of the customer timeline: an icon in the kind's colour, what happened, and when (day and time; the
// month is the group heading above).

const ICONS: Record<TimelineItem['kind'], ReactNode> = {
  // A pulse line: behaviour.
  event: <path d="M2 8h3l2-5 3 10 2-5h2" />,
  // A card: money.
  transaction: (
    <>
      <rect x="2" y="3.5" width="12" height="9" rx="1.5" />
      <path d="M2 6.5h12M4.5 10h3" />
    </>
  ),
  // A speech bubble: support.
  ticket: <path d="M3 3h10a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H7l-3 2.5V11H3a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1z" />,
  // A bell: an alert.
  alert: (
    <>
      <path d="M4 11V7a4 4 0 0 1 8 0v4l1 1.5H3z" />
      <path d="M6.8 14a1.3 1.3 0 0 0 2.4 0" />
    </>
  ),
};

const EVENT_TYPES = ['login', 'page_view', 'session', 'feature_use', 'cancel', 'support_view', 'click'];
const TICKET_CATEGORIES = ['complaint', 'inquiry', 'billing', 'technical'];

export function KindIcon({ kind }: { kind: TimelineItem['kind'] }) {
  return (
    <span className={`${tl.icon} ${tl[`kind-${kind}`]}`} aria-hidden>
      <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6">
        {ICONS[kind]}
      </svg>
    </span>
  );
}

export function TimelineEntry({ item, currency }: { item: TimelineItem; currency: string }) {
  const { locale, t } = useI18n();
  const known = (list: string[], prefix: string, value: string | null) =>
    value && list.includes(value) ? t(`${prefix}.${value}` as MessageKey) : (value ?? t('common.none'));
  let title: ReactNode;
  let meta: ReactNode = null;

  if (item.kind === 'event') {
    const { type, value, eventId } = item.data;
    title = known(EVENT_TYPES, 'customer.event', type);
    const amount =
      value === null ? null : type === 'session' ? fmtDuration(locale, value) : t('customer.event.value', { value });
    meta = [amount, eventId].filter(Boolean).join(' · ') || null;
  } else if (item.kind === 'transaction') {
    const { amount, status, currency: cur, transactionId } = item.data;
    const label = status === 'failed' ? 'failed' : status === 'refunded' || amount < 0 ? 'refunded' : 'paid';
    title = (
      <>
        <span>{t(`customer.transaction.${label}`)}</span>
        <strong>{fmtMoney(locale, amount, cur ?? currency)}</strong>
      </>
    );
    meta = transactionId;
  } else if (item.kind === 'ticket') {
    const { category, resolvedAt, satisfaction, ticketId } = item.data;
    title = (
      <>
        <span>{t('customer.ticket.title', { category: known(TICKET_CATEGORIES, 'customer.ticket', category) })}</span>
        {resolvedAt ? (
          <span className="badge ok">{t('customer.ticket.resolved', { date: formatDate(locale, resolvedAt) })}</span>
        ) : (
          <span className="badge warn">{t('customer.ticket.open')}</span>
        )}
      </>
    );
    meta =
      [
        satisfaction !== null ? t('customer.ticket.satisfaction', { score: formatNumber(locale, satisfaction) }) : null,
        ticketId,
      ]
        .filter(Boolean)
        .join(' · ') || null;
  } else {
    const { rule, tier, probability, status, outcome } = item.data;
    title = (
      <>
        <span>{t('customer.alert.title', { rule })}</span>
        <span className={`badge ${TIER_BADGE[tier]}`}>{fmtProbability(locale, probability)}</span>
        <span className="badge">
          {status === 'open'
            ? t('customer.alert.open')
            : outcome
              ? t(`alerts.outcome.${outcome}` as MessageKey)
              : t('alerts.status.closed')}
        </span>
      </>
    );
  }

  return (
    <li className={tl.entry} data-testid="timeline-item" data-kind={item.kind}>
      <KindIcon kind={item.kind} />
      <div>
        <div className={tl.entryTitle}>{title}</div>
        {meta && <div className={`${tl.entryMeta} mono`}>{meta}</div>}
      </div>
      <time className={tl.time} dateTime={item.at}>
        {new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
          day: 'numeric',
          month: 'short',
          hour: '2-digit',
          minute: '2-digit',
          timeZone: 'UTC',
        }).format(new Date(item.at))}
      </time>
    </li>
  );
}
