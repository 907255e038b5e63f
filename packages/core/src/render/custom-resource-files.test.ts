import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultResolvedConfig } from '../config/load.ts';
import { configuredCustomResources } from './custom-resource-files.ts';

const definition = (kind: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: ${kind.toLowerCase()}s.example.org }
spec:
  group: example.org
  names: { kind: ${kind}, plural: ${kind.toLowerCase()}s }
  scope: Namespaced
  versions:
    - { name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }
`;

test('the CRDs of the files and folders the configuration names, from the folder of the file that names them', () => {
  const folder = mkdtempSync(join(tmpdir(), 'lsst-crds-'));
  mkdirSync(join(folder, 'repo', 'crds', 'nested'), { recursive: true });
  writeFileSync(join(folder, 'repo', 'crds', 'widget.yaml'), definition('Widget'));
  writeFileSync(join(folder, 'repo', 'crds', 'nested', 'gadget.yml'), definition('Gadget'));
  writeFileSync(join(folder, 'repo', 'crds', 'notes.txt'), definition('Ignored'));
  writeFileSync(join(folder, 'repo', 'single.yaml'), definition('Single'));
  const config = {
    ...defaultResolvedConfig(),
    customResourceDefinitions: ['crds', 'single.yaml', 'missing'],
    customResourceDefinitionsSource: join(folder, 'repo', '.lsst.yaml'),
  };
  const catalog = configuredCustomResources(config, '/elsewhere');
  assert.deepEqual(
    ['Widget', 'Gadget', 'Single', 'Ignored'].map((kind) => catalog.get('example.org/v1', kind) !== undefined),
    [true, true, true, false],
  );
  assert.equal(configuredCustomResources(defaultResolvedConfig(), folder).size, 0);
});
