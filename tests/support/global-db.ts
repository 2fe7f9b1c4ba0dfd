// Creates the test database afresh and applies the migrations, once per run.
import pg from 'pg';
import { applyMigrations } from '../../scripts/db/migrations';
import { testEnv } from './env';

export default async function setup() {
  const env = testEnv();
  const url = new URL(env.DATABASE_URL!);
  const name = url.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  await applyMigrations(url.toString());
}
