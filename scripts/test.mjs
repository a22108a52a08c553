// Runs every test (or the vitest arguments given) and ends with the line CI reads:
// "N passed, M failed", computed from Vitest's JSON report rather than its console summary.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const report = 'test-results/vitest.json';
mkdirSync('test-results', { recursive: true });
rmSync(report, { force: true });

if (!process.env.PEYVAND_TEST_POSTGRES) {
  console.warn(
    '\n*** PEYVAND_TEST_POSTGRES is not set: integration tests run on PGlite only. ***\n' +
      '*** Set it (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run them on PostgreSQL too. ***\n',
  );
}

const args = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
];
const run = spawnSync('npx', args, { stdio: 'inherit', env: process.env });

let passed = 0;
let failed = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = json.numFailedTests ?? 0;
  // A file that fails to load has no test results but is a failure all the same.
  for (const file of json.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1;
  }
} catch {
  failed += 1;
  console.error('No Vitest JSON report was written.');
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
