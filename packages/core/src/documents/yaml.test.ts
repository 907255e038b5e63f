import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Pair,
  parseDocument,
  Scalar,
  visit,
  type YAMLMap,
} from 'yaml';
import { fastParseAllDocuments } from './fast-yaml.ts';
import { getNode, getPair, nodeTypeOf, nodeTypes } from './yaml.ts';

const options = { version: '1.1', uniqueKeys: true, prettyErrors: false, keepSourceTokens: false } as const;

function rootMap(text: string): YAMLMap {
  const contents = parseDocument(text, options).contents;
  assert.ok(isMap(contents));
  return contents;
}

describe('getPair', () => {
  it('finds a key by its text, as written', () => {
    const map = rootMap('name: web\n"quoted": 1\n8080: port\nyes: true\n');
    assert.equal(getNode(map, 'name')?.toString(), 'web');
    assert.equal(getNode(map, 'quoted')?.toString(), '1');
    // Keys are matched by their source text: `8080` and `yes`, not 8080 and true.
    assert.equal(getNode(map, '8080')?.toString(), 'port');
    assert.equal(getNode(map, 'yes')?.toString(), 'true');
    assert.equal(getPair(map, 'true'), undefined);
    assert.equal(getPair(map, 'missing'), undefined);
  });

  it('finds the same pairs in what the fast path reads', () => {
    const text = 'metadata:\n  name: web\n  labels: { app: web, x: z }\n';
    const [document] = fastParseAllDocuments(text, options) ?? [];
    assert.ok(document);
    assert.equal(getNode(document.contents, 'metadata', 'name')?.toString(), 'web');
    assert.equal(getNode(document.contents, 'metadata', 'labels', 'x')?.toString(), 'z');
    assert.equal(getNode(document.contents, 'metadata', 'labels', 'app')?.toString(), 'web');
  });

  it('does not take an alias key for the anchor it names, nor a collection key for a scalar', () => {
    const map = rootMap('base: &app web\n*app : from the alias\n? [app]\n: from a list\n');
    assert.equal(getPair(map, 'app'), undefined);
    assert.equal(getNode(map, 'base')?.toString(), 'web');
  });

  it('reads keys made without source text: scalars by value, plain strings not at all', () => {
    const map = new Document({}).createNode({}) as YAMLMap;
    map.items.push(new Pair(new Scalar('made'), new Scalar(1)));
    map.items.push(new Pair(new Scalar(42), new Scalar(2)));
    map.items.push(new Pair('plain', new Scalar(3)));
    assert.equal(getNode(map, 'made')?.toString(), '1');
    assert.equal(getNode(map, '42')?.toString(), '2');
    assert.equal(getPair(map, 'plain'), undefined);
  });
});

describe('nodeTypeOf', () => {
  it("tells every kind of node apart as yaml's own predicates do, on both readers' nodes", () => {
    const text = 'a: &x 1\nb: *x\nc: [1, {d: e}]\nf:\n  - g\n  - "h"\n';
    const fast = fastParseAllDocuments('a: 1\nc: [1, {d: e}]\nf:\n  - g\n  - "h"\n', options)?.[0];
    assert.ok(fast);
    let seen = 0;
    for (const document of [parseDocument(text, options), fast]) {
      visit(document, (_key, node) => {
        seen++;
        assert.equal(nodeTypeOf(node) === nodeTypes.scalar, isScalar(node));
        assert.equal(nodeTypeOf(node) === nodeTypes.map, isMap(node));
        assert.equal(nodeTypeOf(node) === nodeTypes.seq, isSeq(node));
        assert.equal(nodeTypeOf(node) === nodeTypes.alias, isAlias(node));
        assert.equal(nodeTypeOf(node) === nodeTypes.pair, isPair(node));
      });
    }
    assert.ok(seen > 20);
    for (const notANode of [null, undefined, 'a', 1, {}, []]) assert.equal(nodeTypeOf(notANode), undefined);
  });
});
