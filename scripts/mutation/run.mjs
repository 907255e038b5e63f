// Mutation testing on demand (not in CI): applies each mutant of mutants.mjs alone, runs the tests
// named beside it, and counts the mutant killed when they fail. Prints the score and the survivors.
// Usage: node scripts/mutation/run.mjs [--only TEXT] [--timeout SECONDS]
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mutants } from './mutants.mjs';

const root = new URL('../..', import.meta.url).pathname;
const { values } = parseArgs({ options: { only: { type: 'string' }, timeout: { type: 'string', default: '300' } } });
const timeoutMs = Number(values.timeout) * 1000;
const chosen = mutants.filter((mutant) => values.only === undefined || mutant.name.includes(values.only));

/** The file being mutated and its original text, put back on every way out. */
let applied;
function restore() {
  if (applied) writeFileSync(applied.path, applied.original);
  applied = undefined;
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    restore();
    process.exit(130);
  });
}

function runTests(tests) {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', ...tests], {
    cwd: root,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return {
    passed: result.status === 0,
    timedOut: result.error?.code === 'ETIMEDOUT',
    seconds: (performance.now() - started) / 1000,
  };
}

const baseline = runTests([...new Set(chosen.flatMap((mutant) => mutant.tests))]);
if (!baseline.passed) {
  console.error('The tests fail without any mutant: fix them first.');
  process.exit(2);
}

const results = [];
for (const mutant of chosen) {
  const path = join(root, mutant.file);
  const original = readFileSync(path, 'utf8');
  const occurrences = original.split(mutant.find).length - 1;
  if (occurrences !== 1) {
    results.push({ mutant, outcome: 'stale', detail: `found ${occurrences} times in ${mutant.file}` });
    console.log(`stale     ${mutant.name} (found ${occurrences} times)`);
    continue;
  }
  applied = { path, original };
  writeFileSync(path, (mutant.imports ?? '') + original.replace(mutant.find, () => mutant.replace));
  let run;
  try {
    run = runTests(mutant.tests);
  } finally {
    restore();
  }
  const outcome = !run.passed ? 'killed' : mutant.equivalent ? 'equivalent' : 'survived';
  results.push({ mutant, outcome, detail: run.timedOut ? 'by the timeout' : '' });
  console.log(`${outcome.padEnd(9)} ${mutant.name} (${run.seconds.toFixed(1)} s${run.timedOut ? ', timed out' : ''})`);
}

const count = (outcome) => results.filter((result) => result.outcome === outcome).length;
const killed = count('killed');
const scored = killed + count('survived');
console.log(
  `\nscore: ${killed} of ${scored} mutants killed (${scored ? ((100 * killed) / scored).toFixed(0) : 0}%), ${count('equivalent')} equivalent (explained), ${count('stale')} stale`,
);
for (const result of results.filter((one) => one.outcome !== 'killed')) {
  console.log(
    `  ${result.outcome}: ${result.mutant.name} — ${result.mutant.file}${result.detail ? ` (${result.detail})` : ''}`,
  );
}
process.exit(count('survived') + count('stale') === 0 ? 0 : 1);
