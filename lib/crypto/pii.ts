import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { getEnv } from '../env';

/** A set of AES-256 keys by id; `activeId` encrypts, every listed key decrypts. */
export type KeyRing = { activeId: string; keys: Map<string, Buffer> };

const VERSION = 'v1';

export function parseKeyRing(spec: string, activeId: string): KeyRing {
  const keys = new Map<string, Buffer>();
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const idx = part.indexOf(':');
    if (idx <= 0) throw new Error(`PII_KEYS entry "${part.slice(0, 12)}…" must be keyId:base64Key`);
    const id = part.slice(0, idx);
    const key = Buffer.from(part.slice(idx + 1), 'base64');
    if (key.length !== 32) throw new Error(`PII key "${id}" must decode to 32 bytes, got ${key.length}`);
    if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`PII key id "${id}" may hold only letters, digits, _ and -`);
    keys.set(id, key);
  }
  if (!keys.has(activeId)) throw new Error(`PII_ACTIVE_KEY_ID "${activeId}" is not listed in PII_KEYS`);
  return { activeId, keys };
}

let envRing: KeyRing | undefined;
export function getKeyRing(): KeyRing {
  const env = getEnv();
  envRing ??= parseKeyRing(env.PII_KEYS, env.PII_ACTIVE_KEY_ID);
  return envRing;
}

/**
 * Encrypts one personal field with AES-256-GCM. The result carries the key id so rows survive key rotation:
 * `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
export function encryptField(plain: string, ring: KeyRing = getKeyRing()): string {
  const key = ring.keys.get(ring.activeId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, ring.activeId, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join(
    '.',
  );
}

export function decryptField(sealed: string, ring: KeyRing = getKeyRing()): string {
  const [version, keyId, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !keyId || iv === undefined || tag === undefined || body === undefined) {
    throw new Error('Malformed encrypted field');
  }
  const key = ring.keys.get(keyId);
  if (!key) throw new Error(`No PII key "${keyId}" is configured; add it back to PII_KEYS to read these rows`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

export function keyIdOf(sealed: string): string | undefined {
  return sealed.split('.')[1];
}

/** Keyed hash of a normalised email, for exact-match search without decrypting. */
export function hashEmail(email: string, indexKey: string = getEnv().PII_INDEX_KEY): string {
  return createHmac('sha256', indexKey).update(email.trim().toLowerCase()).digest('base64url');
}

/** Keyed digest of all personal fields of a record: equal digests mean nothing personal changed. */
export function digestPii(fields: (string | null | undefined)[], indexKey: string = getEnv().PII_INDEX_KEY): string {
  return createHmac('sha256', indexKey)
    .update(JSON.stringify(fields.map((f) => f ?? null)))
    .digest('base64url');
}

export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${Array.from(w)[0]}${'*'.repeat(Math.max(2, Array.from(w).length - 1))}`)
    .join(' ');
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = Array.from(email.slice(0, at));
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const tld = dot >= 0 ? domain.slice(dot) : '';
  return `${local[0]}***@${Array.from(domain)[0] ?? ''}***${tld}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length <= 4 ? '****' : `${'*'.repeat(Math.min(8, digits.length - 4))}${digits.slice(-4)}`;
}
