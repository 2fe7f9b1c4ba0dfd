import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { getEnv } from './env';
import { PrismaClient } from './generated/prisma/client';
export type { DbClient } from './db-types';

// One client per process; Next.js dev reloads modules, so the instances live on globalThis.
const store = globalThis as unknown as { __hfPrisma?: PrismaClient; __hfPool?: pg.Pool };

/** The one Prisma client. Only repositories, the seed and tests may import this module. */
export function db(): PrismaClient {
  store.__hfPrisma ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: getEnv().DATABASE_URL, max: 10 }),
  });
  return store.__hfPrisma;
}

/** A plain pg pool for what Prisma cannot do: COPY streams and large set-based statements. */
export function pool(): pg.Pool {
  store.__hfPool ??= new pg.Pool({ connectionString: getEnv().DATABASE_URL, max: 5 });
  return store.__hfPool;
}

export async function closeDb(): Promise<void> {
  await Promise.all([store.__hfPrisma?.$disconnect(), store.__hfPool?.end()]);
  store.__hfPrisma = undefined;
  store.__hfPool = undefined;
}
