// The app as the benchmarks meet it: `next start` on a free loopback port (built first if the build is stale),
// and the workers as their own process, both with the benchmark's environment.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  if (spawnSync('node', ['scripts/setup/build-is-current.mjs']).status !== 0)
    spawnSync('node_modules/.bin/next', ['build'], { stdio: 'inherit' });
  const port = await freePort();
  const child = spawn('node_modules/.bin/next', ['start', '-p', String(port), '-H', '127.0.0.1'], {
    env: { ...process.env, API_RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, child };
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('next start did not come up');
}

export function startWorkers(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], {
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
