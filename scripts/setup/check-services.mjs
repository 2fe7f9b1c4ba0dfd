// Exit 0 when the named service (postgres | redis) answers at the URL in the environment, else 1.
import pg from 'pg';
import { Redis } from 'ioredis';

const which = process.argv[2];
try {
  if (which === 'postgres') {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 3000 });
    await client.connect();
    await client.query('select 1');
    await client.end();
  } else if (which === 'redis') {
    const r = new Redis(process.env.REDIS_URL, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 2000,
    });
    await r.connect();
    await r.ping();
    r.disconnect();
  } else {
    throw new Error('usage: check-services.mjs postgres|redis');
  }
  process.exit(0);
} catch (err) {
  console.error(`${which}: ${err.message}`);
  process.exit(1);
}
