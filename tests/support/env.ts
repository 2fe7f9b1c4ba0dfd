// The test environment: the developer's .env with its own database (`<name>_test`), its own Redis database
// number and fixed encryption keys, so tests never touch demo data.
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const TEST_KEYS = {
  PII_KEYS: `t1:${Buffer.alloc(32, 1).toString('base64')},t2:${Buffer.alloc(32, 2).toString('base64')}`,
  PII_ACTIVE_KEY_ID: 't1',
  PII_INDEX_KEY: 'test-index-key-0123456789abcdef0123456789',
};

export function testEnv(): Record<string, string> {
  const file = path.join(ROOT, '.env');
  const base: Record<string, string> = {};
  if (fs.existsSync(file)) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
      if (m) base[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1');
    }
  }
  const dbUrl = new URL(
    process.env.DATABASE_URL ?? base.DATABASE_URL ?? 'postgresql://holdfast:holdfast@127.0.0.1:5432/holdfast',
  );
  dbUrl.pathname = `/${dbUrl.pathname.slice(1).replace(/_test$/, '')}_test`;
  const redisUrl = new URL(process.env.REDIS_URL ?? base.REDIS_URL ?? 'redis://127.0.0.1:6379');
  // Parallel test runs (several checkouts on one machine) pick their own Redis database with TEST_REDIS_DB.
  redisUrl.pathname = `/${process.env.TEST_REDIS_DB ?? 15}`;
  return {
    ...base,
    NODE_ENV: 'test',
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: redisUrl.toString(),
    NEXTAUTH_SECRET: 'test-secret-0123456789abcdef0123456789abcdef',
    LOG_LEVEL: 'error',
    DEMO_PASSWORD: 'demo-password',
    // The tests' webhook receivers listen on loopback; one test turns this off to see them refused.
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    ...TEST_KEYS,
  };
}
