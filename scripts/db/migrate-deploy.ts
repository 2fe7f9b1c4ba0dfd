// `npm run db:deploy`: applies pending migrations to DATABASE_URL.
import { loadDotenv } from '../load-dotenv';
import { applyMigrations } from './migrations';

loadDotenv();
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set (run npm run setup, or export it).');
  process.exit(1);
}
try {
  const applied = await applyMigrations(url);
  console.log(
    applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Database schema is up to date.',
  );
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
