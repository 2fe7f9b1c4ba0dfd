import { formatPercent, type MessageAlertView } from './present';

// An alert email in plain text and simple HTML. It is built only from what a webhook may carry too (rule, the
// customer's id in the source system, tier, probabilities, reasons, link): no customer name, email or phone.

export type AlertEmail = { subject: string; text: string; html: string };

const TIER_WORD = { high: 'high', medium: 'medium', low: 'low' } as const;

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function riskLine(a: MessageAlertView): string {
  const was =
    a.previousProbability === null
      ? 'first score'
      : `was ${a.previousTier ? `${TIER_WORD[a.previousTier]}, ` : ''}${formatPercent(a.previousProbability)}`;
  return `${TIER_WORD[a.tier]}, ${formatPercent(a.probability)} (${was})`;
}

/**
 * The instant email (the alerts of one evaluation) or the daily digest for one user. `total` may exceed the
 * alerts listed: the rest are counted and waiting in the inbox.
 */
export function renderAlertEmail(input: {
  kind: 'alert' | 'digest';
  workspaceName: string;
  alerts: MessageAlertView[];
  total: number;
  inboxUrl: string;
}): AlertEmail {
  const { alerts, total, workspaceName, inboxUrl } = input;
  const noun = total === 1 ? 'alert' : 'alerts';
  const subject =
    input.kind === 'digest'
      ? `[Holdfast] Daily digest: ${total} churn ${noun} in ${workspaceName}`
      : `[Holdfast] ${total} new churn ${noun} in ${workspaceName}`;
  const more = total - alerts.length;
  const intro =
    input.kind === 'digest'
      ? `${total} churn ${noun} opened in ${workspaceName} since your last digest.`
      : `${total} new churn ${noun} in ${workspaceName}.`;

  const textBlocks = alerts.map((a) =>
    [
      `${a.rule.name}: customer ${a.customer.externalId}`,
      `  Risk: ${riskLine(a)}`,
      ...(a.reasons.length ? [`  Why: ${a.reasons.map((r) => r.text).join('; ')}`] : []),
      `  ${a.url}`,
    ].join('\n'),
  );
  const text = [
    intro,
    '',
    ...textBlocks.flatMap((b) => [b, '']),
    ...(more > 0 ? [`…and ${more} more in your inbox.`, ''] : []),
    `Inbox: ${inboxUrl}`,
    'You get these emails by your alert settings in Holdfast.',
  ].join('\n');

  const htmlBlocks = alerts.map(
    (a) => `<li style="margin-bottom:12px">
  <strong>${escapeHtml(a.rule.name)}</strong>: customer <a href="${escapeHtml(a.url)}">${escapeHtml(a.customer.externalId)}</a><br>
  Risk: ${escapeHtml(riskLine(a))}${
    a.reasons.length ? `<br>Why:<ul>${a.reasons.map((r) => `<li>${escapeHtml(r.text)}</li>`).join('')}</ul>` : ''
  }
</li>`,
  );
  const html = `<!doctype html>
<html><body style="font-family:sans-serif;font-size:14px;color:#1f2933">
<p>${escapeHtml(intro)}</p>
<ul style="padding-left:18px">
${htmlBlocks.join('\n')}
</ul>
${more > 0 ? `<p>…and ${more} more in your inbox.</p>` : ''}
<p><a href="${escapeHtml(inboxUrl)}">Open the inbox</a></p>
<p style="color:#616e7c;font-size:12px">You get these emails by your alert settings in Holdfast.</p>
</body></html>`;
  return { subject, text, html };
}
