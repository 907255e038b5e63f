import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parseDocument } from 'yaml';
import { renderConfigSchema, schemaPath } from '../../scripts/generate-schema.ts';
import { configYamlOptions, validateConfigText } from './load.ts';
import { configJsonSchema, configSpec, type Spec } from './schema.ts';

const committed = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ allErrors: true, strict: true });
const validateWithAjv = ajv.compile(committed);

/** What ajv says of a configuration text read as the loader reads YAML. */
function ajvAccepts(text: string): boolean {
  return validateWithAjv(parseDocument(text, configYamlOptions).toJS() ?? {}) === true;
}

function runtimeAccepts(text: string): boolean {
  return validateConfigText(text).problems.length === 0;
}

const validSamples = [
  '',
  'targets: [prod]\n',
  'clusters:\n  - { name: a, role: development, kubernetesVersion: "1.33" }\n  - { name: b, role: production, kubernetesVersion: "1.29", match: { contexts: ["b-*"], servers: ["https://b:6443"] } }\ntargets: [a, b]\n',
  'registries: { local: [registry.example.org], mirror: registry.example.org/hub, trustedDockerHubOrganizations: [] }\n',
  'fileSets:\n  - { path: /data, access: read-only, audience: all }\n  - { path: /home2, access: read-write, audience: science, scope: user, purged: false }\n',
  'namespaces: { science: ["nb-*", "jupyter-*"], default: my-team }\n',
  'rules:\n  image/pinned: off\n  image/trusted-source: "off"\n  security/run-as-non-root: { severity: error, suppressible: false }\n  input/invalid: { suppressible: true }\n',
  'exemptions:\n  - { rule: filesets/allowed-paths, namespace: mon*, kind: DaemonSet, name: node-exporter, container: c, path: "deploy/**", reason: r, until: 2027-06-30 }\n',
  'portRequests: { namespace: port-requests }\nlimits: { maxFileSize: 1, maxDocuments: 2, maxDepth: 3, maxAliasCount: 4, maxLineLength: 5 }\n',
];

const invalidSamples = [
  'cluster: []\n',
  'targets: dev\n',
  'targets: []\n',
  'clusters: []\n',
  'clusters:\n  - { name: a, role: prod, kubernetesVersion: "1.30" }\n',
  'clusters:\n  - { name: a, role: testing, kubernetesVersion: 1.30 }\n',
  'clusters:\n  - { name: a, role: testing, kubernetesVersion: "v1.30" }\n',
  'clusters:\n  - { name: a, role: testing }\n',
  'clusters:\n  - { name: a, role: testing, kubernetesVersion: "1.30", match: { context: [a] } }\n',
  'registries: { local: registry.example.org }\n',
  'registries: { colour: red }\n',
  'fileSets:\n  - { path: data, access: read-only, audience: all }\n',
  'fileSets:\n  - { path: /data, access: rw, audience: all }\n',
  'namespaces: { default: My_Team }\n',
  'rules:\n  image/pinned: warn\n',
  'rules:\n  image/pinned: yes\n',
  'rules:\n  Image/Pinned: off\n',
  'rules:\n  image/pinned: { severity: error, fixable: true }\n',
  'rules:\n  image/pinned: [error]\n',
  'exemptions:\n  - { rule: image/pinned }\n',
  'exemptions:\n  - { rule: image/pinned, reason: r, until: 2027-6-30 }\n',
  'exemptions:\n  - { rule: image/pinned, reason: r, until: 2027-13-01 }\n',
  'exemptions:\n  - { rule: image/pinned, reason: "" }\n',
  'portRequests: { namespace: 3 }\n',
  'limits: { maxDepth: 0 }\n',
  'limits: { maxDepth: 2.5 }\n',
  'limits: { maxDepth: "10" }\n',
  '- a\n',
];

/** Beyond what a JSON Schema can say: checked by the loader only. */
const semanticSamples = [
  'targets: [nowhere]\n',
  'clusters:\n  - { name: a, role: testing, kubernetesVersion: "1.30" }\n  - { name: a, role: testing, kubernetesVersion: "1.31" }\n',
  'exemptions:\n  - { rule: image/pinned, reason: r, until: 2027-02-30 }\n',
];

describe('the committed JSON Schema', () => {
  it('is what the generator writes (run packages/core/scripts/generate-schema.ts after changing schema.ts)', () => {
    assert.equal(readFileSync(schemaPath, 'utf8'), renderConfigSchema());
    assert.deepEqual(committed, configJsonSchema());
  });

  it('is draft-07, with a description on every node', () => {
    assert.equal(committed.$schema, 'http://json-schema.org/draft-07/schema#');
    const missing: string[] = [];
    const walk = (spec: Spec, path: string) => {
      if (!spec.description) missing.push(path);
      if (spec.type === 'object')
        for (const [key, child] of Object.entries(spec.properties)) walk(child, `${path}.${key}`);
      if (spec.type === 'array') walk(spec.items, `${path}[]`);
      if (spec.type === 'map') {
        walk(spec.keys, `${path}{key}`);
        walk(spec.values, `${path}{value}`);
      }
      if (spec.type === 'either') {
        walk(spec.scalar, `${path}|scalar`);
        walk(spec.map, `${path}|map`);
      }
    };
    walk(configSpec, '');
    assert.deepEqual(missing, []);
  });

  it('keeps the contract keys', () => {
    const properties = Object.keys(committed.properties as object);
    for (const key of [
      'clusters',
      'targets',
      'registries',
      'fileSets',
      'namespaces',
      'rules',
      'exemptions',
      'portRequests',
    ]) {
      assert.ok(properties.includes(key), key);
    }
  });
});

describe('the runtime validator agrees with ajv on the generated schema', () => {
  for (const sample of validSamples) {
    it(`both accept ${JSON.stringify(sample)}`, () => {
      assert.equal(ajvAccepts(sample), true, JSON.stringify(validateWithAjv.errors));
      assert.deepEqual(validateConfigText(sample).problems, []);
    });
  }
  for (const sample of invalidSamples) {
    it(`both reject ${JSON.stringify(sample)}`, () => {
      assert.equal(ajvAccepts(sample), false);
      assert.equal(runtimeAccepts(sample), false);
    });
  }
  for (const sample of semanticSamples) {
    it(`only the loader rejects ${JSON.stringify(sample)}`, () => {
      assert.equal(ajvAccepts(sample), true);
      assert.equal(runtimeAccepts(sample), false);
    });
  }
});
