import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderAlertEmail } from '../../lib/alerts/email-render';
import type { MessageAlertView } from '../../lib/alerts/present';
import { roundNice } from '../../lib/alerts/rules';
import { ZAssign, ZRuleSave, ZWebhookCreate } from '../../lib/alerts/schemas';
import { isPrivateAddress } from '../../lib/alerts/channels/outbound';
import { isRetryable, signWebhook } from '../../lib/alerts/webhooks';
import { parseInput } from '../../lib/validation';

const alert = (over: Partial<MessageAlertView> = {}): MessageAlertView => ({
  id: 'a1',
  rule: { id: 'r1', kind: 'entered_high', name: 'Entered <high> & stayed' },
  customer: { externalId: 'C-1' },
  status: 'open',
  tier: 'high',
  previousTier: null,
  probability: 0.8123,
  previousProbability: null,
  reasons: [{ feature: 'f', text: 'no purchase in the last 45 days', impact: 1 }],
  createdAt: '2025-01-01T00:00:00.000Z',
  url: 'https://console.test/customers/C-1',
  ...over,
});

describe('alert rule defaults', () => {
  it('rounds the high-value threshold to a figure people pick', () => {
    expect([1234, 3367, 3900, 87.3, 160, 0.4, 0, Number.NaN].map(roundNice)).toEqual([
      1000, 2500, 5000, 100, 200, 0.5, 1000, 1000,
    ]);
  });

  it('validates rule parameters by kind and names the field', () => {
    expect(parseInput(ZRuleSave, { kind: 'probability_rise', name: 'Rise', params: {} }).params).toEqual({
      minRise: 0.2,
    });
    expect(() => parseInput(ZRuleSave, { kind: 'probability_rise', name: 'Rise', params: { minRise: 2 } })).toThrow(
      /params.minRise: must be at most 1/,
    );
    expect(() => parseInput(ZRuleSave, { kind: 'high_value_at_risk', name: '', params: { minValue: 5 } })).toThrow(
      /name: is required/,
    );
  });
});

describe('task input', () => {
  it('takes a due day (due by its end) or a time, never one in the past', () => {
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect(parseInput(ZAssign, { alertId: 'a', assigneeId: 'u', dueAt: day }).dueAt).toEqual(
      new Date(`${day}T23:59:59.999Z`),
    );
    const today = new Date().toISOString().slice(0, 10);
    expect(parseInput(ZAssign, { alertId: 'a', assigneeId: 'u', dueAt: today }).dueAt).toBeInstanceOf(Date);
    expect(() => parseInput(ZAssign, { alertId: 'a', assigneeId: 'u', dueAt: 'next week' })).toThrow(
      /dueAt: must be a date/,
    );
    expect(() => parseInput(ZAssign, { alertId: 'a', assigneeId: 'u', dueAt: '2001-02-03T10:00:00Z' })).toThrow(
      /dueAt: must not be in the past/,
    );
  });
});

describe('webhooks', () => {
  it('signs `${timestamp}.${body}` with HMAC-SHA256 and prefixes the scheme', () => {
    const body = '{"type":"test"}';
    const expected = createHmac('sha256', 'whsec_x').update(`1700000000.${body}`).digest('hex');
    expect(signWebhook('whsec_x', 1700000000, body)).toBe(`sha256=${expected}`);
    expect(signWebhook('whsec_y', 1700000000, body)).not.toBe(`sha256=${expected}`);
  });

  it('retries server errors, timeouts, throttling and network failures, not other client errors', () => {
    expect([null, 408, 429, 500, 502, 503].map(isRetryable)).toEqual([true, true, true, true, true, true]);
    expect([400, 401, 404, 410, 301].map(isRetryable)).toEqual([false, false, false, false, false]);
  });

  it('accepts http(s) URLs without credentials, with clear messages', () => {
    expect(parseInput(ZWebhookCreate, { name: 'crm', url: ' https://crm.test/hook ' }).url).toBe(
      'https://crm.test/hook',
    );
    expect(() => parseInput(ZWebhookCreate, { name: 'crm', url: 'javascript:alert(1)' })).toThrow(
      /url: must start with http:\/\/ or https:\/\//,
    );
    expect(() => parseInput(ZWebhookCreate, { name: 'crm', url: 'http://a:b@crm.test' })).toThrow(
      /url: must not contain a user name or password/,
    );
  });
});

describe('alert email', () => {
  it('lists the alerts in text and escaped HTML, counts the rest, and links the inbox', () => {
    const mail = renderAlertEmail({
      kind: 'alert',
      workspaceName: 'Acme',
      alerts: [alert(), alert({ id: 'a2', previousTier: 'medium', previousProbability: 0.55, reasons: [] })],
      total: 5,
      inboxUrl: 'https://console.test/alerts',
    });
    expect(mail.subject).toBe('[Holdfast] 5 new churn alerts in Acme');
    expect(mail.text).toContain('Entered <high> & stayed: customer C-1');
    expect(mail.text).toContain('Risk: high, 81.2% (first score)');
    expect(mail.text).toContain('Risk: high, 81.2% (was medium, 55%)');
    expect(mail.text).toContain('Why: no purchase in the last 45 days');
    expect(mail.text).toContain('…and 3 more in your inbox.');
    expect(mail.html).toContain('<strong>Entered &lt;high&gt; &amp; stayed</strong>');
    expect(mail.html).not.toContain('<high>');
    expect(mail.html).toContain('href="https://console.test/customers/C-1"');
    expect(mail.html).toContain('href="https://console.test/alerts"');
  });

  it('names a digest as such', () => {
    const mail = renderAlertEmail({
      kind: 'digest',
      workspaceName: 'Acme',
      alerts: [alert()],
      total: 1,
      inboxUrl: 'https://console.test/alerts',
    });
    expect(mail.subject).toBe('[Holdfast] Daily digest: 1 churn alert in Acme');
    expect(mail.text).not.toContain('more in your inbox');
  });
});

describe('webhook destinations', () => {
  it('counts loopback, private, link-local, shared and mapped addresses as private, and public ones not', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not an address',
    ])
      expect(isPrivateAddress(ip), ip).toBe(true);
    for (const ip of ['8.8.8.8', '172.32.0.1', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(isPrivateAddress(ip), ip).toBe(false);
  });
});
