import { recordAudit } from '../audit/service';
import { can, requirePermission, type Ctx } from '../auth/context';
import {
  decryptField,
  encryptField,
  getKeyRing,
  hashEmail,
  keyIdOf,
  maskEmail,
  maskName,
  maskPhone,
} from '../crypto/pii';
import { AppError } from '../errors';
import { getCustomerScore } from '../scoring/service';
import { logger } from '../logger';
import { parseInput } from '../validation';
import * as repo from './repo';
import { ZCustomerGet, ZCustomerListQuery, ZCustomerReveal } from './schemas';

type Sealed = { nameEnc: string | null; emailEnc: string | null; phoneEnc: string | null };

function openField(sealed: string | null): string | null {
  if (!sealed) return null;
  try {
    return decryptField(sealed);
  } catch (err) {
    logger.warn('cannot decrypt a personal field', { err });
    return null;
  }
}

/** Personal fields as the viewer may see them: masked unless revealed for this one request. */
export function presentPii(row: Sealed, reveal: boolean) {
  const name = openField(row.nameEnc);
  const email = openField(row.emailEnc);
  const phone = openField(row.phoneEnc);
  if (reveal) return { name, email, phone, masked: false };
  return {
    name: name && maskName(name),
    email: email && maskEmail(email),
    phone: phone && maskPhone(phone),
    masked: true,
  };
}

/** One page of customers, masked. A search term matches the customer id prefix or an exact email. */
export async function listCustomers(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'customers.read');
  const query = parseInput(ZCustomerListQuery, input);
  const emailHash = query.q?.includes('@') ? hashEmail(query.q) : undefined;
  const { rows, nextCursor } = await repo.findCustomers(ctx.workspaceId, query, emailHash);
  return {
    items: rows.map((r) => ({
      customerId: r.external_id,
      ...presentPii({ nameEnc: r.name_enc, emailEnc: r.email_enc, phoneEnc: r.phone_enc }, false),
      segment: r.segment,
      region: r.region,
      plan: r.plan,
      tags: r.tags,
      signupAt: r.signup_at,
      churnedAt: r.churned_at,
      churned: r.churned_at !== null || r.churned === true,
      risk: r.tier ? { tier: r.tier, probability: r.probability } : null,
    })),
    nextCursor,
  };
}

/**
 * One customer's profile and recent history. Personal fields are masked unless `reveal` is asked for by a
 * viewer holding customers.reveal_pii, and each reveal is audited.
 */
export async function getCustomerProfile(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'customers.read');
  const { customerId, reveal, locale } = parseInput(ZCustomerGet, input);
  if (reveal) requirePermission(ctx, 'customers.reveal_pii');
  const row = await repo.findCustomerByExternalId(ctx.workspaceId, customerId);
  if (!row) throw new AppError('not_found', `No customer "${customerId}" in this workspace.`);
  const [history, score] = await Promise.all([
    repo.findCustomerHistory(ctx.workspaceId, row.id, 20),
    getCustomerScore(ctx.workspaceId, row.id, locale),
  ]);
  if (reveal) await auditReveal(ctx, customerId, row);
  const t = history.totals;
  return {
    customerId: row.externalId,
    ...presentPii(row, reveal),
    signupAt: row.signupAt,
    churnedAt: row.churnedAt,
    churned: row.churnedAt !== null || row.churned === true,
    segment: row.segment,
    region: row.region,
    city: row.city,
    channel: row.channel,
    gender: row.gender,
    plan: row.plan,
    lifecycleStage: row.lifecycleStage,
    birthYear: row.birthYear,
    tags: row.tags,
    attributes: row.attributes,
    totals: {
      events: Number(t.events),
      transactions: Number(t.transactions),
      revenue: Number(t.revenue ?? 0),
      tickets: Number(t.tickets),
      openTickets: Number(t.open_tickets),
      lastEventAt: t.last_event_at,
      lastTransactionAt: t.last_transaction_at,
    },
    recent: { events: history.events, transactions: history.transactions, tickets: history.tickets },
    score,
  };
}

async function auditReveal(ctx: Ctx, customerId: string, row: Sealed) {
  await recordAudit(ctx, {
    action: 'customer.reveal_pii',
    entityType: 'customer',
    entityId: customerId,
    after: { fields: ['name', 'email', 'phone'].filter((f) => row[`${f}Enc` as keyof Sealed]) },
  });
}

export async function listCustomerFacets(ctx: Ctx) {
  requirePermission(ctx, 'customers.read');
  const rows = await repo.findSegmentsAndRegions(ctx.workspaceId);
  return {
    segments: rows.filter((r) => r.kind === 'segment').map((r) => r.value),
    regions: rows.filter((r) => r.kind === 'region').map((r) => r.value),
  };
}

/** Shows one customer's personal fields in clear; every reveal is audited. */
export async function revealCustomerPii(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'customers.reveal_pii');
  const { customerId } = parseInput(ZCustomerReveal, input);
  const row = await repo.findCustomerByExternalId(ctx.workspaceId, customerId);
  if (!row) throw new AppError('not_found', `No customer "${customerId}" in this workspace.`);
  await auditReveal(ctx, customerId, row);
  return { customerId, ...presentPii(row, true) };
}

export function canRevealPii(ctx: Ctx): boolean {
  return can(ctx, 'customers.reveal_pii');
}

/**
 * Re-encrypts every personal field still sealed with an older key under the active key, in batches.
 * Safe to re-run and to interrupt: each batch commits on its own and only rows on old keys are touched.
 */
export async function rotatePiiKeys(ctx: Ctx, onProgress?: (done: number) => Promise<void> | void) {
  requirePermission(ctx, 'customers.write');
  const ring = getKeyRing();
  const reseal = (v: string | null) =>
    v && keyIdOf(v) !== ring.activeId ? encryptField(decryptField(v, ring), ring) : v;
  let after = 0n;
  let done = 0;
  for (;;) {
    const batch = await repo.findCustomersWithOldKey(ctx.workspaceId, ring.activeId, after, 1000);
    if (!batch.length) break;
    const resealed = batch.map((r) => ({
      id: r.id,
      nameEnc: reseal(r.nameEnc),
      emailEnc: reseal(r.emailEnc),
      phoneEnc: reseal(r.phoneEnc),
    }));
    done += await repo.updateEncryptedFields(resealed, ctx.workspaceId, ring.activeId);
    after = batch[batch.length - 1]!.id;
    await onProgress?.(done);
  }
  if (done)
    await recordAudit(ctx, {
      action: 'customer.pii_rotate',
      entityType: 'workspace',
      entityId: ctx.workspaceId,
      after: { keyId: ring.activeId, customers: done },
    });
  return { reencrypted: done, keyId: ring.activeId, byKey: await repo.countCustomersByKey(ctx.workspaceId) };
}
