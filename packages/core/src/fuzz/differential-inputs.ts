// The inputs the differential tests of the fast readers (YAML, Dockerfiles) run both readers over:
// files of the repository, the string literals its tests check, and the fuzz generators' cases.
// Test support: reads files, so it is never imported by the engine.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { DocumentKind } from '../types.ts';
import { fuzzGenerators, longRunSizes, testSizes } from './generators.ts';
import { loadSeeds } from './seeds.ts';

export interface DifferentialInput {
  /** Where it came from, for failure messages. */
  source: string;
  text: string;
}

export const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** A path of the repository as written from its root. */
export const relativeToRepository = (path: string): string => path.slice(repositoryRoot.length);

/** The files below a folder that `accept` takes, in name order; dependencies and build output left out. */
export function filesUnder(folder: string, accept: (path: string) => boolean, found: string[] = []): string[] {
  for (const entry of readdirSync(folder).sort()) {
    if (entry === 'node_modules' || entry === '.git' || entry === 'dist') continue;
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) filesUnder(path, accept, found);
    else if (accept(path)) found.push(path);
  }
  return found;
}

/** The multi-line string literals of the test files under the folders that `accept` takes: what the tests check. */
export function testStringLiterals(folders: readonly string[], accept: (text: string) => boolean): DifferentialInput[] {
  const inputs: DifferentialInput[] = [];
  const testFiles = folders.flatMap((folder) =>
    filesUnder(join(repositoryRoot, folder), (path) => /\.test\.ts$/.test(path)),
  );
  for (const path of testFiles) {
    const source = readFileSync(path, 'utf8');
    const literals = [
      ...[...source.matchAll(/`((?:[^`\\$]|\\[\s\S]|\$(?!\{))*)`/g)].map((match) => `\`${match[1]}\``),
      ...[...source.matchAll(/'((?:[^'\\\n]|\\.)*\\n(?:[^'\\\n]|\\.)*)'/g)].map((match) => `'${match[1]}'`),
    ];
    for (const [index, literal] of literals.entries()) {
      // The literals are the test's own source: evaluating one gives the string the test uses. A
      // quote paired wrongly by the pattern (one inside a comment) is not a literal and is skipped.
      let text: unknown;
      try {
        text = new Function(`return ${literal};`)();
      } catch {
        continue;
      }
      if (typeof text === 'string' && accept(text)) {
        inputs.push({ source: `${relativeToRepository(path)} literal ${index}`, text });
      }
    }
  }
  return inputs;
}

/** Cases of one kind from every fuzz generator, at the sizes of the property tests and of the long fuzz run. */
export function fuzzCases(kind: DocumentKind, runs: { test: number; longRun: number }): DifferentialInput[] {
  const seeds = loadSeeds();
  const inputs: DifferentialInput[] = [];
  for (const [label, sizes, numRuns] of [
    ['test', testSizes, runs.test],
    ['long-run', longRunSizes, runs.longRun],
  ] as const) {
    for (const [name, generator] of Object.entries(fuzzGenerators(seeds, sizes))) {
      const cases = fc.sample(generator, { seed: 20261206, numRuns });
      for (const [index, fuzzCase] of cases.entries()) {
        if (fuzzCase.kind === kind) inputs.push({ source: `fuzz ${label} ${name} #${index}`, text: fuzzCase.text });
      }
    }
  }
  return inputs;
}
