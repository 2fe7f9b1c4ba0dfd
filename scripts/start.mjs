// `npm start`: the web app (next start) and the workers as two processes; Ctrl-C stops both.
// `--dev` runs `next dev` instead. A missing or stale production build is rebuilt first.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';

if (fs.existsSync('.env')) process.loadEnvFile('.env');
const dev = process.argv.includes('--dev');
const port = process.env.PORT ?? '3000';
const bin = (name) => `node_modules/.bin/${name}`;

if (!dev && spawnSync('node', ['scripts/setup/build-is-current.mjs']).status !== 0) {
  console.log('Building the web app (next build)…');
  const build = spawnSync(bin('next'), ['build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const children = [
  spawn(bin('next'), [dev ? 'dev' : 'start', '-p', port], { stdio: 'inherit' }),
  // node itself (not the tsx wrapper) so signals reach the worker process directly.
  spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], { stdio: 'inherit' }),
];
console.log(`Holdfast: web app on http://localhost:${port}, workers running. Ctrl-C stops both.`);

let exiting = false;
function stopAll(code) {
  if (exiting) return;
  exiting = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 10_000).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(() =>
    process.exit(code),
  );
}
for (const c of children) c.once('exit', (code) => stopAll(code ?? 0));
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
