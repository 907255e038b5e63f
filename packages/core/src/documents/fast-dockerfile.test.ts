// The differential test of the fast Dockerfile path: over every Dockerfile of the repository, the
// Dockerfiles the tests check, the fuzz generators and the benchmark corpus, the fast path gives the
// same model as dockerfile-ast (instructions, ranges, flags, stages, images, problems) and the check
// gives the same findings (messages, ranges, fixes).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type CheckOptions, checkText } from '../engine/check.ts';
import {
  type DifferentialInput,
  filesUnder,
  fuzzCases,
  relativeToRepository,
  repositoryRoot,
  testStringLiterals,
} from '../fuzz/differential-inputs.ts';
import { fuzzConfigs, fuzzNow } from '../fuzz/properties.ts';
import { examplesConfigText } from '../fuzz/seeds.ts';
import { type DockerfileModel, parseDockerfile, readWithDockerfileAst } from './dockerfile.ts';
import { fastReadDockerfile } from './fast-dockerfile.ts';

const configs = fuzzConfigs(examplesConfigText());

type Input = DifferentialInput;

const folders = [
  'examples',
  'docs',
  'packages/core',
  'packages/kubectl-lsst',
  'packages/language-server',
  'packages/vscode-ext',
];

/** Every Dockerfile of the repository, and the Dockerfile blocks of its documentation. */
function repositoryDockerfiles(): Input[] {
  const inputs: Input[] = [];
  for (const folder of folders) {
    const isDockerfile = (path: string) =>
      /(^|[/.])dockerfile(\.[\w-]+)?$/i.test(relativeToRepository(path)) && !/\.(ts|cjs|mjs|js|json)$/.test(path);
    for (const path of filesUnder(join(repositoryRoot, folder), isDockerfile)) {
      inputs.push({ source: relativeToRepository(path), text: readFileSync(path, 'utf8') });
    }
  }
  const markdown = [
    join(repositoryRoot, 'README.md'),
    ...folders.flatMap((folder) => filesUnder(join(repositoryRoot, folder), (path) => path.endsWith('.md'))),
  ];
  for (const path of markdown) {
    const blocks = readFileSync(path, 'utf8').matchAll(/^```(?:dockerfile|Dockerfile)\n([\s\S]*?)^```/gm);
    for (const [index, block] of [...blocks].entries()) {
      inputs.push({ source: `${relativeToRepository(path)} block ${index}`, text: block[1] ?? '' });
    }
  }
  return inputs;
}

/** The multi-line string literals of the test files that hold an instruction: the Dockerfiles the tests check. */
function testLiterals(): Input[] {
  return testStringLiterals(folders, (text) => text.includes('\n') && /^\s*(?:FROM|RUN|ARG)\s/im.test(text));
}

/** Dockerfile cases from every fuzz generator, at the sizes of the property tests and of the long fuzz run. */
function fuzzInputs(): Input[] {
  return fuzzCases('dockerfile', { test: 120, longRun: 16 });
}

/** The Dockerfiles of the benchmark's corpus, written by scripts/bench.mjs. */
function benchmarkCorpus(): Input[] {
  const folder = mkdtempSync(join(tmpdir(), 'lsst-fast-dockerfile-'));
  try {
    const written = spawnSync(
      process.execPath,
      [join(repositoryRoot, 'scripts/bench.mjs'), '--corpus', folder, '--objects', '20', '--dockerfiles', '40'],
      { encoding: 'utf8' },
    );
    assert.equal(written.status, 0, written.stderr);
    return readdirSync(folder)
      .filter((name) => name.endsWith('.Dockerfile'))
      .sort()
      .map((name) => ({ source: `bench ${name}`, text: readFileSync(join(folder, name), 'utf8') }));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Everything about a model that anything can read, as plain data (stages and instructions by index). */
function describeModel(model: DockerfileModel): unknown {
  const stageIndex = (stage: DockerfileModel['stages'][number] | undefined) => stage?.index;
  const instructionIndex = (instruction: DockerfileModel['instructions'][number]) =>
    model.instructions.indexOf(instruction);
  return {
    instructions: model.instructions.map((instruction) => ({
      keyword: instruction.keyword,
      range: instruction.range,
      argumentsRange: instruction.argumentsRange,
      argumentsText: instruction.argumentsText,
      flags: instruction.flags,
      image: instruction.image,
      stageName: instruction.stageName,
      stage: stageIndex(instruction.stage),
    })),
    stages: model.stages.map((stage) => ({
      index: stage.index,
      name: stage.name,
      isFinal: stage.isFinal,
      instructions: stage.instructions.map(instructionIndex),
      from: {
        instruction: instructionIndex(stage.from.instruction),
        imageText: stage.from.imageText,
        imageRange: stage.from.imageRange,
        image: stage.from.image,
        reference: stage.from.reference,
        baseStage: stageIndex(stage.from.baseStage),
        isScratch: stage.from.isScratch,
        platform: stage.from.platform,
      },
    })),
    finalStage: stageIndex(model.finalStage),
    problems: model.problems,
    globalArgs: [...model.globalArgs],
    flagImages: model.flagImages.map((flagImage) => ({
      ...flagImage,
      instruction: instructionIndex(flagImage.instruction),
      stage: stageIndex(flagImage.stage),
    })),
  };
}

/** Compares the two paths on one input; true when the fast path read it. */
function assertSameModel(input: Input): boolean {
  const fast = fastReadDockerfile(input.text);
  if (fast === undefined) return false;
  assert.deepEqual(fast, readWithDockerfileAst(input.text), `instructions differ: ${input.source}`);
  assert.deepEqual(
    describeModel(parseDockerfile(input.text, 'fast')),
    describeModel(parseDockerfile(input.text, 'dockerfile-ast')),
    `models differ: ${input.source}`,
  );
  return true;
}

function assertSameFindings(input: Input, config: keyof typeof configs): void {
  const options: CheckOptions = { config: configs[config], now: fuzzNow };
  const file = { path: 'Dockerfile', text: input.text, kind: 'dockerfile' } as const;
  const fast = checkText(file, options);
  const reference = checkText(file, { ...options, dockerfileReader: 'dockerfile-ast' });
  assert.deepEqual(fast, reference, `findings differ: ${input.source} (${config} settings)`);
}

/** Runs both comparisons over a set of inputs; returns how many the fast path read. */
function compareAll(inputs: readonly Input[], config: keyof typeof configs = 'examples'): number {
  let read = 0;
  for (const input of inputs) {
    if (assertSameModel(input)) read++;
    assertSameFindings(input, config);
  }
  return read;
}

describe('the fast Dockerfile path reads exactly what dockerfile-ast reads', () => {
  test('every Dockerfile of the repository (tests, examples, docs)', () => {
    const inputs = repositoryDockerfiles();
    assert.ok(
      inputs.some((input) => input.source.startsWith('examples/')),
      'the examples are among the inputs',
    );
    assert.ok(
      inputs.some((input) => input.source.startsWith('docs/')),
      'the documentation is among the inputs',
    );
    const read = compareAll(inputs);
    assert.ok(read >= inputs.length / 2, `the fast path read only ${read} of ${inputs.length} files`);
  });

  test('every multi-line Dockerfile string the tests check', () => {
    const inputs = testLiterals();
    assert.ok(inputs.length > 100, `only ${inputs.length} test literals found`);
    const read = compareAll(inputs);
    assert.ok(read > inputs.length / 2, `the fast path read only ${read} of ${inputs.length} test literals`);
  });

  test('the fuzz generators, at the sizes of the property tests and the long run', () => {
    const inputs = fuzzInputs();
    assert.ok(inputs.length > 50, `only ${inputs.length} fuzz cases`);
    let read = 0;
    for (const [index, input] of inputs.entries()) {
      if (assertSameModel(input)) read++;
      assertSameFindings(input, index % 2 === 0 ? 'examples' : 'small-limits');
    }
    assert.ok(read > inputs.length / 10, `the fast path read only ${read} of ${inputs.length} fuzz cases`);
  });

  test('the benchmark corpus, every Dockerfile of which the fast path reads', () => {
    const inputs = benchmarkCorpus();
    assert.equal(inputs.length, 40);
    assert.equal(compareAll(inputs), inputs.length);
  });

  test('hand-written edge cases: what it reads agrees, what it leaves is read by dockerfile-ast', () => {
    const cases: Array<[string, 'read' | 'left']> = [
      ['FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl \\', 'left'],
      ['FROM debian:12\nRUN apt-get update && \\\n', 'read'],
      ['FROM debian:12\nRUN a\\\nb\nRUN c\\\n  d\nRUN e \\\n\n\n  f\n', 'read'],
      ['FROM debian:12\nRUN echo a \\  \n  b\n', 'left'],
      ['FROM debian:12\nRUN echo a \\\n\n  \\\n  b\n', 'read'],
      ['FROM debian:12\nRUN echo a \\\n  # a comment\n  b\n', 'read'],
      ['FROM debian:12\nRUN echo a \\\n#comment\n  b\n', 'read'],
      ['FROM debian:12\nRUN echo a\\\n#comment\nb \\\n\n  # c\n# d\nUSER x\nRUN y \\\n # at the end', 'read'],
      ['FROM debian:12\nRUN echo a \\\n  # a comment with \\ \\x\n  b\n', 'left'],
      ['# syntax=docker/dockerfile:1\n# check=error=true\nFROM debian:12\n# escape=`\n', 'left'],
      ['# syntax=docker/dockerfile:1\n\n# other=x\nFROM debian:12\nRUN true\n', 'read'],
      ['FROM debian:12\n# syntax=docker/dockerfile:1\nRUN true\n', 'read'],
      // Two directives on one line: dockerfile-ast starts reading at line 2, skipping `FROM x`.
      ['# a=b #c=d\nFROM x\nRUN y\n', 'read'],
      ['# a=b #c=d # e=f\n', 'read'],
      ['# a=b # escape=`\nFROM x\n', 'left'],
      ['from debian:12 as Build\nrun make\nfrom scratch\ncopy --from=build /out /out\n', 'read'],
      ['FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM --platform=linux/amd64 --x=1 debian\n', 'read'],
      ['ARG BASE=debian:12\nARG TAG\nFROM ${BASE}\nFROM base:${TAG:-1}\n', 'read'],
      ['FROM debian:12\nONBUILD RUN make\nONBUILD COPY --from=x:1 /a /b\n', 'read'],
      ['FROM debian:12\nCMD   [ "a" ,"b",  "c" ]  \nENTRYPOINT ["x"]\nRUN ["sh", "-c", "true"]\nSHELL []\n', 'read'],
      ['FROM debian:12\nRUN\nUSER\nFROM', 'read'],
      ['FROM debian:12   \nRUN true   \nUSER 1000 \n\n   \n', 'read'],
      ['FROM debian:12\nFOO bar\n  RUN x\nMAINTAINER me\nEXPOSE 80\n', 'read'],
      ['RUN x\nFROM debian:12\n', 'read'],
      [
        'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt --mount=from=tool:1,target=/t apt-get update\n',
        'read',
      ],
      ['FROM debian:12\nRUN --mount=type=cache,target="/var/cache/apt" \\\n    --network=none \\\n    make\n', 'read'],
      ['FROM debian:12\nRUN echo--x --y z\nCOPY --chown=1:1 --from= a b\nADD --checksum a\n', 'read'],
      [
        'FROM debian:12\nHEALTHCHECK --interval=5s --timeout=3s CMD curl -f http://x/ || exit 1\nHEALTHCHECK NONE\n',
        'read',
      ],
      ['FROM debian:12\nRUN find . -name "*.pyc" -exec rm {} \\;\nRUN echo \\$HOME \\"x\\"\n', 'read'],
      ['FROM debian:12\nRUN echo a\\\\\nb\n', 'left'],
      ['FROM debian:12\nRUN echo \\<\\<EOF\n', 'left'],
      ['FROM debian:12\nRUN <\\\n\n<EOF\nFROM ', 'left'],
      ['FROM a\\\n\nb AS x\\\n  y\nFROM c\\\nd --platform=x\n', 'read'],
      ['FROM debian:12\nRUN <<EOF\necho\nEOF\n', 'left'],
      ['FROM debian:12\r\nRUN true\r\n', 'left'],
      ['FROM debian:12\n\tRUN true\n', 'left'],
      ['FROM debian:12\nRUN echo \\', 'left'],
      ['FROM debian:12\nRUN\\\n  make\n', 'left'],
      ['\\\nFROM debian:12\n', 'left'],
      ['FROM debian:12 \\\n  AS \\\n  build\nFROM build\n', 'read'],
      ['FROM debian:12\nLABEL a="b c" \\\n      d=e\nENV A=1 B="2 3"\nARG X\n', 'read'],
      ['FROM debian:12\nRUN ééé ünïcode 😀 \\\n  done\n', 'read'],
      ['', 'read'],
      ['\n\n# only a comment', 'read'],
      ['FROM debian:12\n# x \\\nRUN true\n', 'read'],
      ['FROM debian:12\nRUN a \\\n\\\nb\n', 'read'],
      ['FROM debian:12\nRUN a \\\n \\x\n', 'left'],
      ['FROM debian:12\nRUN a#b \\\n c#d\n', 'read'],
    ];
    const wrong: string[] = [];
    for (const [text, expected] of cases) {
      const source = JSON.stringify(text);
      const read = assertSameModel({ source, text });
      if ((read ? 'read' : 'left') !== expected) wrong.push(`${source}: expected the fast path to have ${expected} it`);
      assertSameFindings({ source, text }, 'defaults');
    }
    assert.deepEqual(wrong, []);
  });

  test('token soups of Dockerfile syntax: escapes, continuations, comments, flags, quotes', () => {
    // Short random texts made of the pieces where the two readers could part ways: instructions of
    // random words, spaces, continuations, escapes, comments, quotes and flags.
    const keywords = ['FROM', 'from', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK', 'CMD', 'ONBUILD', 'ARG', 'X', '#', ' '];
    const syntax = [
      ' ',
      ' ',
      '  ',
      '\n',
      '\\',
      '\\\n',
      '\\\n',
      '\\ \n',
      '\n  #c\n',
      '\n#',
      '#',
      '"',
      '[',
      ']',
      ',',
      '=',
    ];
    const words = [
      'x',
      'x',
      'AS',
      'as',
      'NONE',
      'CMD',
      '--',
      'a--b',
      '--platform=',
      '--from=',
      'é',
      '\\x',
      '\\$',
      '$',
      '<',
    ];
    const line = fc
      .tuple(fc.constantFrom(...keywords), fc.array(fc.constantFrom(...syntax, ...words, ...words), { maxLength: 12 }))
      .map(([keyword, parts]) => `${keyword} ${parts.join('')}`);
    const soup = fc.array(line, { maxLength: 5 }).map((lines) => lines.join('\n'));
    const texts = fc.sample(soup, { seed: 20261206, numRuns: 3000 });
    let read = 0;
    for (const [index, text] of texts.entries()) {
      const input = { source: `soup #${index} ${JSON.stringify(text)}`, text };
      if (assertSameModel(input)) read++;
      if (index % 10 === 0) assertSameFindings(input, 'defaults');
    }
    assert.ok(read > texts.length / 3, `the fast path read only ${read} of ${texts.length} soups`);
  });

  test('the model carries the flags and the FROM parts as plain data', () => {
    const model = parseDockerfile('FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\nRUN --network=none make\n');
    const [from, run] = model.instructions;
    assert.deepEqual(from?.flags, [{ name: 'platform', value: '$BUILDPLATFORM' }]);
    assert.deepEqual(from?.image, { text: 'golang:1.22', range: [31, 42] });
    assert.equal(from?.stageName, 'Build');
    assert.equal(model.stages[0]?.name, 'build');
    assert.equal(model.stages[0]?.from.platform, '$BUILDPLATFORM');
    assert.deepEqual(run?.flags, [{ name: 'network', value: 'none' }]);
  });
});
