'use client';
import { useParams } from 'next/navigation';
import { useI18n } from '@/components/i18n/I18nProvider';
import { SubmitAndLink } from '@/components/ui/SubmitAndLink';

/** An unknown customer id: says which id, and offers the list's search and the way back to the list. */
export function CustomerNotFound() {
  const { t } = useI18n();
  const params = useParams<{ id?: string }>();
  // The route's params arrive still percent-encoded here; a malformed escape is shown as it came.
  const id = safeDecode(params?.id ?? '');
  return (
    <div className="card empty" data-testid="customer-not-found">
      <h2>{t('customer.notFound.title')}</h2>
      <p style={{ margin: '0 auto 16px', maxWidth: 560 }}>{t('customer.notFound.body', { id: `“${id}”` })}</p>
      <form method="get" action="/customers" className="form-row" style={{ justifyContent: 'center' }}>
        <label style={{ textAlign: 'left' }}>
          {t('customers.search')}
          <input name="q" defaultValue={id} style={{ minWidth: 220, maxWidth: '100%' }} />
        </label>
        <SubmitAndLink submit={t('customer.notFound.search')} href="/customers" link={t('customer.notFound.back')} />
      </form>
    </div>
  );
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
