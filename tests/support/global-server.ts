// Starts the production build (`next start`) against the test database for the browser and HTTP tests, after
// seeding two workspaces with one user per role. Builds first when the build is missing or stale.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT, testEnv } from './env';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

let server: ChildProcess | undefined;
let workers: ChildProcess | undefined;

export default async function setup(project: TestProject) {
  const env = testEnv();
  Object.assign(process.env, env);
  const { seedE2eData } = await import('./e2e-data');
  await seedE2eData();

  if (spawnSync('node', ['scripts/setup/build-is-current.mjs'], { cwd: ROOT }).status !== 0) {
    const build = spawnSync(path.join(ROOT, 'node_modules/.bin/next'), ['build'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    if (build.status !== 0) throw new Error('next build failed');
  }

  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  server = spawn(path.join(ROOT, 'node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_ENV: 'production', NEXTAUTH_URL: baseURL, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // Uploads are processed by the workers, as in production.
  workers = spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${baseURL}/api/health`)).status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline || server.exitCode !== null)
      throw new Error(`next start did not become healthy on ${baseURL}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  project.provide('baseURL', baseURL);

  return async () => {
    server?.kill('SIGTERM');
    workers?.kill('SIGTERM');
    const { closeDb } = await import('../../lib/db');
    await closeDb();
  };
}
