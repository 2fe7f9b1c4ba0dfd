import { defineConfig } from 'prisma/config';

// The URL is read without `env()`: that helper throws when the variable is unset, which would break
// `prisma generate` on a fresh clone before `.env` exists.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'tsx prisma/seed.ts' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://holdfast:holdfast@127.0.0.1:5432/holdfast' },
});
