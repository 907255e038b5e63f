import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkText, defaultResolvedConfig, type Finding, loadConfig, parseBaseline } from '../index.ts';
import { BaselineReader, baselinedFindings, baselinePathOf, baselineWithFinding } from './editor-baseline.ts';

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx
`;

function findingsOf(text: string, path: string): Finding[] {
  return checkText({ path, text }, { config: defaultResolvedConfig() }).findings.filter(
    (finding) => !finding.suppression,
  );
}

test('the baseline named in .lsst.yaml is found beside that file', () => {
  const config = loadConfig('baseline: ci/.lsst-baseline.json\n', { file: '/repo/.lsst.yaml' });
  assert.equal(baselinePathOf(config), '/repo/ci/.lsst-baseline.json');
  assert.equal(baselinePathOf(defaultResolvedConfig()), undefined);
});

test('"add to baseline" records the finding; the editor then hides it, and only it, wherever its line moves', () => {
  const folder = mkdtempSync(join(tmpdir(), 'lsst-editor-baseline-'));
  const baselinePath = join(folder, '.lsst-baseline.json');
  const documentPath = join(folder, 'deploy', 'web.yaml');
  const reader = new BaselineReader();
  const findings = findingsOf(manifest, documentPath);
  const pinned = findings.find((finding) => finding.rule === 'image/pinned');
  assert.ok(pinned && findings.length > 1);

  // No file yet: nothing is hidden; the action creates it.
  const before = reader.read(baselinePath);
  assert.ok('entries' in before && before.entries.length === 0);
  writeFileSync(baselinePath, baselineWithFinding([], pinned, manifest, documentPath, baselinePath));
  const recorded = parseBaseline(readFileSync(baselinePath, 'utf8'), baselinePath).entries;
  assert.deepEqual(
    recorded.map((entry) => [entry.rule, entry.file, entry.object?.container]),
    [['image/pinned', 'deploy/web.yaml', 'app']],
  );

  const moved = `# moved down\n\n${manifest}`;
  const read = reader.read(baselinePath);
  assert.ok('entries' in read);
  const hidden = baselinedFindings(findingsOf(moved, documentPath), moved, documentPath, baselinePath, read.entries);
  assert.deepEqual(
    [...hidden].map((finding) => finding.rule),
    ['image/pinned'],
  );
  // Another file with the same text is not covered by it.
  const elsewhere = join(folder, 'deploy', 'other.yaml');
  assert.equal(
    baselinedFindings(findingsOf(manifest, elsewhere), manifest, elsewhere, baselinePath, read.entries).size,
    0,
  );
});

test('a broken baseline is a problem to show, not an exception; a fixed file is read again', () => {
  const folder = mkdtempSync(join(tmpdir(), 'lsst-editor-baseline-'));
  const path = join(folder, '.lsst-baseline.json');
  writeFileSync(path, '{ "version": 1, "entries": [ }');
  const reader = new BaselineReader();
  const broken = reader.read(path);
  assert.ok('problem' in broken && /not valid JSON/.test(broken.problem));
  writeFileSync(path, '{ "version": 1, "entries": [] }\n');
  const fixed = reader.read(path);
  assert.ok('entries' in fixed, JSON.stringify(fixed));
});
