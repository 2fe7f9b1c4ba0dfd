import type pg from 'pg';
import { digestPii, encryptField, getKeyRing, hashEmail } from '../crypto/pii';
import {
  upsertCustomers,
  upsertEvents,
  upsertTickets,
  upsertTransactions,
  type BatchOutcome,
  type SealedCustomer,
  type Staged,
} from './repo';
import type {
  EntityKind,
  NormalizedCustomer,
  NormalizedEvent,
  NormalizedRecord,
  NormalizedTicket,
  NormalizedTransaction,
} from './types';

export type StoreOptions = { createMissingCustomers?: boolean };

/** Seals a customer's personal fields before they leave the service layer. */
export function sealCustomer(c: NormalizedCustomer): SealedCustomer {
  const ring = getKeyRing();
  const any = c.name !== undefined || c.email !== undefined || c.phone !== undefined;
  return {
    ...c,
    nameEnc: c.name === undefined ? null : encryptField(c.name, ring),
    emailEnc: c.email === undefined ? null : encryptField(c.email, ring),
    phoneEnc: c.phone === undefined ? null : encryptField(c.phone, ring),
    piiKeyId: any ? ring.activeId : null,
    emailHash: c.email === undefined ? null : hashEmail(c.email),
    piiDigest: any ? digestPii([c.name, c.email, c.phone]) : null,
  };
}

/** Writes one batch of validated records of one kind inside the caller's transaction. */
export function storeBatch<K extends EntityKind>(
  client: pg.PoolClient,
  workspaceId: string,
  kind: K,
  rows: Staged<NormalizedRecord<K>>[],
  opts: StoreOptions,
): Promise<BatchOutcome> {
  const createMissing = opts.createMissingCustomers ?? false;
  switch (kind) {
    case 'customers':
      return upsertCustomers(
        client,
        workspaceId,
        (rows as Staged<NormalizedCustomer>[]).map((r) => ({ ...r, record: sealCustomer(r.record) })),
      );
    case 'events':
      return upsertEvents(client, workspaceId, rows as Staged<NormalizedEvent>[], createMissing);
    case 'transactions':
      return upsertTransactions(client, workspaceId, rows as Staged<NormalizedTransaction>[], createMissing);
    default:
      return upsertTickets(client, workspaceId, rows as Staged<NormalizedTicket>[], createMissing);
  }
}
