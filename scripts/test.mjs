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
  [
    'typecheck (Node code: no DOM types)',
    ...npx('typescript/bin/tsc', ['-p', 'tsconfig.node.json', '--noEmit']),
  ],
  [
    'typecheck (renderer: no Node types)',
    ...npx('typescript/bin/tsc', ['-p', 'tsconfig.renderer.json', '--noEmit']),
  ],
  ['typecheck (tests and tools)', ...npx('typescript/bin/tsc', ['-p', 'tsconfig.json', '--noEmit'])],
  [
    'typecheck (Electron glue, against electron types)',
    ...npx('typescript/bin/tsc', ['-p', 'src/main/electron/tsconfig.json', '--noEmit']),
  ],
  ['lint', ...npx('eslint/bin/eslint.js', ['.'])],
  ['formatting', ...npx('prettier/bin/prettier.cjs', ['--check', '.', '--log-level', 'warn'])],
  ['dead code (knip: unused files, exports, dependencies)', ...npx('knip/bin/knip.js', ['--no-progress'])],
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

/** One Vitest run; returns its exit code and the counts from its JSON report. */
function vitest(label, name, args) {
  const results = `test-artifacts/vitest-${name}.json`;
  rmSync(results, { force: true });
  const code = run(
    label,
    ...npx('vitest/vitest.mjs', [
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${results}`,
      ...args,
    ]),
  );
  let passed = 0;
  let failed = code === 0 ? 0 : 1;
  let total = 0;
  if (existsSync(results)) {
    const r = JSON.parse(readFileSync(results, 'utf8'));
    passed = r.numPassedTests;
    total = r.numTotalTests;
    // Tests skipped because their suite's setup failed count as failed.
    failed = r.numFailedTests + (code !== 0 && r.numFailedTests === 0 ? 1 : 0);
  }
  return { code, passed, failed, total };
}

// With arguments (a file, a -t filter): one run, as given. Without: the unit and integration
// suites first (two files at a time), then the browser suites one file at a time, so a
// SwiftShader first render never shares the two cores with the fault-injection or kill -9 suites.
const extra = process.argv.slice(2);
const phases = extra.length
  ? [vitest('tests', 'results', extra)]
  : [
      vitest('tests: unit and integration', 'node', ['tests/unit', 'tests/integration']),
      vitest('tests: browser (e2e, one file at a time)', 'e2e', ['tests/e2e', '--maxWorkers=1']),
    ];
const passed = phases.reduce((a, p) => a + p.passed, 0);
let failed = phases.reduce((a, p) => a + p.failed, 0);
if (phases.reduce((a, p) => a + p.total, 0) === 0) failed = Math.max(failed, 1);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(phases.find((p) => p.code !== 0)?.code ?? 0);
