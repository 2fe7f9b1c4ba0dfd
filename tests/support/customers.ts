import { encryptField, hashEmail, type KeyRing } from '../../lib/crypto/pii';
import { pool } from '../../lib/db';

type Row = { id: string; name?: string; email?: string; phone?: string; segment?: string };

/** Inserts customers with encrypted personal fields, as an import would store them. */
export async function insertCustomers(workspaceId: string, rows: Row[], ring?: KeyRing): Promise<void> {
  const seal = (v?: string) => (v ? encryptField(v, ring) : null);
  await pool().query(
    `INSERT INTO customers (workspace_id, external_id, name_enc, email_enc, phone_enc, email_hash, pii_key_id, segment)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
    [
      workspaceId,
      rows.map((r) => r.id),
      rows.map((r) => seal(r.name)),
      rows.map((r) => seal(r.email)),
      rows.map((r) => seal(r.phone)),
      rows.map((r) => (r.email ? hashEmail(r.email) : null)),
      rows.map((r) => (r.name || r.email || r.phone ? (ring?.activeId ?? process.env.PII_ACTIVE_KEY_ID!) : null)),
      rows.map((r) => r.segment ?? null),
    ],
  );
}
