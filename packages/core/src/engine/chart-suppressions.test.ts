import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultResolvedConfig } from '../config/load.ts';
import { sourceSuppressions, suppressionAt } from './chart-suppressions.ts';

const now = new Date('2026-12-06T12:00:00Z');

test('a comment above a values line covers that line and the block below it, not the next key', () => {
  const text = [
    'image:',
    '  # lsst-ignore image/pinned -- rolled by the release job',
    '',
    '  tag: latest',
    'securityContext:',
    '  # lsst-ignore security/run-as-non-root -- the queue needs root',
    '  runAsUser:',
    '    0',
    '  fsGroup: 0',
  ].join('\n');
  const found = sourceSuppressions(text, defaultResolvedConfig(), now);
  assert.equal(suppressionAt(found, 'image/pinned', 4)?.reason, 'rolled by the release job');
  assert.equal(suppressionAt(found, 'image/pinned', 5), undefined);
  assert.equal(suppressionAt(found, 'security/run-as-non-root', 8)?.reason, 'the queue needs root');
  assert.equal(suppressionAt(found, 'security/run-as-non-root', 9), undefined, 'the next key is not covered');
  assert.equal(suppressionAt(found, 'security/no-privilege-escalation', 7), undefined, 'another rule');
});

test('template comments, which helm drops, count; a file-wide one covers every line; problems are kept', () => {
  const text = [
    '{{- /* lsst-ignore-file image/trusted-source -- vetted by the platform team */ -}}',
    'spec:',
    '  {{/* lsst-ignore image/pinned -- pinned by digest upstream until 2026-01-01 */}}',
    '  image: {{ .Values.image }}',
    '  {{/* lsst-ignore image/pined -- typo */}}',
  ].join('\n');
  const found = sourceSuppressions(text, defaultResolvedConfig(), now);
  assert.equal(suppressionAt(found, 'image/trusted-source', 4)?.kind, 'file');
  assert.equal(suppressionAt(found, 'image/pinned', 4), undefined, 'expired');
  assert.deepEqual(
    found.flatMap((suppression) => suppression.problems.map((problem) => problem.severity)),
    ['error', 'warning'],
  );
  assert.equal(suppressionAt(found, 'input/invalid', 2), undefined, 'input findings are never suppressed');
});
