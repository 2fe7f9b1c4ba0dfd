import type { Prisma, PrismaClient } from './generated/prisma/client';

/** A client or an open transaction, so a repository function can join the caller's transaction. */
export type DbClient = PrismaClient | Prisma.TransactionClient;
