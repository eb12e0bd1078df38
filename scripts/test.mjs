// `npm test`: typecheck, lint, build the renderer (the e2e tests drive the built UI), then every
// Vitest suite. Ends with one plain line "N passed, N failed" that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const run = (label, cmd, args) => {
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  return r.status ?? 1;
};
const npx = (bin, args) => ['node', [`node_modules/${bin}`, ...args]];

const steps = [
  ['typecheck', ...npx('typescript/bin/tsc', ['-p', 'tsconfig.json', '--noEmit'])],
  ['typecheck (Electron glue, against electron types)', ...npx('typescript/bin/tsc', ['-p', 'src/main/electron/tsconfig.json', '--noEmit'])],
  ['lint', ...npx('eslint/bin/eslint.js', ['.'])],
  ['build renderer', ...npx('vite/bin/vite.js', ['build', '--logLevel', 'warn'])],
];
for (const [label, cmd, args] of steps) {
  const code = run(label, cmd, args);
  if (code !== 0) {
    console.log(`\n${label} failed (exit ${code}).`);
    console.log('0 passed, 1 failed');
    process.exit(code);
  }
}

mkdirSync('test-artifacts', { recursive: true });
const results = 'test-artifacts/vitest-results.json';
rmSync(results, { force: true });
const code = run('tests', ...npx('vitest/vitest.mjs', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...process.argv.slice(2)]));
let passed = 0;
let failed = code === 0 ? 0 : 1;
if (existsSync(results)) {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (code !== 0 && r.numFailedTests === 0 ? 1 : 0);
  if (r.numTotalTests === 0) failed = Math.max(failed, 1);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(code);
