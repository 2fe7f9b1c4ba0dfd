import { afterAll, beforeAll } from 'vitest';
import { closeDb } from '../../lib/db';
import { closeQueues } from '../../lib/jobs/enqueue';
import { closeRedis } from '../../lib/redis';
import { truncateAll } from './db';

// Each integration file starts from empty tables.
beforeAll(truncateAll);
afterAll(async () => {
  await closeQueues();
  await Promise.all([closeDb(), closeRedis()]);
});
