import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument, type YAMLMap } from 'yaml';
import { getMap, getNode } from '../documents/yaml.ts';
import type { TextEdit } from '../types.ts';
import { applyEdits } from './apply.ts';
import { addMapEntry, insertMapEntryAfter, replaceScalarText, setMapPath } from './yaml-edit.ts';

function mapAt(text: string, ...path: Array<string | number>): YAMLMap {
  const document = parseDocument(text, { version: '1.1' });
  const map = path.length === 0 ? document.contents : getMap(document.contents, ...path);
  assert.ok(map && 'items' in (map as object), `no mapping at ${path.join('.')}`);
  return map as YAMLMap;
}

/** Applies one edit and checks that the result is still YAML without errors. */
function edited(text: string, edit: TextEdit | undefined): string {
  assert.ok(edit, 'expected an edit');
  const result = applyEdits(text, [edit]);
  assert.deepEqual(
    parseDocument(result, { version: '1.1' }).errors.map((error) => error.message),
    [],
    `not valid YAML:\n${result}`,
  );
  return result;
}

describe('addMapEntry', () => {
  test('block mapping: a new line at its indentation, after a trailing comment', () => {
    const text = 'metadata:\n  name: web # the site\nspec: {}\n';
    assert.equal(
      edited(text, addMapEntry(text, mapAt(text, 'metadata'), 'namespace', ['web'])),
      'metadata:\n  name: web # the site\n  namespace: web\nspec: {}\n',
    );
  });

  test('flow mapping: right after the last entry', () => {
    const text = 'metadata: { name: web }\n';
    assert.equal(
      edited(text, addMapEntry(text, mapAt(text, 'metadata'), 'namespace', ['web'])),
      'metadata: { name: web, namespace: web }\n',
    );
  });

  test('empty flow mapping', () => {
    const text = 'securityContext: {}\n';
    assert.equal(
      edited(text, addMapEntry(text, mapAt(text, 'securityContext'), 'privileged', ['false'])),
      'securityContext: { privileged: false }\n',
    );
  });

  test('a lone CR at the very end of the text stays before the new entry', () => {
    const text = 'metadata:\r\n  name: web\r';
    assert.equal(
      edited(text, addMapEntry(text, mapAt(text, 'metadata'), 'namespace', ['web'])),
      'metadata:\r\n  name: web\r\n  namespace: web',
    );
  });

  test('a mapping without braces inside a flow sequence gains them', () => {
    const text = 'items: [name: web]\n';
    const document = parseDocument(text, { version: '1.1' });
    const map = (getNode(document.contents, 'items', 0) as YAMLMap | undefined) ?? assert.fail('no mapping');
    assert.equal(
      edited(text, addMapEntry(text, map, 'namespace', ['web'])),
      'items: [{ name: web, namespace: web }]\n',
    );
  });

  test('flow mapping over several lines', () => {
    const text = 'securityContext: {\n  runAsNonRoot: true\n}\n';
    assert.equal(
      edited(text, addMapEntry(text, mapAt(text, 'securityContext'), 'privileged', ['false'])),
      'securityContext: {\n  runAsNonRoot: true, privileged: false\n}\n',
    );
  });
});

describe('setMapPath', () => {
  test('a misspelt mapping on the path is renamed and used, comments kept', () => {
    const text = 'spec:\n  securityContex: # pod-wide\n    runAsUser: 1000\n  containers: []\n';
    assert.equal(
      edited(text, setMapPath(text, mapAt(text, 'spec'), ['securityContext'], 'runAsNonRoot', 'true')),
      'spec:\n  securityContext: # pod-wide\n    runAsUser: 1000\n    runAsNonRoot: true\n  containers: []\n',
    );
    const empty = 'spec:\n  SecurityContext:\n  containers: []\n';
    assert.equal(
      edited(empty, setMapPath(empty, mapAt(empty, 'spec'), ['securityContext'], 'runAsNonRoot', 'true')),
      'spec:\n  securityContext:\n    runAsNonRoot: true\n  containers: []\n',
    );
  });

  test('no edit when the key itself, or a scalar on the path, is a near miss, or when two are', () => {
    const scalar = 'spec:\n  securityContex: none\n';
    assert.equal(setMapPath(scalar, mapAt(scalar, 'spec'), ['securityContext'], 'runAsNonRoot', 'true'), undefined);
    const key = 'securityContext:\n  runAsNonRot: true\n';
    assert.equal(setMapPath(key, mapAt(key), ['securityContext'], 'runAsNonRoot', 'true'), undefined);
    const two = 'spec:\n  securityContex: {}\n  securityContxt: {}\n';
    assert.equal(setMapPath(two, mapAt(two, 'spec'), ['securityContext'], 'runAsNonRoot', 'true'), undefined);
  });

  test('a different field of similar length is no near miss', () => {
    const text = 'metadata:\n  name: web\n';
    assert.equal(
      edited(text, setMapPath(text, mapAt(text), ['metadata'], 'namespace', 'web')),
      'metadata:\n  name: web\n  namespace: web\n',
    );
  });

  test('creates the missing mappings in block style', () => {
    const text = 'containers:\n  - name: app\n    image: app:1 # pinned\n';
    const container = mapAt(text, 'containers', 0);
    assert.equal(
      edited(text, setMapPath(text, container, ['securityContext'], 'allowPrivilegeEscalation', 'false')),
      'containers:\n  - name: app\n    image: app:1 # pinned\n    securityContext:\n      allowPrivilegeEscalation: false\n',
    );
  });

  test('creates the missing mappings in flow style inside a flow mapping', () => {
    const text = 'containers: [{ name: app, image: "app:1" }]\n';
    const container = mapAt(text, 'containers', 0);
    assert.equal(
      edited(text, setMapPath(text, container, ['securityContext'], 'allowPrivilegeEscalation', 'false')),
      'containers: [{ name: app, image: "app:1", securityContext: { allowPrivilegeEscalation: false } }]\n',
    );
  });

  test('in a mapping written as JSON, the entries added are JSON, and the text stays JSON', () => {
    const pod = '{"spec": {"containers": [{"name": "c", "image": "nginx:1.27"}], "volumes": []}}';
    const container = mapAt(pod, 'spec', 'containers', 0);
    const fixed = edited(pod, setMapPath(pod, container, ['securityContext'], 'allowPrivilegeEscalation', 'false'));
    assert.equal(
      fixed,
      '{"spec": {"containers": [{"name": "c", "image": "nginx:1.27", "securityContext": { "allowPrivilegeEscalation": false }}], "volumes": []}}',
    );
    assert.deepEqual(JSON.parse(fixed).spec.containers[0].securityContext, { allowPrivilegeEscalation: false });
    // An empty mapping whose key is JSON's, and an entry after a named one.
    const empty = '{"metadata": {"name": "p"}, "spec": {"securityContext": {}}}';
    const pod2 = edited(empty, setMapPath(empty, mapAt(empty, 'spec'), ['securityContext'], 'runAsNonRoot', 'true'));
    assert.deepEqual(JSON.parse(pod2).spec.securityContext, { runAsNonRoot: true });
    const named = edited(empty, insertMapEntryAfter(empty, mapAt(empty, 'metadata'), 'name', 'namespace', 'team-a'));
    assert.deepEqual(JSON.parse(named).metadata, { name: 'p', namespace: 'team-a' });
    // YAML flow mappings stay YAML.
    const yamlFlow = 'metadata: { name: p }\n';
    assert.equal(
      edited(yamlFlow, insertMapEntryAfter(yamlFlow, mapAt(yamlFlow, 'metadata'), 'name', 'namespace', 'team-a')),
      'metadata: { name: p, namespace: team-a }\n',
    );
  });

  test('several missing levels in a flow mapping', () => {
    const text = 'spec: { replicas: 1 }\n';
    assert.equal(
      edited(text, setMapPath(text, mapAt(text, 'spec'), ['template', 'metadata'], 'name', 'x')),
      'spec: { replicas: 1, template: { metadata: { name: x } } }\n',
    );
  });

  test('an existing key has its value replaced', () => {
    const text = 'securityContext:\n  privileged: yes # legacy\n';
    assert.equal(
      edited(text, setMapPath(text, mapAt(text), ['securityContext'], 'privileged', 'false')),
      'securityContext:\n  privileged: false # legacy\n',
    );
  });

  test('an empty parent gains the key below it', () => {
    const text = 'securityContext: # filled in later\nimage: app:1\n';
    assert.equal(
      edited(text, setMapPath(text, mapAt(text), ['securityContext'], 'privileged', 'false')),
      'securityContext: # filled in later\n  privileged: false\nimage: app:1\n',
    );
  });

  test('a key without a value gains one after its colon', () => {
    const text = 'securityContext:\n  privileged: # to decide\n';
    assert.equal(
      edited(text, setMapPath(text, mapAt(text), ['securityContext'], 'privileged', 'false')),
      'securityContext:\n  privileged: false # to decide\n',
    );
  });

  test('a byte order mark before the first key does not shift the indentation', () => {
    const text = '\ufeffapiVersion: v1\nkind: ConfigMap\ndata:\n  mode: x\n';
    assert.equal(
      edited(text, setMapPath(text, mapAt(text), ['metadata'], 'namespace', 'web')),
      '\ufeffapiVersion: v1\nkind: ConfigMap\ndata:\n  mode: x\nmetadata:\n  namespace: web\n',
    );
  });

  test('a path through something that is not a mapping gives no edit', () => {
    const text = 'securityContext: [1]\n';
    assert.equal(setMapPath(text, mapAt(text), ['securityContext'], 'privileged', 'false'), undefined);
  });
});

describe('insertMapEntryAfter', () => {
  test('on the line after the key, keeping its comment', () => {
    const text = 'metadata:\n  name: hub # JupyterHub\n  labels:\n    app: hub\n';
    assert.equal(
      edited(text, insertMapEntryAfter(text, mapAt(text, 'metadata'), 'name', 'namespace', 'jupyter-lsst')),
      'metadata:\n  name: hub # JupyterHub\n  namespace: jupyter-lsst\n  labels:\n    app: hub\n',
    );
  });

  test('keeps CRLF line ends', () => {
    const text = 'metadata:\r\n  name: hub\r\n  labels: {}\r\n';
    assert.equal(
      edited(text, insertMapEntryAfter(text, mapAt(text, 'metadata'), 'name', 'namespace', 'x')),
      'metadata:\r\n  name: hub\r\n  namespace: x\r\n  labels: {}\r\n',
    );
  });

  test('in a flow mapping, right after the entry', () => {
    const text = 'metadata: { name: hub, labels: { app: hub } }\n';
    assert.equal(
      edited(text, insertMapEntryAfter(text, mapAt(text, 'metadata'), 'name', 'namespace', 'x')),
      'metadata: { name: hub, namespace: x, labels: { app: hub } }\n',
    );
  });

  test('after a value over several lines, or without the key: at the end of the mapping', () => {
    const multiLine = 'metadata:\n  name: >-\n    hub\n  labels: {}\n';
    assert.equal(
      edited(multiLine, insertMapEntryAfter(multiLine, mapAt(multiLine, 'metadata'), 'name', 'namespace', 'x')),
      'metadata:\n  name: >-\n    hub\n  labels: {}\n  namespace: x\n',
    );
    const withoutName = 'metadata:\n  labels: {}\n';
    assert.equal(
      edited(withoutName, insertMapEntryAfter(withoutName, mapAt(withoutName, 'metadata'), 'name', 'namespace', 'x')),
      'metadata:\n  labels: {}\n  namespace: x\n',
    );
  });

  test('a mapping that starts on a sequence item line', () => {
    const text = 'items:\n  - name: hub\n    kind: x\n';
    assert.equal(
      edited(text, insertMapEntryAfter(text, mapAt(text, 'items', 0), 'name', 'namespace', 'x')),
      'items:\n  - name: hub\n    namespace: x\n    kind: x\n',
    );
  });
});

describe('replaceScalarText', () => {
  test('keeps the quotes of a quoted scalar', () => {
    const text = 'apiVersion: "batch/v1beta1"\n';
    assert.equal(edited(text, replaceScalarText(text, [12, 27], 'batch/v1')), 'apiVersion: "batch/v1"\n');
    const single = "apiVersion: 'batch/v1beta1'\n";
    assert.equal(edited(single, replaceScalarText(single, [12, 27], 'batch/v1')), "apiVersion: 'batch/v1'\n");
  });

  test('replaces a plain scalar whole', () => {
    const text = 'apiVersion: batch/v1beta1 # old\n';
    assert.equal(edited(text, replaceScalarText(text, [12, 25], 'batch/v1')), 'apiVersion: batch/v1 # old\n');
  });
});
