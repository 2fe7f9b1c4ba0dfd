// `npm run db:migrate -- <name>`: writes a new migration for the difference between the migrations folder and
// prisma/schema.prisma, then applies it. The migrations are replayed into a scratch database and diffed there,
// which is what `prisma migrate dev` does with its shadow database.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadDotenv } from '../load-dotenv';
import { applyMigrations, MIGRATIONS_DIR } from './migrations';
import { loadSchemaEngine } from './schema-engine';

loadDotenv();
const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]+/gi, '_').toLowerCase();
const url = process.env.DATABASE_URL;
if (!name || !url) {
  console.error('Usage: npm run db:migrate -- <migration_name>   (DATABASE_URL must be set)');
  process.exit(1);
}
const schema = fs.readFileSync(path.resolve(import.meta.dirname, '../../prisma/schema.prisma'), 'utf8');
const scratchName = `holdfast_scratch_${process.pid}`;
const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`CREATE DATABASE ${scratchName}`);
const scratch = new URL(url);
scratch.pathname = `/${scratchName}`;
try {
  await applyMigrations(scratch.toString());
  const engine = await loadSchemaEngine(scratch.toString(), schema);
  const result = await engine.diff({
    from: { tag: 'schemaDatasource', files: [{ path: 'schema.prisma', content: schema }], configDir: '.' },
    to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  const sql = (result.stdout ?? '').trim();
  if (!sql || sql === '-- This is an empty migration.') {
    console.log('No schema changes.');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'migration.sql'), `${sql}\n`);
    console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
    const applied = await applyMigrations(url);
    console.log(`Applied: ${applied.join(', ') || 'nothing'}`);
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${scratchName} WITH (FORCE)`);
  await admin.end();
}
process.exit(0);
