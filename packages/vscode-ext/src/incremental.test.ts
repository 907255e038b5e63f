import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkText, defaultResolvedConfig, type Finding } from '@lsst-kube/core';
import fc from 'fast-check';
import { IncrementalManifestChecker, splitDocuments } from './incremental.ts';

function manifest(count: number): string {
  const documents: string[] = [];
  for (let i = 0; i < count; i++) {
    documents.push(
      [
        '---',
        `# service ${i}`,
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: service-${i}`,
        'spec:',
        '  template:',
        '    spec:',
        i % 2 === 0 ? '      securityContext:\n        runAsNonRoot: true' : '      hostNetwork: false',
        '      containers:',
        '        - name: app',
        `          image: nginx${i % 3 === 0 ? '' : ':1.2.3'}`,
        i === 4 ? '# lsst-ignore-file image/pinned -- a test of file suppressions per document' : '',
      ].join('\n'),
    );
  }
  return `${documents.join('\n')}\n`;
}

function comparable(findings: Finding[]): unknown[] {
  return findings.map((finding) => ({
    rule: finding.rule,
    range: finding.range,
    start: finding.start,
    end: finding.end,
    message: finding.message,
    severity: finding.severity,
    fix: finding.fix,
    suppression: finding.suppression,
  }));
}

test('splitting keeps every character and counts the lines before each document', () => {
  const text = manifest(3);
  const chunks = splitDocuments(text);
  assert.equal(chunks.map((chunk) => chunk.text).join(''), text);
  for (const chunk of chunks) {
    assert.equal(chunk.linesBefore, text.slice(0, chunk.start).split('\n').length - 1);
  }
});

test('incremental re-checks give exactly the findings of a whole-file check, edit after edit', () => {
  const config = defaultResolvedConfig();
  const options = { config, now: new Date('2026-01-01') };
  const base = manifest(8);
  const checker = new IncrementalManifestChecker();
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          at: fc.nat(),
          remove: fc.nat({ max: 3 }),
          insert: fc.constantFrom('', 'x', ':', ' ', '\n', '-', '---\n', 'latest', '0', 'image: redis\n'),
        }),
        { minLength: 1, maxLength: 12 },
      ),
      (edits) => {
        let text = base;
        for (const edit of edits) {
          const at = edit.at % (text.length + 1);
          text = text.slice(0, at) + edit.insert + text.slice(at + edit.remove);
          const whole = checkText({ path: 'm.yaml', text, kind: 'manifest' }, options);
          const incremental = checker.check('m.yaml', text, options);
          assert.deepEqual(comparable(incremental.findings), comparable(whole.findings));
          assert.equal(incremental.skipped !== undefined, whole.skipped !== undefined);
        }
      },
    ),
    { numRuns: 150 },
  );
});
