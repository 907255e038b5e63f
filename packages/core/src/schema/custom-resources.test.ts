// The catalog reads a stream's CRDs document by document, and a document it has read before (the
// same CRD in crds/ and in an install.yaml that bundles it) is not read again: the kinds, versions
// and sources are those of reading every document of every file in order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseManifest } from '../documents/yaml.ts';
import { addDefinitionMap, addDefinitionsFromText, CustomResourceCatalog } from './custom-resources.ts';

const crd = (kind: string, version = 'v1', description = 'a field') =>
  [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    `metadata: { name: ${kind.toLowerCase()}s.example.org }`,
    'spec:',
    '  group: example.org',
    `  names: { kind: ${kind}, plural: ${kind.toLowerCase()}s }`,
    '  scope: Namespaced',
    '  versions:',
    `    - name: ${version}`,
    '      served: true',
    '      storage: true',
    '      schema:',
    '        openAPIV3Schema:',
    '          type: object',
    '          properties:',
    '            spec:',
    '              type: object',
    '              description: |',
    `                ${description}`,
    '                  ---',
    '              properties: { size: { type: integer } }',
    '',
  ].join('\n');

const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: app }\n';

/** The catalog as reading every document of every file whole, in order, gives it. */
function wholeRead(files: Record<string, string>): CustomResourceCatalog {
  const catalog = new CustomResourceCatalog();
  for (const [source, text] of Object.entries(files)) {
    for (const document of parseManifest(text).documents) {
      for (const object of document.objects) {
        if (object.kind === 'CustomResourceDefinition') addDefinitionMap(catalog, object.map, source);
      }
    }
  }
  return catalog;
}

function summary(catalog: CustomResourceCatalog): string[] {
  const found: string[] = [];
  for (const [apiVersion, kind] of [
    ['example.org/v1', 'Widget'],
    ['example.org/v2', 'Widget'],
    ['example.org/v1', 'Gadget'],
    ['example.org/v1', 'Gizmo'],
  ] as const) {
    const entry = catalog.get(apiVersion, kind);
    if (entry) found.push(`${apiVersion} ${kind} from ${entry.source}: ${JSON.stringify(entry)}`);
  }
  return found;
}

test('a CRD bundled again in another file is read once; the kinds are those of reading every file whole', () => {
  const files = {
    'crds/widget.yaml': crd('Widget'),
    'install.yaml': `${deployment}---\n${crd('Widget')}--- # the next one\n${crd('Gadget')}...\n---\n${deployment}`,
    // The same kind in another version: a different document, read, but the first definition of v1 stays.
    'upgrade.yaml': `---\n${crd('Widget', 'v2')}---\n${crd('Gizmo', 'v1', 'text with --- inside')}`,
    'with-directive.yaml': `%YAML 1.1\n---\n${crd('Gadget', 'v1', 'another')}`,
  };
  const catalog = new CustomResourceCatalog();
  const added = Object.entries(files).map(([source, text]) => addDefinitionsFromText(catalog, text, source));
  assert.deepEqual(added, [1, 1, 2, 0]);
  assert.deepEqual(summary(catalog), summary(wholeRead(files)));
  assert.equal(summary(catalog).length, 4);
  // crds/widget.yaml's document and install.yaml's copy of it: one digest.
  assert.equal(catalog.documentsRead.size, 5);
});

test('a document split from its stream reads as in the stream, block scalars and flow collections included', () => {
  const text = [
    crd('Widget'),
    '---',
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata: { name: gadgets.example.org }',
    'spec: { group: example.org, names: { kind: Gadget, plural: gadgets }, scope: Namespaced,',
    '  versions: [ { name: v1, served: true, storage: true,',
    '    schema: { openAPIV3Schema: { type: object, description: "two',
    '      lines" } } } ] }',
    '--- ',
    crd('Gizmo'),
  ].join('\n');
  const catalog = new CustomResourceCatalog();
  assert.equal(addDefinitionsFromText(catalog, text, 'all.yaml'), 3);
  assert.deepEqual(summary(catalog), summary(wholeRead({ 'all.yaml': text })));
});
