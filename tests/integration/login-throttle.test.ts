import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILED_LOGINS, signInWithPassword } from '../../lib/auth/login';
import { redis } from '../../lib/redis';
import { createRoleWorkspace, PASSWORD, type RoleWorkspace } from '../support/fixtures';

let ws: RoleWorkspace;
beforeAll(async () => {
  ws = await createRoleWorkspace('throttle');
  await redis().flushdb();
});

describe('password sign-in', () => {
  it('refuses even the right password after 10 wrong ones for that email, and leaves other emails alone', async () => {
    const email = ws.emails.ops;
    for (let i = 0; i < MAX_FAILED_LOGINS; i++)
      expect(await signInWithPassword({ email, password: `wrong-${i}` })).toBeNull();
    await expect(signInWithPassword({ email: email.toUpperCase(), password: PASSWORD })).rejects.toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/try again in \d+ min/),
    });
    expect(await signInWithPassword({ email: ws.emails.manager, password: PASSWORD })).toMatchObject({
      email: ws.emails.manager,
    });
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const email = ws.emails.marketer;
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) await signInWithPassword({ email, password: 'nope-nope' });
    expect(await signInWithPassword({ email, password: PASSWORD })).not.toBeNull();
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) await signInWithPassword({ email, password: 'nope-nope' });
    expect(await signInWithPassword({ email, password: PASSWORD })).not.toBeNull();
  });
});
