import { describe, expect, it } from 'vitest';
import { authenticateApiKey } from '../../lib/api-keys/service';
import { authenticateUser } from '../../lib/workspaces/service';
import { runChurn } from '../support/cli';

const churn = (...args: string[]) => runChurn(args, 60_000);

describe('churn CLI', () => {
  it('creates a workspace, a user who can sign in, and an API key printed once as JSON', async () => {
    expect(churn('workspace', 'create', 'cli-co', '--name', 'CLI Co').code).toBe(0);
    const user = churn(
      'user',
      'add',
      '--workspace',
      'cli-co',
      '--email',
      'boss@cli.test',
      '--role',
      'admin',
      '--password',
      'long-enough-pw',
      '--json',
    );
    expect(user.code).toBe(0);
    expect(JSON.parse(user.last)).toMatchObject({ email: 'boss@cli.test', role: 'admin' });
    expect(await authenticateUser({ email: 'boss@cli.test', password: 'long-enough-pw' })).not.toBeNull();

    const key = churn(
      'api-key',
      'create',
      '--workspace',
      'cli-co',
      '--name',
      'etl',
      '--scopes',
      'customers.read,customers.write',
      '--json',
    );
    expect(key.code).toBe(0);
    const { key: secret } = JSON.parse(key.last) as { key: string };
    const ctx = await authenticateApiKey(secret);
    expect(ctx?.workspaceSlug).toBe('cli-co');
    expect([...ctx!.permissions].sort()).toEqual(['customers.read', 'customers.write']);
  }, 90_000);

  it('explains bad arguments and exits non-zero', () => {
    const cases: [string[], RegExp][] = [
      [['workspace', 'create'], /Expected 1 argument/],
      [['workspace', 'create', 'Bad Slug!'], /slug: may hold lowercase/],
      [['user', 'add', '--workspace', 'cli-co', '--email', 'x@y.test'], /--role is required/],
      [
        ['user', 'add', '--workspace', 'cli-co', '--email', 'x@y.test', '--role', 'owner'],
        /role: must be one of admin, ops, marketer, manager/,
      ],
      [['user', 'add', '--workspace', 'nope', '--email', 'x@y.test', '--role', 'ops'], /No workspace with slug "nope"/],
      [['api-key', 'create', '--workspace', 'cli-co', '--name', 'k', '--scopes', 'root'], /scopes\.0: must be one of/],
      [['api-key', 'create', '--bogus'], /Unknown option '--bogus'/],
      [['frobnicate'], /Unknown command "frobnicate"/],
    ];
    for (const [args, message] of cases) {
      const res = churn(...args);
      expect({ args, code: res.code === 0 ? 0 : 'non-zero' }).toEqual({ args, code: 'non-zero' });
      expect(res.stderr).toMatch(message);
    }
  }, 120_000);
});
