// The long fuzz run of the engine: the generators and properties of the property tests
// (packages/core/src/fuzz/), with larger inputs and many more cases. Prints what it tried (by
// generator) and what it found (exceptions, rule failures, out-of-range findings, findings that
// differ with the fast YAML path off, broken or endless fixes, the slowest case with its size);
// exits 1 when a property fails, with the counterexample, its seed and the command that replays it.
// Usage: node scripts/fuzz.mjs [--runs N] [--seed S] [--workers W] [--hang-ms MS]
//        node scripts/fuzz.mjs --seed S --replay PATH   (prints one case and what it found)
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
};
const runs = Number(option('runs', 100_000));
const seed = Number(option('seed', Date.now() % 2_147_483_647));
const workers = Math.max(1, Number(option('workers', Math.min(2, availableParallelism()))));
// A case slower than this counts as a hang (a detector, not a performance target).
const hangMs = Number(option('hang-ms', 5_000));
// A worker silent for this long is stuck inside one case: it is stopped and the case reported.
const watchdogMs = Math.max(hangMs * 6, 60_000);
const properties = [
  'never-throws',
  'no-rule-crash',
  'ranges-inside-text',
  'positions-match-offsets',
  'findings-sorted',
  'fix-edits-valid',
  'fix-keeps-parsing',
  'fix-idempotent',
  'returns-in-bound',
  'same-as-yaml-reader',
  'same-as-dockerfile-ast',
];

if (process.env.LSST_FUZZ_WORKER) await runWorker();
else await runParent();

async function runParent() {
  const replay = option('replay', undefined);
  if (replay !== undefined) {
    const child = fork(new URL(import.meta.url).pathname, process.argv.slice(2), {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, LSST_FUZZ_WORKER: '1', LSST_FUZZ_SEED: String(seed), LSST_FUZZ_REPLAY: replay },
    });
    child.on('exit', (code) => process.exit(code ?? 1));
    return;
  }
  const started = Date.now();
  console.log(`fuzz: ${runs} cases in ${workers} worker(s), seed ${seed}, hang bound ${hangMs} ms per case`);
  const shares = Array.from(
    { length: workers },
    (_, index) => Math.floor(runs / workers) + (index < runs % workers ? 1 : 0),
  );
  const reports = await Promise.all(shares.map((share, index) => runChild(seed + index, share)));
  printReport(reports, (Date.now() - started) / 1000);
  process.exit(reports.every((report) => report.failure === undefined) ? 0 : 1);
}

function runChild(childSeed, share) {
  return new Promise((resolve) => {
    const child = fork(new URL(import.meta.url).pathname, process.argv.slice(2), {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        LSST_FUZZ_WORKER: '1',
        LSST_FUZZ_SEED: String(childSeed),
        LSST_FUZZ_RUNS: String(share),
        LSST_FUZZ_HANG_MS: String(hangMs),
      },
    });
    let current;
    let report;
    let lastMessage = Date.now();
    const watchdog = setInterval(() => {
      if (Date.now() - lastMessage < watchdogMs) return;
      clearInterval(watchdog);
      child.kill('SIGKILL');
      report = {
        seed: childSeed,
        failure: {
          property: 'returns-in-bound',
          detail: `no answer after ${watchdogMs} ms on case ${current?.index} (${current?.generator}, ${current?.size} chars)`,
          path: String(current?.index ?? 0),
        },
      };
    }, 1_000);
    child.on('message', (message) => {
      lastMessage = Date.now();
      if (message.type === 'case') current = message;
      if (message.type === 'report') report = message.report;
    });
    child.on('exit', (code) => {
      clearInterval(watchdog);
      resolve(
        report ?? { seed: childSeed, failure: { property: 'never-throws', detail: `worker exited with ${code}` } },
      );
    });
  });
}

function printReport(reports, seconds) {
  const byGenerator = new Map();
  const violations = Object.fromEntries(properties.map((name) => [name, 0]));
  let slowest = { ms: 0 };
  let total = 0;
  for (const report of reports) {
    for (const [name, row] of Object.entries(report.generators ?? {})) {
      const sum = byGenerator.get(name) ?? { cases: 0, parsed: 0, findings: 0, fixesApplied: 0, limits: {} };
      sum.cases += row.cases;
      sum.parsed += row.parsed;
      sum.findings += row.findings;
      sum.fixesApplied += row.fixesApplied;
      for (const [limit, count] of Object.entries(row.limits)) sum.limits[limit] = (sum.limits[limit] ?? 0) + count;
      byGenerator.set(name, sum);
      total += row.cases;
    }
    if (report.slowest && report.slowest.ms > slowest.ms) slowest = { ...report.slowest, seed: report.seed };
    if (report.failure) violations[report.failure.property] = (violations[report.failure.property] ?? 0) + 1;
  }
  const rows = [['generator', 'cases', 'parsed', 'findings', 'fixes applied', 'limits reached (cases)']];
  for (const [name, row] of [...byGenerator.entries()].sort()) {
    const limits = Object.entries(row.limits)
      .sort()
      .map(([limit, count]) => `${limit} ${count}`)
      .join(', ');
    rows.push([name, row.cases, row.parsed, row.findings, row.fixesApplied, limits || '-'].map(String));
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  console.log('\nwhat was tried');
  for (const row of rows) console.log(`  ${row.map((cell, column) => cell.padEnd(widths[column])).join('  ')}`);
  console.log(`  total ${total} cases in ${seconds.toFixed(0)} s`);
  console.log('\nwhat was found (failing cases per property; a run stops a worker at its first failure)');
  for (const name of properties) console.log(`  ${name.padEnd(24)} ${violations[name]}`);
  if (slowest.generator) {
    console.log(
      `\nslowest case: ${slowest.ms.toFixed(0)} ms (check and fixes) on ${slowest.size} chars from ${slowest.generator} (${slowest.kind}); replay: node scripts/fuzz.mjs --seed ${slowest.seed} --replay ${slowest.path}`,
    );
  }
  for (const report of reports) {
    if (!report.failure) continue;
    const failure = report.failure;
    console.log(`\nFAILED: ${failure.property} (seed ${report.seed}, path ${failure.path})\n  ${failure.detail}`);
    if (failure.counterexample) {
      const file = join(tmpdir(), `lsst-fuzz-${report.seed}.json`);
      writeFileSync(file, `${JSON.stringify(failure.counterexample, null, 2)}\n`);
      console.log(`  counterexample (${failure.counterexample.text.length} chars, whole case in ${file}):`);
      console.log(`  ${JSON.stringify(failure.counterexample.text.slice(0, 1_500))}`);
    }
    console.log(`  replay: node scripts/fuzz.mjs --seed ${report.seed} --replay ${failure.path}`);
  }
  console.log(reports.every((report) => !report.failure) ? '\nresult: every property held' : '\nresult: FAILED');
}

async function runWorker() {
  const { default: fc } = await import('fast-check');
  const { fuzzCaseArbitrary, longRunSizes } = await import('../packages/core/src/fuzz/generators.ts');
  const { examineCase, fuzzConfigs } = await import('../packages/core/src/fuzz/properties.ts');
  const { examplesConfigText, loadSeeds } = await import('../packages/core/src/fuzz/seeds.ts');
  const workerSeed = Number(process.env.LSST_FUZZ_SEED);
  const configs = fuzzConfigs(examplesConfigText());
  const arbitrary = fuzzCaseArbitrary(loadSeeds(), longRunSizes);

  if (process.env.LSST_FUZZ_REPLAY !== undefined) {
    fc.check(
      fc.property(arbitrary, (fuzzCase) => {
        const outcome = examineCase(fuzzCase, configs, { compareYamlReader: true });
        const { text, ...settings } = fuzzCase;
        console.log(JSON.stringify({ ...settings, size: text.length }, null, 2));
        console.log(JSON.stringify(text.slice(0, 4_000)));
        console.log(JSON.stringify({ ...outcome, checkMs: Math.round(outcome.checkMs) }, null, 2));
        return true;
      }),
      { seed: workerSeed, path: process.env.LSST_FUZZ_REPLAY, numRuns: 1 },
    );
    process.exit(0);
  }

  const limitHang = Number(process.env.LSST_FUZZ_HANG_MS);
  const generators = {};
  let slowest = { ms: 0 };
  let index = 0;
  let failed = false;
  const details = [];
  const result = fc.check(
    fc.property(arbitrary, (fuzzCase) => {
      const path = String(index);
      if (!failed) {
        process.send({ type: 'case', index, generator: fuzzCase.generator, size: fuzzCase.text.length });
        index++;
      }
      const started = performance.now();
      const outcome = examineCase(fuzzCase, configs, { compareYamlReader: true });
      const ms = performance.now() - started;
      if (outcome.checkMs > limitHang) {
        outcome.violations.push({
          property: 'returns-in-bound',
          detail: `the check took ${outcome.checkMs.toFixed(0)} ms`,
        });
      }
      if (!failed) {
        generators[fuzzCase.generator] ??= { cases: 0, parsed: 0, findings: 0, fixesApplied: 0, limits: {} };
        const row = generators[fuzzCase.generator];
        row.cases++;
        if (outcome.parsed) row.parsed++;
        row.findings += outcome.findings;
        row.fixesApplied += outcome.fixesApplied;
        for (const limit of outcome.limits) row.limits[limit] = (row.limits[limit] ?? 0) + 1;
        if (ms > slowest.ms) {
          slowest = { ms, size: fuzzCase.text.length, generator: fuzzCase.generator, kind: fuzzCase.kind, path };
        }
      }
      if (outcome.violations.length > 0) {
        failed = true;
        details.push(outcome.violations);
        return false;
      }
      return true;
    }),
    { seed: workerSeed, numRuns: Number(process.env.LSST_FUZZ_RUNS) },
  );
  const report = { seed: workerSeed, generators, slowest };
  if (result.failed) {
    const violations = details[details.length - 1] ?? [];
    report.failure = {
      property: violations[0]?.property ?? 'never-throws',
      detail:
        violations.map((violation) => `${violation.property}: ${violation.detail}`).join('\n  ') ||
        String(result.errorInstance),
      path: result.counterexamplePath,
      counterexample: result.counterexample?.[0],
    };
  }
  process.send({ type: 'report', report }, () => process.exit(0));
}
