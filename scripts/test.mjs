// `npm test`: type-check each process's tsconfig, build every bundle (Electron main/preload/renderer, the CLI) and run the whole vitest
// suite, then print the plain "N passed, N failed" line CI reads. Extra args go to vitest.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;

// Type errors and a broken bundle fail the suite before any test runs.
for (const step of ['typecheck', 'build']) {
  if (run('npm', ['run', '--silent', step]) !== 0) {
    console.log(`npm run ${step} failed`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
const report = '.vitest-report.json';
rmSync(report, { force: true });
const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
} else {
  console.log('0 passed, 1 failed');
}
process.exit(status);
