import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultResolvedConfig } from '../config/load.ts';
import { addDefinitionsFromText, CustomResourceCatalog } from './custom-resources.ts';
import { fieldAt, fieldsAt } from './fields.ts';

const config = defaultResolvedConfig();
const dev = config.clusters.find((cluster) => cluster.name === 'dev');
const prod = config.clusters.find((cluster) => cluster.name === 'prod');
if (!dev || !prod) throw new Error('the default clusters changed');

// The line being typed is the only one that does not parse, as in the editor.
const deployment = (typing: 'container' | 'volume' | 'nothing') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: web
          ${typing === 'container' ? 'ima' : 'image: nginx:1.27.0'}
      volumes:
        - name: data
          ${typing === 'volume' ? '' : 'emptyDir: {}'}
`;

test('completion lists the fields of the mapping at the cursor that it lacks, with types, from the target version', () => {
  const typingImage = deployment('container');
  const inContainer = fieldsAt(typingImage, typingImage.indexOf('ima') + 3, { target: dev }) ?? [];
  const names = inContainer.map((field) => field.name);
  assert.ok(names.includes('image') && names.includes('imagePullPolicy'), names.join(', '));
  assert.ok(!names.includes('name'), 'a field already there is not offered');
  assert.deepEqual(
    inContainer.find((field) => field.name === 'imagePullPolicy'),
    { name: 'imagePullPolicy', type: 'string', required: false, values: ['Always', 'IfNotPresent', 'Never'] },
  );
  assert.equal(inContainer.find((field) => field.name === 'ports')?.type, 'list of ContainerPort');
  const typingVolume = deployment('volume');
  const volumeAt = typingVolume.lastIndexOf('          \n') + 10;
  const inVolume = (target: typeof dev) =>
    (fieldsAt(typingVolume, volumeAt, { target }) ?? []).map((field) => field.name);
  assert.ok(inVolume(dev).includes('image'), 'Kubernetes 1.31 has image volumes');
  assert.ok(!inVolume(prod).includes('image'), 'Kubernetes 1.29 has none');
  assert.ok(inVolume(dev).includes('emptyDir'));
});

test('hover on a key gives its type; a custom kind reads its CRD; elsewhere there is nothing', () => {
  const complete = deployment('nothing');
  const replicas = fieldAt(complete, complete.indexOf('replicas') + 2, { target: dev });
  assert.deepEqual(
    { ...replicas, description: undefined },
    {
      name: 'replicas',
      type: 'integer',
      required: false,
      description: undefined,
    },
  );
  assert.match(replicas?.description ?? '', /^Number of desired pods\./);
  assert.equal(fieldAt(complete, complete.indexOf('template') + 1, { target: dev })?.required, true);
  const catalog = new CustomResourceCatalog();
  addDefinitionsFromText(
    catalog,
    `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.org }
spec:
  group: example.org
  names: { kind: Widget, plural: widgets }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size: { type: integer, description: How many widgets run. }
                port: { x-kubernetes-int-or-string: true }
                parts: { type: array, items: { type: object, properties: { name: { type: string, description: The part's name. } } } }
`,
    'crd.yaml',
  );
  const widget =
    'apiVersion: example.org/v1\nkind: Widget\nmetadata: { name: w }\nspec:\n  size: 3\n  port: http\n  parts:\n    - name: a\n';
  assert.deepEqual(fieldAt(widget, widget.indexOf('port') + 1, { target: dev, customResources: catalog }), {
    name: 'port',
    type: 'integer or string',
    required: false,
  });
  assert.equal(fieldAt(widget, widget.indexOf('port') + 1, { target: dev }), undefined, 'no CRD, no schema');
  const withCatalog = { target: dev, customResources: catalog };
  assert.equal(fieldAt(widget, widget.indexOf('size') + 1, withCatalog)?.description, 'How many widgets run.');
  assert.equal(fieldAt(widget, widget.indexOf('- name') + 3, withCatalog)?.description, "The part's name.");
  assert.match(fieldAt(widget, widget.indexOf('name: w'), withCatalog)?.description ?? '', /^Name must be unique/);
  assert.equal(fieldsAt('just: text\n', 3, { target: dev }), undefined);
});

test('hover describes a field from the definition that holds it, at any depth', () => {
  const complete = deployment('nothing');
  const image = fieldAt(complete, complete.indexOf('image:') + 1, { target: dev });
  assert.equal(image?.type, 'string');
  assert.match(image?.description ?? '', /^Container image name\./);
  const emptyDir = fieldAt(complete, complete.indexOf('emptyDir') + 1, { target: prod });
  assert.equal(emptyDir?.type, 'EmptyDirVolumeSource');
  assert.match(emptyDir?.description ?? '', /emptyDir represents a temporary directory/);
});
