// The differential test of the fast YAML path: over every test input, example, fuzz generator and
// the benchmark corpus, the fast path gives the same documents as `yaml` (node kinds, values,
// sources, styles and ranges) and the check gives the same findings (messages, ranges, fixes).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Document, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
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
import { fastParseAllDocuments, nonStringStarts } from './fast-yaml.ts';

const yamlOptions = { version: '1.1', uniqueKeys: true, prettyErrors: false, keepSourceTokens: false } as const;
const configs = fuzzConfigs(examplesConfigText());

type Input = DifferentialInput;

/** Every YAML file of the repository's tests, examples and docs. */
function yamlFiles(): Input[] {
  const folders = ['examples', 'docs', 'packages/core', 'packages/kubectl-lsst', 'packages/vscode-ext'];
  return folders.flatMap((folder) =>
    filesUnder(join(repositoryRoot, folder), (path) => /\.ya?ml$/.test(path)).map((path) => ({
      source: relativeToRepository(path),
      text: readFileSync(path, 'utf8'),
    })),
  );
}

/** The multi-line string literals of the test files: the manifests the tests check. */
function testLiterals(): Input[] {
  return testStringLiterals(
    ['packages/core/src', 'packages/kubectl-lsst', 'packages/vscode-ext'],
    (text) => text.includes(':') && text.includes('\n'),
  );
}

/** Cases from every fuzz generator, at the sizes of the property tests and of the long fuzz run. */
function fuzzInputs(): Input[] {
  return fuzzCases('manifest', { test: 80, longRun: 12 });
}

/** The benchmark's corpus, written by scripts/bench.mjs (smaller, with every kind of object). */
function benchmarkCorpus(): Input[] {
  const folder = mkdtempSync(join(tmpdir(), 'lsst-fast-yaml-'));
  try {
    const written = spawnSync(
      process.execPath,
      [join(repositoryRoot, 'scripts/bench.mjs'), '--corpus', folder, '--objects', '160', '--dockerfiles', '0'],
      { encoding: 'utf8' },
    );
    assert.equal(written.status, 0, written.stderr);
    return readdirSync(folder)
      .sort()
      .map((name) => ({ source: `bench ${name}`, text: readFileSync(join(folder, name), 'utf8') }));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Everything about a node that anything can read, in a form that compares exactly. */
function describeNode(node: unknown): unknown {
  if (node === null || node === undefined) return node;
  const object = node as Record<string, unknown>;
  const common = {
    class: object.constructor?.name,
    range: object.range,
    tag: object.tag,
    anchor: object.anchor,
    flow: object.flow,
  };
  if (isMap(node)) {
    return { ...common, items: node.items.map((pair) => [describeNode(pair.key), describeNode(pair.value)]) };
  }
  if (isSeq(node)) return { ...common, items: node.items.map(describeNode) };
  if (isScalar(node)) {
    const value = node.value;
    return {
      ...common,
      value: value instanceof Date ? { date: value.getTime() } : Number.isNaN(value) ? 'NaN' : value,
      valueType: typeof value,
      source: node.source,
      type: node.type,
      format: node.format,
    };
  }
  return { unexpected: String(node) };
}

function describeDocuments(documents: readonly Document.Parsed[]): unknown {
  return documents.map((document) => ({
    range: document.range,
    errors: document.errors.length,
    warnings: document.warnings.length,
    contents: describeNode(document.contents),
    json: JSON.stringify(document.toJSON()),
  }));
}

/** Compares the two paths on one input; true when the fast path read it. */
function assertSameDocuments(input: Input): boolean {
  const fast = fastParseAllDocuments(input.text, yamlOptions);
  if (fast === undefined) return false;
  const parsed = parseAllDocuments(input.text, yamlOptions);
  const reference = Array.isArray(parsed) ? parsed : [];
  assert.deepEqual(describeDocuments(fast), describeDocuments(reference), `documents differ: ${input.source}`);
  return true;
}

function assertSameFindings(input: Input, config: keyof typeof configs): void {
  const options: CheckOptions = { config: configs[config], now: fuzzNow };
  const path = 'input.yaml';
  const fast = checkText({ path, text: input.text, kind: 'manifest' }, options);
  const reference = checkText({ path, text: input.text, kind: 'manifest' }, { ...options, yamlReader: 'yaml' });
  assert.deepEqual(fast, reference, `findings differ: ${input.source} (${config} settings)`);
}

/** Runs both comparisons over a set of inputs; returns how many the fast path read. */
function compareAll(inputs: readonly Input[]): number {
  let read = 0;
  for (const input of inputs) {
    if (assertSameDocuments(input)) read++;
    assertSameFindings(input, 'examples');
  }
  return read;
}

describe('the fast YAML path reads exactly what yaml reads', () => {
  test('every YAML file of the repository (tests, examples, docs)', () => {
    const inputs = yamlFiles();
    assert.ok(
      inputs.some((input) => input.source.startsWith('examples/')),
      'the examples are among the inputs',
    );
    const read = compareAll(inputs);
    assert.ok(read >= inputs.length / 2, `the fast path read only ${read} of ${inputs.length} files`);
  });

  test('every multi-line string the tests check', () => {
    const inputs = testLiterals();
    assert.ok(inputs.length > 200, `only ${inputs.length} test literals found`);
    const read = compareAll(inputs);
    assert.ok(read > inputs.length / 4, `the fast path read only ${read} of ${inputs.length} test literals`);
  });

  test('the fuzz generators, at the sizes of the property tests and the long run', () => {
    const inputs = fuzzInputs();
    let read = 0;
    for (const [index, input] of inputs.entries()) {
      if (assertSameDocuments(input)) read++;
      assertSameFindings(input, index % 2 === 0 ? 'examples' : 'small-limits');
    }
    assert.ok(read > inputs.length / 10, `the fast path read only ${read} of ${inputs.length} fuzz cases`);
  });

  test('the benchmark corpus, every file of which the fast path reads', () => {
    const inputs = benchmarkCorpus();
    assert.ok(inputs.length >= 8, `only ${inputs.length} corpus files`);
    assert.equal(compareAll(inputs), inputs.length);
  });

  test('hand-written edge cases: what it reads agrees, what it leaves is read by yaml', () => {
    const cases = [
      'a:\nb: # c\nc: 1\nd:\n',
      '# lead\n\n---\na: 1\n# trail\n\n---\n',
      '---\na: 1\n---\n',
      '---\n---\n',
      'a: 1\n\n\n',
      'a:\n\n',
      'a: |\n  z',
      'a: |\n  z\n\n\n',
      'a: |-\n  x\n\n  y\n\n\n# c\nb: |\n  z\nd: 1',
      'a:\n  b\n',
      '- \n  - x\n-\n  y: 1\n- a: b\n  c: d\n-   e: f\n',
      'k:\n- a\n- b\nz: 1\n',
      "a: \"x\\\"y\\\\z\\/\\n\"\nb: 'it''s'\n",
      'a: 2001-12-14\nb: 0x1F\nc: .5\nd: ~\ne: 1e3\nf: 0b101\ng: +12\nh: 1_000\ni: 0o17\nj: 017\nk: 1:30\nl: on\nm: No\n',
      'a: { a: b }\nb: [ a ]\nc: [a, b]\nd: {a: "x" , b: 1 }   # c\ne: []\nf: {}\n',
      'a: 1\na: 2\n',
      'y: 1\n',
      'a: b: c\n',
      'a: [1, 2,]\n',
      'a:\n    b: 1\n  c: 2\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      '<<: {a: 1}\n',
      'a: >\n  folded\n',
      'a:\tb\n',
      'a: 1\r\nb: 2\r\n',
      '%YAML 1.1\n---\na: 1\n',
      'a: 1\n...\n',
      'a: "unclosed\n',
      '- a\n b\n',
      'a: b\n  c\n',
      // Comments indented past the top level after the content join the collections' ranges.
      'containers:\n  - name: proxy\n    # lsst-ignore image/trusted-source --',
      'a:\n  b: c\n  # x\n',
      'a: b\n  # x\n\n---\nc: d\n',
      'a:\n  b: c\n# x\n',
      // Repeated keys: found in a short mapping, in a long one (past the list, in a set) and in a flow one.
      'm:\n  k1: 1\n  k2: 2\n  k1: 3\n',
      `m:\n${Array.from({ length: 20 }, (_, index) => `  k${index}: ${index}\n`).join('')}  k3: again\n`,
      `m:\n${Array.from({ length: 20 }, (_, index) => `  k${index}: ${index}\n`).join('')}`,
      'a: {x: 1, y: 2, x: 3}\n',
      // More distinct short keys and values than the table of shared strings has slots: some share one.
      `m:\n${Array.from({ length: 6000 }, (_, index) => `  k${index}: v${index * 7}\n`).join('')}`,
      `s: [${Array.from({ length: 6000 }, (_, index) => `x${index}`).join(', ')}]\n`,
    ];
    for (const text of cases) {
      assertSameDocuments({ source: JSON.stringify(text), text });
      assertSameFindings({ source: JSON.stringify(text), text }, 'defaults');
    }
  });

  test('scalars over several lines, as generated CRDs and charts write them, are read the same', () => {
    // What the fast path must read itself: the long descriptions of CRDs, and a ConfigMap's folded text.
    const read = [
      'description: matchLabels is a map of {key,value}\n  pairs, whose key field is\n  "In", and the values\n\n  - after an empty line\n  `code` and 50% too\ntype: object\n',
      '- a plain\n  item\n- b\n',
      'm:\n  k: first\n    second\n  j: 1\n',
      'a: 1e3\n  x\nb: true\n  false\nc: plain   \n   trailing spaces   \n',
      "a: 'single\n  quoted ''with'' escapes  \n\n  and an empty line'\nb: 1\n",
      'a: "double\\n\n  quoted\\t  \n  line"\nb: "x   \n\n\n  y"\n',
      '- "in a\n  sequence"\n- \'and\n\n  here\'\n',
      'a: >\n  folded\n  text\n\n  new paragraph\nb: >-\n  x\n  y\n\n\n  z\n\nc: 1\n',
      'env:\n- name: A\n  value: "1"\nnext: 1\n',
      // Every escape of a double-quoted scalar, and the escaped line breaks and spaces kubectl writes long ones with.
      'a: "\\x41\\u00e9\\U0001F600 \\0\\a\\b\\e\\f\\v\\N\\_\\L\\P\\ \\r"\n',
      'cfg: "defaults REDIS\\n  mode tcp\\n  timeout  \\\n    \\ server 6m\\n\n    \\ bind :8888  \\n"\nb: 1\n',
      // Helm's output: a template that rendered nothing but its `# Source:` line, quoted annotation keys, and
      // toYaml's values on the line below their key.
      'a: 1\n---\n# Source: crds/templates/a.yaml\n# https://example.org/a.yaml\n---\n# Source: b\n\n---\nb: 1\n---\n# c\n',
      'metadata:\n  annotations:\n    "helm.sh/hook": pre-install\n    \'x/y\': "1"\nspec:\n  resources:\n    {}\n  args:\n    ["a", "b"]\n  value:\n    plain text\n    over two lines\n  more:\n    "quoted"\n',
    ];
    for (const text of read) {
      assert.ok(fastParseAllDocuments(text, yamlOptions), `the fast path reads ${JSON.stringify(text)}`);
      assertSameDocuments({ source: JSON.stringify(text), text });
      assertSameFindings({ source: JSON.stringify(text), text }, 'defaults');
    }
    // What it may leave to `yaml`: a key or a comment in the lines that follow, an escaped line break, a folded
    // scalar's more indented lines, a continuation no deeper than its key, and comments after a sequence as deep.
    const agreed = [
      'a: b\n  c: d\n',
      'a: b\n  # c\n  d\n',
      'a: b # c\n  d\n',
      'a: "x\\\n\n  y"\n',
      'a: "\\x4"\n',
      'a: "\\q"\n',
      'a: "\\U00110000"\n',
      'a: >\n  x\n    more\n  y\n',
      "a: 'x\nb: y'\n",
      'a: [x,\n  y]\n',
      'k:\n  a\n  b\n',
      'a: "x\n',
      'env:\n- name: A\n  value: "1"\n# note\nnext: 1\n',
      'a: |+\n  kept\n\nb: 1\n',
      'a: >2\n   indented\n',
      '"a\\"b": 1\n',
      "'it''s': 1\n",
      '"a" : 1\n',
      '"a": 1\n"a": 2\n',
      'a:\n  |\n  x\n',
      'a:\n\n  {}\n',
      'a: # c\n  x\n',
      // A quote left open over many indented lines: read line by line, never searched for to the end again.
      `a: 'x\n${'  word word\n'.repeat(200)}b: c'\n`,
      `a: "x\n${'  word word\n'.repeat(200)}b: c"\n`,
      `a: "x\n${'  word \\"w\\" word  \n'.repeat(200)}  end"\n`,
      `a: 'x\n${"  word ''w'' word  \n".repeat(200)}  end'\n`,
      '---\n\n---\n',
      '---\n  # deeper\n---\na: 1\n',
      '---\n\n\n',
    ];
    for (const text of agreed) {
      assertSameDocuments({ source: JSON.stringify(text), text });
      assertSameFindings({ source: JSON.stringify(text), text }, 'defaults');
    }
  });

  test('generated CRD-like documents, every scalar style over several lines, read the same', () => {
    // Words as descriptions hold them (indicators, quotes, escapes-to-be, a colon in a word), split over lines
    // at random depths, with empty lines and trailing spaces between; each value in one of the styles.
    const word = fc.constantFrom(
      'the',
      'operator',
      'is',
      '"In",',
      "it's",
      '{key,value}',
      '- item',
      '`code`',
      '50%',
      'a:b',
      'x#y',
      '*',
      '!',
      '&',
      '|',
      '>',
      'true',
      '1e3',
      '~',
      'null',
      '\\',
      '\\n',
      'tab\\t',
      'é',
      'line.',
    );
    const line = fc.array(word, { minLength: 1, maxLength: 6 }).map((words) => words.join(' '));
    const value = fc.record({
      style: fc.constantFrom('plain', 'single', 'double', 'folded', 'folded-strip', 'literal', 'literal-strip'),
      lines: fc.array(fc.tuple(line, fc.nat({ max: 3 }), fc.nat({ max: 2 }), fc.nat({ max: 2 })), {
        minLength: 1,
        maxLength: 5,
      }),
    });
    const render = (
      key: string,
      indent: number,
      { style, lines }: { style: string; lines: [string, number, number, number][] },
    ) => {
      const pad = ' '.repeat(indent);
      const deeper = (extra: number) => ' '.repeat(indent + 2 + extra);
      const body = (text: string) =>
        style === 'single' ? text.replaceAll("'", "''") : style === 'double' ? text.replaceAll('"', '\\"') : text;
      if (style.startsWith('folded') || style.startsWith('literal')) {
        const header = `${style.startsWith('folded') ? '>' : '|'}${style.endsWith('strip') ? '-' : ''}`;
        const text = lines.map(([words, , empty]) => `${'\n'.repeat(empty)}${deeper(0)}${words}`).join('\n');
        return `${pad}${key}: ${header}\n${text.replace(/^\n+/, '')}\n`;
      }
      const open = style === 'single' ? "'" : style === 'double' ? '"' : '';
      const parts = lines.map(([words, extra, empty, spaces], index) => {
        const lead = index === 0 ? '' : `${'\n'.repeat(empty)}\n${deeper(extra)}`;
        return `${lead}${body(words)}${' '.repeat(index === lines.length - 1 ? 0 : spaces)}`;
      });
      return `${pad}${key}: ${open}${parts.join('')}${open}\n`;
    };
    const document = fc
      .array(value, { minLength: 1, maxLength: 4 })
      .map(
        (values) =>
          `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.org\nspec:\n  versions:\n  - name: v1\n    schema:\n      openAPIV3Schema:\n        properties:\n${values
            .map(
              (entry, index) =>
                `          field${index}:\n${render('description', 12, entry)}            type: string\n`,
            )
            .join('')}`,
      );
    const texts = fc.sample(document, { seed: 20261207, numRuns: 400 });
    let read = 0;
    for (const [index, text] of texts.entries()) {
      if (assertSameDocuments({ source: `generated CRD #${index}: ${JSON.stringify(text)}`, text })) read++;
    }
    // Most are the YAML the fast path is for; the rest (a word that reads as a key or a comment) go to yaml.
    assert.ok(read > texts.length / 2, `the fast path read only ${read} of ${texts.length} generated CRDs`);
  });

  test('a plain scalar starting with any other character than a non-string tag can match is a string', () => {
    // The default tags with a test, of the YAML 1.1 schema the checker reads with: a new one needs a look.
    const tags = new Document(undefined, yamlOptions).schema.tags.filter((tag) => tag.default === true && tag.test);
    assert.deepEqual(
      tags.map((tag) => tag.tag),
      [
        'tag:yaml.org,2002:null',
        'tag:yaml.org,2002:bool',
        'tag:yaml.org,2002:bool',
        'tag:yaml.org,2002:int',
        'tag:yaml.org,2002:int',
        'tag:yaml.org,2002:int',
        'tag:yaml.org,2002:int',
        'tag:yaml.org,2002:float',
        'tag:yaml.org,2002:float',
        'tag:yaml.org,2002:float',
        'tag:yaml.org,2002:int',
        'tag:yaml.org,2002:float',
        'tag:yaml.org,2002:timestamp',
      ],
    );
    const endings = ['', 'ull', 'es', 'rue', 'alse', 'n', 'ff', '0', '1_0', '.5', 'e3', 'x1f', 'b101', ':30', '0:30.5'];
    const starts = Array.from({ length: 95 }, (_, code) => String.fromCharCode(code + 32));
    for (const start of starts.filter((character) => !nonStringStarts.includes(character))) {
      for (const ending of endings) {
        const text = `${start}${ending}`;
        assert.ok(!tags.some((tag) => tag.test?.test(text)), `"${text}" matches a tag other than string`);
      }
    }
    // And the characters it does list each start something that is not a string.
    for (const start of nonStringStarts) {
      assert.ok(
        endings.some((ending) => tags.some((tag) => tag.test?.test(`${start}${ending}`))),
        `"${start}" starts nothing but strings`,
      );
    }
  });
});
