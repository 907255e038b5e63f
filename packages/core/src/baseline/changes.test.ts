import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultResolvedConfig } from '../config/load.ts';
import { checkText } from '../engine/check.ts';
import { findingsTouched, parseUnifiedDiff, unquoteGitPath } from './changes.ts';

describe('reading git diff -U0', () => {
  test('new-side lines of each hunk, removals, renames and deletions', () => {
    const diff = [
      'diff --git a/deploy/web.yaml b/deploy/web.yaml',
      'index 1..2 100644',
      '--- a/deploy/web.yaml',
      '+++ b/deploy/web.yaml',
      '@@ -3 +3 @@ metadata:',
      '-  name: a',
      '+  name: b',
      '@@ -10,2 +9,0 @@ spec:',
      '@@ -20,0 +21,2 @@',
      'diff --git a/Dockerfile b/app.Dockerfile',
      'similarity index 100%',
      'rename from Dockerfile',
      'rename to app.Dockerfile',
      'diff --git a/gone.yaml b/gone.yaml',
      'deleted file mode 100644',
      '--- a/gone.yaml',
      '+++ /dev/null',
      '@@ -1,3 +0,0 @@',
      'diff --git "a/sp\\303\\251cial\\tname.yaml" "b/sp\\303\\251cial\\tname.yaml"',
      '--- "a/sp\\303\\251cial\\tname.yaml"',
      '+++ "b/sp\\303\\251cial\\tname.yaml"',
      '@@ -1 +1 @@',
    ].join('\n');
    const files = parseUnifiedDiff(diff);
    assert.deepEqual([...files.keys()], ['deploy/web.yaml', 'app.Dockerfile', 'spécial\tname.yaml']);
    assert.deepEqual([...(files.get('deploy/web.yaml')?.lines ?? [])], [3, 21, 22]);
    assert.deepEqual([...(files.get('deploy/web.yaml')?.removedNear ?? [])], [9]);
    assert.equal(files.get('app.Dockerfile')?.lines.size, 0);
  });

  test('unquotes C-quoted names and leaves plain ones', () => {
    assert.equal(unquoteGitPath('plain name.yaml'), 'plain name.yaml');
    assert.equal(unquoteGitPath('"a\\"b\\\\c\\n.yaml"'), 'a"b\\c\n.yaml');
  });
});

describe('findings a change touches', () => {
  const text = `apiVersion: v1
kind: Pod
metadata:
  name: one
spec:
  containers:
    - name: app
      image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  containers:
    - name: app
      image: nginx
`;
  const findings = checkText({ path: 'p.yaml', text }, { config: defaultResolvedConfig() }).findings;
  const names = (touched: typeof findings) => [...new Set(touched.map((finding) => finding.object?.name))];

  test('every finding of a touched document, none of the others', () => {
    assert.deepEqual(
      names(findingsTouched(findings, text, 'manifest', { lines: new Set([13]), removedNear: new Set() })),
      ['two'],
    );
    assert.deepEqual(
      names(findingsTouched(findings, text, 'manifest', { lines: new Set(), removedNear: new Set([4]) })),
      ['one'],
    );
    assert.deepEqual(findingsTouched(findings, text, 'manifest', { lines: new Set(), removedNear: new Set() }), []);
  });

  test('in a Dockerfile, the stage is the object', () => {
    const dockerfile = 'FROM golang:1.22 AS build\nRUN go build\nFROM centos:7\nRUN yum install -y gcc\n';
    const all = checkText({ path: 'Dockerfile', text: dockerfile }, { config: defaultResolvedConfig() }).findings;
    assert.ok(all.some((finding) => finding.start.line >= 3));
    const touched = findingsTouched(all, dockerfile, 'dockerfile', { lines: new Set([4]), removedNear: new Set() });
    assert.ok(touched.length > 0 && touched.every((finding) => finding.start.line >= 3));
    assert.deepEqual(
      findingsTouched(all, dockerfile, 'dockerfile', { lines: new Set([2]), removedNear: new Set() }).filter(
        (finding) => finding.start.line >= 3,
      ),
      [],
    );
  });
});
