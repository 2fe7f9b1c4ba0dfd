// `npm test`: unit, integration and browser tests, one vitest run per project (each has its own set-up), the
// Python trainer's own tests (models/tests), then one plain summary line `N passed, N failed` that CI reads.
// `npm test -- unit python` runs a subset.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ALL = ['unit', 'python', 'integration', 'e2e'];
const chosen = process.argv.slice(2).filter((a) => ALL.includes(a));
const projects = chosen.length ? chosen : ALL;
const outDir = 'tests/.artifacts';
fs.mkdirSync(outDir, { recursive: true });

let passed = 0;
let failed = 0;
const started = Date.now();
/** The trainer's unittest suite; unittest prints "Ran N tests" and, on failure, "FAILED (failures=a, errors=b)". */
function runPython() {
  const python = process.env.TRAINER_PYTHON || '/usr/bin/python3';
  const run = spawnSync(python, ['-m', 'unittest', 'discover', '-s', 'models/tests', '-v'], {
    encoding: 'utf8',
  });
  process.stdout.write(run.stdout ?? '');
  process.stderr.write(run.stderr ?? '');
  const ran = Number(/Ran (\d+) tests?/.exec(run.stderr ?? '')?.[1] ?? 0);
  const bad = /FAILED \(([^)]*)\)/.exec(run.stderr ?? '')?.[1] ?? '';
  const broken = [...bad.matchAll(/(?:failures|errors)=(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
  const skipped = Number(/skipped=(\d+)/.exec(bad)?.[1] ?? 0);
  if (run.status !== 0 && broken === 0) return { passed: 0, failed: 1 };
  return { passed: ran - broken - skipped, failed: broken };
}

for (const project of projects) {
  if (project === 'python') {
    const t0 = Date.now();
    const r = runPython();
    passed += r.passed;
    failed += r.failed;
    console.log(`— python: ${r.passed} passed, ${r.failed} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    continue;
  }
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
