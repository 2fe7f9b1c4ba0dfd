import { describe, expect, it, afterEach } from 'vitest';
import { GET } from '../../app/api/health/route';
import { closeDb } from '../../lib/db';
import { resetEnvCache } from '../../lib/env';
import { closeRedis } from '../../lib/redis';

const original = { DATABASE_URL: process.env.DATABASE_URL!, REDIS_URL: process.env.REDIS_URL! };

async function pointAt(vars: Partial<typeof original>) {
  await Promise.all([closeDb(), closeRedis()]);
  Object.assign(process.env, original, vars);
  resetEnvCache();
}

afterEach(() => pointAt({}));

describe('/api/health', () => {
  it('answers 200 with both dependencies up', async () => {
    const res = await GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('answers 503 naming Redis when Redis is down', async () => {
    await pointAt({ REDIS_URL: 'redis://127.0.0.1:1' });
    const res = await GET();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: 'degraded',
      checks: { database: { status: 'up' }, redis: { status: 'down' } },
    });
  });

  it('answers 503 naming the database when Postgres is down', async () => {
    await pointAt({ DATABASE_URL: 'postgresql://nobody:nothing@127.0.0.1:1/none' });
    const res = await GET();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ checks: { database: { status: 'down' }, redis: { status: 'up' } } });
  });
});
