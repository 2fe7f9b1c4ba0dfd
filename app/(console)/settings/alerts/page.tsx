import { DeliveryLog } from '@/components/alerts/DeliveryLog';
import { RulesPanel } from '@/components/alerts/RulesPanel';
import { WebhooksPanel } from '@/components/alerts/WebhooksPanel';
import { listDeliveries, listRules, listWebhooks } from '@/lib/alerts/service';
import { requirePage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { getWorkspaceById } from '@/lib/workspaces/service';

export const dynamic = 'force-dynamic';

/** Admins' alert settings: the rules that open alerts, the webhook endpoints they go to, and the delivery log. */
export default async function AlertSettingsPage() {
  const { ctx } = await requirePage('channels.write');
  const { t } = await getTranslator();
  const [rules, webhooks, deliveries, ws] = await Promise.all([
    listRules(ctx),
    listWebhooks(ctx),
    listDeliveries(ctx, { limit: 50 }),
    getWorkspaceById(ctx.workspaceId),
  ]);
  return (
    <>
      <div className="page-head">
        <h1>{t('alertSettings.title')}</h1>
        <p>{t('alertSettings.subtitle')}</p>
      </div>
      <RulesPanel rules={rules} currency={ws.currency} />
      <WebhooksPanel webhooks={webhooks} />
      <DeliveryLog deliveries={deliveries} />
    </>
  );
}
