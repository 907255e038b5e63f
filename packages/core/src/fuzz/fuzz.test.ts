// Property tests of the engine on hostile input: for any text, checkText returns (never throws, no
// rule fails), every finding's range lies inside the text with positions that agree with its
// offsets, and fixes never break a file that parsed and come to an end. A fixed seed keeps the
// suite reproducible; LSST_FUZZ_SEED varies it, and `node scripts/fuzz.mjs` runs far more cases.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { applyMutations, type FuzzCase, fuzzGenerators, mutationArbitraries, testSizes } from './generators.ts';
import { type CaseOutcome, examineCase, fuzzConfigs } from './properties.ts';
import { examplesConfigText, loadSeeds } from './seeds.ts';

const seed = Number(process.env.LSST_FUZZ_SEED ?? 20261127);
const seeds = loadSeeds();
const configs = fuzzConfigs(examplesConfigText());

/** Cases per generator: about 4,000 in all with the seeds and the per-mutation runs below. */
const runsPerGenerator: Record<string, number> = {
  'random-text': 600,
  'yaml-soup': 500,
  'dockerfile-soup': 500,
  'generated-manifest': 500,
  'generated-manifest-mutated': 400,
  'mutated-example': 800,
};
const runsPerMutation = 40;

function assertProperties(fuzzCase: FuzzCase, tally: Tally): void {
  const outcome = examineCase(fuzzCase, configs);
  tally.add(fuzzCase, outcome);
  assert.deepEqual(outcome.violations, [], `${fuzzCase.generator} (${fuzzCase.kind}, ${fuzzCase.text.length} chars)`);
}

/** What the cases reached, so that a generator that stops reaching the rules fails loudly. */
class Tally {
  cases = 0;
  parsed = 0;
  findings = 0;
  fixesApplied = 0;
  limits = new Set<string>();
  slowest = { ms: 0, size: 0 };

  add(fuzzCase: FuzzCase, outcome: CaseOutcome): void {
    this.cases++;
    if (outcome.parsed) this.parsed++;
    this.findings += outcome.findings;
    this.fixesApplied += outcome.fixesApplied;
    for (const limit of outcome.limits) this.limits.add(limit);
    if (outcome.checkMs > this.slowest.ms) this.slowest = { ms: outcome.checkMs, size: fuzzCase.text.length };
  }

  describe(): string {
    return `${this.cases} cases, ${this.parsed} parsed, ${this.findings} findings, ${this.fixesApplied} fixes applied, limits reached: ${[...this.limits].sort().join(', ') || 'none'}; slowest check ${this.slowest.ms.toFixed(0)} ms on ${this.slowest.size} chars`;
  }
}

describe('checking any text', () => {
  const generators = fuzzGenerators(seeds, testSizes);

  test('the seeds are the examples and the rule pages, manifests and Dockerfiles', () => {
    assert.ok(seeds.some((one) => one.source.startsWith('examples/') && one.kind === 'dockerfile'));
    assert.ok(seeds.some((one) => one.source.startsWith('examples/') && one.kind === 'manifest'));
    assert.ok(seeds.filter((one) => one.source.includes('#')).length >= 20, 'code blocks of the rule pages');
  });

  test('every seed as written satisfies the properties', (t) => {
    t.diagnostic(`property tests run on seed ${seed} (set LSST_FUZZ_SEED to try another)`);
    const tally = new Tally();
    for (const one of seeds) {
      for (const config of ['defaults', 'examples'] as const) {
        assertProperties(
          { generator: one.source, kind: one.kind, text: one.text, config, targets: ['dev', 'prod'] },
          tally,
        );
      }
    }
    t.diagnostic(tally.describe());
    // Most seeds are whole files that reach the rules (the rest are snippets of a page: a RUN line, a rule setting).
    assert.ok(tally.parsed >= tally.cases / 2, tally.describe());
    assert.ok(tally.fixesApplied > 0, tally.describe());
  });

  for (const [name, arbitrary] of Object.entries(generators)) {
    test(`${name}: never throws, ranges inside the text, fixes keep it parsing and come to an end`, (t) => {
      const tally = new Tally();
      fc.assert(
        fc.property(arbitrary, (fuzzCase) => assertProperties(fuzzCase, tally)),
        { numRuns: runsPerGenerator[name] ?? 100, seed, includeErrorInReport: true },
      );
      t.diagnostic(tally.describe());
      assert.equal(tally.cases, runsPerGenerator[name]);
      if (name.startsWith('generated-manifest') || name === 'mutated-example') {
        assert.ok(
          tally.parsed > 0 && tally.fixesApplied > 0,
          `${name} reaches the rules and their fixes: ${tally.describe()}`,
        );
      }
    });
  }

  test('each kind of mutation of the examples keeps the properties', (t) => {
    for (const [op, mutation] of Object.entries(mutationArbitraries(testSizes))) {
      const tally = new Tally();
      fc.assert(
        fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 2 }), (one, mutations) =>
          assertProperties(
            {
              generator: `mutation ${op}`,
              kind: one.kind,
              text: applyMutations(one.text, mutations, testSizes.maxText),
              config: 'small-limits',
              targets: ['dev', 'prod'],
            },
            tally,
          ),
        ),
        { numRuns: runsPerMutation, seed, includeErrorInReport: true },
      );
      t.diagnostic(`${op}: ${tally.describe()}`);
    }
  });

  test('counterexamples found before keep the properties', () => {
    const tally = new Tally();
    // A removed apiVersion with a misspelt field: the schema of the new version finds it only after the apiVersion fix.
    const removedApiWithMisspeltField =
      'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: nightly-backup\n  namespace: qserv\nspec:\n  schedule: "0 3 * * *"\n  \u0001obTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: backup\n              image: lsstsqre/qserv-backup:1.4\n';
    assertProperties(
      {
        generator: 'mutated-example',
        kind: 'manifest',
        text: removedApiWithMisspeltField,
        config: 'defaults',
        targets: ['dev'],
      },
      tally,
    );
  });
});
