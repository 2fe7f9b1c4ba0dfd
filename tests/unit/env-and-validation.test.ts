import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getEnv, resetEnvCache } from '../../lib/env';
import { parseInput } from '../../lib/validation';
import { resolveCommand } from '../../lib/cli/commands';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

describe('environment', () => {
  it('fails at start naming each bad variable', () => {
    process.env = { DATABASE_URL: 'not a url', NEXTAUTH_SECRET: 'short' } as unknown as NodeJS.ProcessEnv;
    resetEnvCache();
    expect(() => getEnv()).toThrow(
      /DATABASE_URL: must be a postgresql:\/\/ URL[\s\S]*REDIS_URL[\s\S]*NEXTAUTH_SECRET: must be at least 32/,
    );
  });
});

describe('input validation', () => {
  it('names the field of every issue', () => {
    const schema = z.object({ email: z.string().email(), rows: z.array(z.object({ n: z.number() })) });
    expect(() => parseInput(schema, { email: 'x', rows: [{ n: 1 }, { n: 'two' }] })).toThrow(/email: .*; rows\.1\.n: /);
  });
});

describe('CLI argument parsing', () => {
  it('resolves commands and rejects unknown ones and options', () => {
    expect(resolveCommand(['workspace', 'create', 'acme', '--json'])).toMatchObject({
      positionals: ['acme'],
      json: true,
    });
    expect(() => resolveCommand(['workspace', 'delete', 'acme'])).toThrow(/Unknown command "workspace delete"/);
    expect(() => resolveCommand(['api-key', 'create', '--scope', 'x'])).toThrow(
      /Unknown option '--scope'[\s\S]*Usage: api-key create/,
    );
    expect(() => resolveCommand([])).toThrow(/No command given/);
  });
});
