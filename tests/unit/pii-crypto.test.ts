import { describe, expect, it } from 'vitest';
import {
  decryptField,
  encryptField,
  hashEmail,
  keyIdOf,
  maskEmail,
  maskName,
  maskPhone,
  parseKeyRing,
} from '../../lib/crypto/pii';

const k1 = Buffer.alloc(32, 7).toString('base64');
const k2 = Buffer.alloc(32, 9).toString('base64');
const ring1 = parseKeyRing(`k1:${k1}`, 'k1');
const ring12 = parseKeyRing(`k1:${k1},k2:${k2}`, 'k2');

describe('AES-256-GCM personal fields', () => {
  it('round-trips unicode, carries the key id and never repeats a ciphertext', () => {
    const plain = 'Zoë 王小明 <script>alert(1)</script> 🙂';
    const a = encryptField(plain, ring1);
    const b = encryptField(plain, ring1);
    expect(a).not.toBe(b);
    expect(keyIdOf(a)).toBe('k1');
    expect(decryptField(a, ring1)).toBe(plain);
  });

  it('reads old-key rows after rotation and writes new rows with the new key', () => {
    const old = encryptField('old@example.com', ring1);
    expect(decryptField(old, ring12)).toBe('old@example.com');
    expect(keyIdOf(encryptField('new@example.com', ring12))).toBe('k2');
  });

  it('refuses tampered ciphertext and unknown keys', () => {
    const sealed = encryptField('secret', ring1);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString('base64url');
    expect(() => decryptField(parts.join('.'), ring1)).toThrow();
    expect(() => decryptField(encryptField('x', ring12), ring1)).toThrow(/No PII key "k2"/);
    expect(() => decryptField('garbage', ring1)).toThrow(/Malformed/);
  });

  it('validates the key ring', () => {
    expect(() => parseKeyRing('k1:short', 'k1')).toThrow(/32 bytes/);
    expect(() => parseKeyRing(`k1:${k1}`, 'k9')).toThrow(/not listed/);
    expect(() => parseKeyRing(`nokey`, 'k1')).toThrow(/keyId:base64Key/);
  });

  it('hashes emails case- and space-insensitively for exact search', () => {
    expect(hashEmail(' Ann@Example.COM ', 'key')).toBe(hashEmail('ann@example.com', 'key'));
    expect(hashEmail('ann@example.com', 'key')).not.toBe(hashEmail('ann@example.com', 'other'));
  });

  it('masks names, emails and phones so little is left to read', () => {
    expect(maskName('Ada Lovelace')).toBe('A** L*******');
    expect(maskName('王小明')).toBe('王**');
    expect(maskEmail('ada.lovelace@example.co.uk')).toBe('a***@e***.uk');
    expect(maskEmail('broken')).toBe('***');
    expect(maskPhone('+44 20 7946 0958')).toBe('********0958');
    expect(maskPhone('12')).toBe('****');
  });
});
