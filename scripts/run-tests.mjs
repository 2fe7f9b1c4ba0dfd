// `npm test`: unit, integration and browser tests, one vitest run per project (each has its own set-up), then
// one plain summary line `N passed, N failed` that CI reads. `npm test -- unit integration` runs a subset.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ALL = ['unit', 'integration', 'e2e'];
const chosen = process.argv.slice(2).filter((a) => ALL.includes(a));
const projects = chosen.length ? chosen : ALL;
const outDir = 'tests/.artifacts';
fs.mkdirSync(outDir, { recursive: true });

let passed = 0;
let failed = 0;
const started = Date.now();
for (const project of projects) {
  const report = path.join(outDir, `vitest-${project}.json`);
  fs.rmSync(report, { force: true });
  const t0 = Date.now();
  const run = spawnSync(
    'node_modules/.bin/vitest',
    ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    {
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
    },
  );
  if (fs.existsSync(report)) {
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    // Files that failed to load (or whose set-up failed) report no tests; count each as a failure.
    const brokenFiles = r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
    failed += r.numFailedTests + brokenFiles;
    if (run.status !== 0 && r.numFailedTests + brokenFiles === 0) failed += 1;
  } else {
    failed += 1;
    console.error(`✗ the ${project} run produced no report (exit ${run.status}); counted as one failure`);
  }
  console.log(`— ${project}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
console.log(`Tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
