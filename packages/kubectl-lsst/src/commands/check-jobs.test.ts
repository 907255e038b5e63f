// `check --jobs N`: files checked in worker threads give the report of a serial run, byte for byte.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { makeFolder, runInProcess } from '../../test/check-support.ts';
import { defaultJobs } from '../lib/run-check.ts';

function deployment(index: number): string {
  const image = ['nginx', 'nginx:1.27.0', `redis:7.2@sha256:${'a'.repeat(64)}`][index % 3];
  const suppression = index % 4 === 0 ? '  # lsst-ignore image/pinned -- pinned by the release job\n' : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${index}
${index % 2 === 0 ? '  namespace: team\n' : ''}spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
${suppression}          image: ${image}
          securityContext: { runAsNonRoot: ${index % 5 === 0} }
`;
}

const crd = `apiVersion: apiextensions.k8s.io/v1
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
            spec: { type: object, properties: { size: { type: integer } } }
`;

/** Enough files of every sort to keep two or three workers busy and out of step. */
function project(): Record<string, string | Buffer> {
  const files: Record<string, string | Buffer> = {
    'crds/widget.yaml': crd,
    'apps/widget.yaml':
      'apiVersion: example.org/v1\nkind: Widget\nmetadata: { name: w, namespace: team }\nspec: { size: big }\n',
    'apps/values.yaml': 'replicaCount: 2\n',
    'apps/broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: [unclosed\n',
    'apps/latin1.yaml': Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]),
    'images/Dockerfile': 'FROM ubuntu\nRUN apt-get install -y curl\n',
    'strict/.lsst.yaml': 'rules:\n  image/pinned: error\n',
  };
  for (let index = 0; index < 40; index++) {
    const folder = index % 3 === 0 ? 'strict' : 'apps';
    const documents = Array.from({ length: 1 + (index % 4) }, (_, offset) => deployment(index * 4 + offset));
    files[`${folder}/bundle-${String(index).padStart(2, '0')}.yaml`] = documents.join('---\n');
  }
  return files;
}

describe('check --jobs', () => {
  const folder = makeFolder(project());
  const variants: [string, string[]][] = [
    ['stylish', ['--format', 'stylish']],
    ['json', ['--format', 'json']],
    ['sarif', ['--format', 'sarif']],
    ['github', ['--format', 'github']],
    ['junit', ['--format', 'junit']],
    [
      'json, suppressed shown, checked on a fixed date',
      ['--format', 'json', '--show-suppressed', '--now', '2030-01-01'],
    ],
    ['stylish, errors only, skipped files named', ['--quiet', '--verbose']],
  ];
  for (const [name, flags] of variants) {
    test(`${name}: the same report, notices and exit code as one thread`, async () => {
      const serial = await runInProcess(['check', ...flags, '--jobs', '1', '.'], folder);
      const parallel = await runInProcess(['check', ...flags, '--jobs', '3', '.'], folder);
      assert.equal(serial.exitCode, 1, serial.stderr);
      assert.ok(serial.stdout.length > 1000, 'the report has findings from many files');
      assert.equal(parallel.stdout, serial.stdout);
      assert.equal(parallel.stderr, serial.stderr);
      assert.equal(parallel.exitCode, serial.exitCode);
    });
  }

  test('custom resources are validated through the CRDs among the files in every worker', async () => {
    const outcome = await runInProcess(['check', '--format', 'json', '--jobs', '2', '.'], folder);
    assert.match(outcome.stdout, /"path": "apps\/widget.yaml"[\s\S]*?"rule": "input\/schema"/);
  });

  test('a report file written by workers is the serial one', async () => {
    await runInProcess(['check', '--format', 'junit', '--jobs', '1', '-o', 'serial.xml', 'apps', 'strict'], folder);
    await runInProcess(['check', '--format', 'junit', '--jobs', '2', '-o', 'parallel.xml', 'apps', 'strict'], folder);
    const serial = readFileSync(join(folder, 'serial.xml'), 'utf8');
    assert.match(serial, /<testsuites name="kubectl-lsst" tests="\d+"/);
    assert.equal(readFileSync(join(folder, 'parallel.xml'), 'utf8'), serial);
  });

  test('a configuration error in one folder stops the run as it does in one thread', async () => {
    const broken = makeFolder({ ...project(), 'strict/.lsst.yaml': 'rules:\n  image/pinned: loud\n' });
    const serial = await runInProcess(['check', '--jobs', '1', 'apps', 'strict'], broken);
    const parallel = await runInProcess(['check', '--jobs', '2', 'apps', 'strict'], broken);
    assert.equal(serial.exitCode, 2, serial.stderr);
    assert.equal(parallel.exitCode, 2, parallel.stderr);
    assert.match(parallel.stderr, /loud/);
    assert.equal(parallel.stderr, serial.stderr);
    assert.equal(serial.stdout, '', 'no part of a report is written before the error');
    assert.equal(parallel.stdout, '');
  });

  test('--jobs outside 1 to 16 is a usage error', async () => {
    for (const jobs of ['0', '17']) {
      const outcome = await runInProcess(['check', '--jobs', jobs, '.'], folder);
      assert.equal(outcome.exitCode, 2);
      assert.match(outcome.stderr, /--jobs must be from 1 to 16/);
    }
  });

  test('without --jobs, workers only for many files on a machine with CPUs to spare', () => {
    // Two CPUs: one thread already keeps the second busy with V8's collector and compiler.
    assert.equal(defaultJobs(5000, 2), 1);
    assert.equal(defaultJobs(5000, 3), 1);
    assert.equal(defaultJobs(63, 8), 1);
    assert.equal(defaultJobs(64, 4), 2);
    assert.equal(defaultJobs(5000, 64), 2);
  });
});
