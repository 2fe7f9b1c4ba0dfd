import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../lib/auth/password';

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('demo-password');
    const b = await hashPassword('demo-password');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('demo-password', a)).toBe(true);
    expect(await verifyPassword('demo-passwore', a)).toBe(false);
    expect(await verifyPassword('demo-password', 'plain-text')).toBe(false);
  });

  it('is slow enough to resist guessing (≥ 20 ms per hash)', async () => {
    const start = performance.now();
    await hashPassword('x'.repeat(12));
    expect(performance.now() - start).toBeGreaterThan(20);
  });
});
