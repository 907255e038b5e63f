import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import Ajv from 'ajv';
import { renderBaselineSchema } from '../../scripts/generate-schema.ts';
import { defaultResolvedConfig } from '../config/load.ts';
import { checkText } from '../engine/check.ts';
import {
  type BaselineEntry,
  BaselineError,
  type BaselineFileStatus,
  baselineEntryFor,
  matchBaseline,
  parseBaseline,
  serializeBaseline,
} from './baseline.ts';
import { findingFingerprint } from './fingerprint.ts';
import { baselineJsonSchema } from './schema.ts';

const now = new Date('2026-11-27T12:00:00Z');
const config = defaultResolvedConfig();

/** What a run would record for these files. */
function entriesOf(files: Record<string, string>): BaselineEntry[] {
  return Object.entries(files).flatMap(([file, text]) =>
    checkText({ path: file, text }, { config, now })
      .findings.filter((finding) => !finding.suppression)
      .map((finding) => baselineEntryFor(finding, file, findingFingerprint(finding, text))),
  );
}

const web = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: science
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:latest
        - name: sidecar
          image: "busybox:1.36"
`;
const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: science
spec:
  template:
    spec:
      containers:
        - name: migrate
          image: postgres:9.6-stretch
`;
const dockerfile = 'FROM centos:7\nRUN yum install -y gcc make\nCMD ["/app"]\n';

const before = { 'deploy/all.yaml': `${web}---\n${job}`, Dockerfile: dockerfile };

function compare(after: Record<string, string>, status?: (file: string) => BaselineFileStatus) {
  const entries = entriesOf(before);
  const findings = entriesOf(after);
  const statusOf = status ?? ((file: string) => (file in after ? 'checked' : 'missing'));
  const result = matchBaseline(entries, findings, statusOf);
  return {
    entries,
    findings,
    result,
    fresh: findings.filter((_, index) => result.matches[index] === undefined),
  };
}

describe('baseline matching', () => {
  test('the same files match every entry, each once', () => {
    const { entries, fresh, result } = compare(before);
    assert.ok(entries.length >= 6, `${entries.length} entries`);
    assert.deepEqual(fresh, []);
    assert.deepEqual(result.fixed, []);
    assert.equal(new Set(result.matches).size, entries.length);
  });

  test('survives lines moving, documents reordered and reformatted, and a renamed file', () => {
    const reformatted = web
      .replace('  name: web', '  name: "web"')
      .replace(
        / {6}containers:\n[\s\S]*$/,
        '      containers: [{name: app, image: "nginx:latest"}, {name: sidecar, image: busybox:1.36}]\n',
      );
    const after = {
      'manifests/all.yaml': `# moved here\n\n${job.replace(/^ {2}/gm, '    ')}---\n${reformatted}`,
      Dockerfile: `# syntax=docker/dockerfile:1\n\n${dockerfile.replace('gcc make', 'gcc \\\n    make')}`,
    };
    const { fresh, result } = compare(after);
    assert.deepEqual(fresh, []);
    assert.deepEqual(result.fixed, []);
  });

  test('reports exactly the new finding, and the fixed entry as fixed', () => {
    const after = {
      'deploy/all.yaml': `${web.replace('nginx:latest', 'nginx:1.27.3@sha256:'.padEnd(84, 'a'))}---\n${job}`,
      Dockerfile: dockerfile.replace('CMD', 'ADD https://example.org/tool.tar.gz /opt/\nCMD'),
    };
    const { fresh, result } = compare(after);
    assert.deepEqual(
      fresh.map((entry) => `${entry.file} ${entry.rule}`),
      ['Dockerfile image/verified-downloads'],
    );
    assert.deepEqual(
      result.fixed.map((entry) => `${entry.file} ${entry.rule} ${entry.object?.container}`),
      ['deploy/all.yaml image/pinned app'],
    );
  });

  test('a finding in another object of the same kind is new, though its text is the same', () => {
    const after = {
      ...before,
      'deploy/all.yaml': `${before['deploy/all.yaml']}---\n${web.replace('name: web', 'name: api')}`,
    };
    const { fresh } = compare(after);
    assert.ok(fresh.length > 0);
    assert.ok(fresh.every((entry) => entry.object?.name === 'api'));
  });

  test('entries of files the run did not check are neither matched nor fixed', () => {
    const { result } = compare({ Dockerfile: dockerfile }, (file) => (file === 'Dockerfile' ? 'checked' : 'unchecked'));
    assert.deepEqual(result.fixed, []);
    assert.ok(result.unchecked.length > 0 && result.unchecked.every((entry) => entry.file === 'deploy/all.yaml'));
  });

  test('a deleted file fixes its entries; its findings do not move into a file the baseline knows', () => {
    const { result, fresh } = compare({ Dockerfile: dockerfile, 'deploy/all.yaml': '' });
    assert.deepEqual(fresh, []);
    assert.ok(result.fixed.length > 0 && result.fixed.every((entry) => entry.file === 'deploy/all.yaml'));
    const moved = compare({ Dockerfile: `${dockerfile}\n# plus\n` }, (file) =>
      file === 'Dockerfile' ? 'checked' : 'missing',
    );
    assert.ok(moved.result.fixed.every((entry) => entry.file === 'deploy/all.yaml'));
  });

  test('an object that gets a namespace is still itself: its other findings stay baselined', () => {
    const withoutNamespace = web.replace('  namespace: science\n', '');
    const entries = entriesOf({ 'web.yaml': withoutNamespace });
    assert.ok(entries.some((entry) => entry.rule === 'namespace/explicit'));
    const findings = entriesOf({ 'web.yaml': web });
    const result = matchBaseline(entries, findings, () => 'checked');
    assert.deepEqual(
      findings.filter((_, index) => result.matches[index] === undefined),
      [],
    );
    assert.deepEqual(
      result.fixed.map((entry) => entry.rule),
      ['namespace/explicit'],
    );
  });

  test('an edited offending text is recognised by its message, within the same object', () => {
    const after = {
      ...before,
      'deploy/all.yaml': before['deploy/all.yaml'].replace('- name: app', '- name: app  # the web server'),
    };
    const { fresh, result } = compare(after);
    assert.deepEqual(fresh, []);
    assert.deepEqual(result.fixed, []);
  });
});

describe('the baseline file', () => {
  const entries = entriesOf(before);

  test('is sorted by file, rule and object whatever order it was given in, and reads back the same', () => {
    const text = serializeBaseline([...entries].reverse());
    assert.equal(text, serializeBaseline(entries));
    const files = parseBaseline(text, 'b.json').entries.map((entry) => `${entry.file} ${entry.rule}`);
    assert.deepEqual(files, [...files].sort());
    assert.deepEqual(parseBaseline(text, 'b.json').entries, JSON.parse(text).entries);
    // One key a line: a review diff shows whole entries.
    assert.ok(text.split('\n').every((line) => line.length < 400));
  });

  test('is valid against its JSON Schema, which is the committed one', () => {
    const validate = new Ajv({ strict: true }).compile(baselineJsonSchema());
    assert.ok(validate(JSON.parse(serializeBaseline(entries))), JSON.stringify(validate.errors));
    assert.equal(
      readFileSync(new URL('../../schema/lsst-baseline.schema.json', import.meta.url), 'utf8'),
      renderBaselineSchema(),
    );
  });

  test('what the reader refuses, the schema refuses too', () => {
    const validate = new Ajv({ strict: true }).compile(baselineJsonSchema());
    const good = JSON.parse(serializeBaseline(entries));
    const bad = [
      { ...good, version: 2 },
      { ...good, entries: [{ ...good.entries[0], rule: '' }] },
      { ...good, entries: [{ ...good.entries[0], fingerprint: 'xyz' }] },
      { ...good, entries: [{ ...good.entries[0], extra: 1 }] },
      { ...good, entries: [{ ...good.entries[0], object: { name: 'x' } }] },
    ];
    for (const document of bad) {
      assert.equal(validate(document), false, JSON.stringify(document));
      assert.throws(() => parseBaseline(JSON.stringify(document, null, 2), 'b.json'), BaselineError);
    }
  });

  test('a mistake is reported at its line and column, with what to do', () => {
    const text = serializeBaseline(entries).replace('"fingerprint": "', '"fingerprint": "zz');
    assert.throws(
      () => parseBaseline(text, '.lsst-baseline.json'),
      (error: BaselineError) => {
        const line = text.split('\n').findIndex((candidate) => candidate.includes('"zz')) + 1;
        assert.equal(error.line, line);
        assert.match(
          error.message,
          /^\.lsst-baseline\.json:\d+:\d+: entry 1: "fingerprint" must be 16 hexadecimal digits\. Fix it, or write the file again with --write-baseline\.$/,
        );
        return true;
      },
    );
    assert.throws(
      () => parseBaseline('{\n  "version": 1,\n  "entries": [\n}', 'b.json'),
      (error: BaselineError) => error.line === 4 && /not valid JSON/.test(error.message),
    );
    assert.throws(() => parseBaseline('[]', 'b.json'), /a baseline is a JSON object/);
  });
});

describe('fingerprints', () => {
  test('read the offending text as words: indentation, quotes and folding do not count', () => {
    const finding = { range: [0, 0] as const, message: 'm' };
    const of = (text: string, range: readonly [number, number]) => findingFingerprint({ ...finding, range }, text);
    assert.equal(of('image: "nginx:latest"', [0, 21]), of('image:   nginx:latest', [0, 21]));
    assert.notEqual(of('image: nginx:latest', [0, 19]), of('image: nginx:stable', [0, 19]));
    // An empty range stands for its line.
    assert.equal(of('a: 1\nimage: nginx\n', [5, 5]), of('image: nginx', [0, 12]));
    assert.match(of('x', [0, 1]), /^[0-9a-f]{16}$/);
  });
});
