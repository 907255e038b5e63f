// plainValue gives what toJSON gives, for every document of the repository's YAML and of the fuzz
// generators, through both readers, and for what it leaves to toJSON (tags, aliases, merges, odd keys).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Document, parseAllDocuments } from 'yaml';
import { filesUnder, fuzzCases, repositoryRoot } from '../fuzz/differential-inputs.ts';
import { fastParseAllDocuments } from './fast-yaml.ts';
import { plainValue } from './plain-value.ts';

const yamlOptions = { version: '1.1', uniqueKeys: true, prettyErrors: false, keepSourceTokens: false } as const;

/** Every document of the text, through yaml and (when it reads the text) the fast path: plainValue equals toJSON. */
function assertSameAsToJson(text: string, source: string): number {
  let compared = 0;
  const fast = fastParseAllDocuments(text, yamlOptions);
  for (const documents of [parseAllDocuments(text, yamlOptions), fast]) {
    if (!Array.isArray(documents)) continue;
    for (const document of documents) {
      if (document.errors.length > 0 || document.contents === null) continue;
      const contents = document.contents;
      let expected: unknown;
      try {
        expected = contents.toJSON();
      } catch (error) {
        // A node read alone cannot resolve an alias: toJSON throws, and so must plainValue.
        assert.throws(() => plainValue(contents), { message: (error as Error).message }, source);
        compared += 1;
        continue;
      }
      assert.deepStrictEqual(plainValue(contents), expected, source);
      compared += 1;
    }
  }
  return compared;
}

describe('plainValue is toJSON', () => {
  test('every YAML file of the repository and every fuzz case, through both readers', () => {
    const files = ['examples', 'docs', 'packages'].flatMap((folder) =>
      filesUnder(join(repositoryRoot, folder), (path) => /\.ya?ml$/.test(path)),
    );
    let compared = 0;
    for (const path of files) compared += assertSameAsToJson(readFileSync(path, 'utf8'), path);
    for (const input of fuzzCases('manifest', { test: 100, longRun: 0 })) {
      compared += assertSameAsToJson(input.text, input.source);
    }
    assert.ok(compared > 800, `only ${compared} documents compared`);
  });

  test('what it leaves to toJSON comes out as toJSON spells it', () => {
    const cases = [
      'a: &x { b: 1 }\nc: *x\n',
      'base: &b { x: 1 }\nderived: { <<: *b, y: 2 }\n',
      'when: 2001-12-14t21:59:43.10-05:00\n',
      'data: !!binary aGVsbG8=\n',
      'set: !!set { a, b }\n',
      'pairs: !!omap [ { a: 1 }, { b: 2 } ]\n',
      'port: !!str 80\n',
      '200: ok\n3.5: x\ntrue: y\nnull: z\n',
      '? [a, b]\n: complex key\n',
      '__proto__: { polluted: true }\nconstructor: 1\ntoString: 2\n',
      'items: [1, -0, .nan, .inf, 0x1F, 0o17, 1_000, yes, off, ~, "", \'\']\n',
      'empty:\nnested: { a: [ {}, [], { b: } ] }\n',
    ];
    for (const text of cases) assert.ok(assertSameAsToJson(text, text) > 0, text);
  });

  test('generated plain trees: maps, sequences and scalars of every kind', () => {
    const scalar = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom('yes', 'No', '0x1F', '1_000', '.inf', '~', '2001-12-14', '<<', '__proto__', 'a: b', '- x'),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, tie('map'), tie('list')),
      map: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('<<', 'constructor', '1', 'true')), tie('node')),
      list: fc.array(tie('node'), { maxLength: 4 }),
    })).node;
    fc.assert(
      fc.property(tree, fc.boolean(), (value, flow) => {
        const text = new Document(value).toString({ collectionStyle: flow ? 'flow' : 'block' });
        assertSameAsToJson(text, text);
      }),
      { seed: 20261208, numRuns: 300 },
    );
  });
});
