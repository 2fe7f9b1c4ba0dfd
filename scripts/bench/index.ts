// `npm run bench -- <name> [options]`: benchmarks that print figures (not timed tests).
import { loadDotenv } from '../load-dotenv';

loadDotenv();
const BENCHES: Record<string, () => Promise<{ run: (argv: string[]) => Promise<void> }>> = {
  ingest: () => import('./ingest'),
  customers: () => import('./customers'),
  features: () => import('./features'),
  score: () => import('./score'),
  realtime: () => import('./realtime'),
  dashboard: () => import('./dashboard'),
};
const [name, ...rest] = process.argv.slice(2);
const load = name ? BENCHES[name] : undefined;
if (!load) {
  console.error(`Usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [options]`);
  process.exit(2);
}
await (await load()).run(rest);
process.exit(0);
