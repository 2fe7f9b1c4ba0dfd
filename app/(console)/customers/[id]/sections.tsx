import { requestTime } from '@/components/alerts/format';
import { CustomerTasks } from '@/components/customers/CustomerTasks';
import { CustomerTimeline } from '@/components/customers/CustomerTimeline';
import { listAssignees, listCustomerAlerts } from '@/lib/alerts/service';
import { can, type Ctx } from '@/lib/auth/context';
import { isAppError } from '@/lib/errors';
import type { Locale, Translate } from '@/lib/i18n';
import type { TimelineKind } from '@/lib/timeline/schemas';
import { getCustomerTimeline } from '@/lib/timeline/service';

// The customer 360's sections that may take longer (tasks, timeline), each fetched on its own behind a Suspense
// boundary of the page, so the profile, score and history show at once. A user-fixable failure shows as a notice.

export const TIMELINE_PAGE = 30;

type Common = { ctx: Ctx; customerId: string; locale: Locale; t: Translate };

const soft = <T,>(p: Promise<T>) => p.catch((err: unknown) => (isAppError(err) ? err : Promise.reject(err)));

function Failed({ message }: { message: string }) {
  return (
    <div className="notice error" role="alert">
      {message}
    </div>
  );
}

export async function TasksSection({ ctx, customerId }: Common) {
  const canAct = can(ctx, 'tasks.write');
  const [alerts, assignees] = await Promise.all([
    soft(listCustomerAlerts(ctx, customerId)),
    canAct ? soft(listAssignees(ctx)) : Promise.resolve([]),
  ]);
  if (isAppError(alerts)) return <Failed message={alerts.message} />;
  const open = alerts.filter((a) => a.status === 'open');
  return (
    <CustomerTasks
      customerId={customerId}
      items={open}
      closed={alerts.length - open.length}
      canAct={canAct}
      assignees={isAppError(assignees) ? [] : assignees}
      meId={ctx.actor.type === 'user' ? ctx.actor.id : null}
      now={requestTime()}
    />
  );
}

export async function TimelineSection({
  ctx,
  customerId,
  kinds,
  currency,
}: Common & { kinds: TimelineKind[]; currency: string }) {
  const page = await soft(getCustomerTimeline(ctx, { customerId, kinds, limit: TIMELINE_PAGE }));
  if (isAppError(page)) return <Failed message={page.message} />;
  return (
    <CustomerTimeline
      customerId={customerId}
      kinds={kinds}
      initial={page}
      pageSize={TIMELINE_PAGE}
      currency={currency}
    />
  );
}
