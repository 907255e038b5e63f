// Reports of any size: every format streams in small pieces, and its work grows with the findings, no faster.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleDocsUrl } from '../meta.ts';
import type { Finding } from '../types.ts';
import { type FormatInput, formatChunks, formatNames } from './index.ts';
import { cwd, rules } from './test-support.ts';

const path = `${cwd}/deploy/huge.yaml`;

/** One file of `count` lines (`key0: 0` ...), with a finding on every line. */
function largeInput(count: number): FormatInput {
  const lines: string[] = [];
  const findings: Finding[] = [];
  let offset = 0;
  for (let index = 0; index < count; index += 1) {
    const line = `key${index}: ${index}`;
    lines.push(line);
    findings.push({
      rule: 'security/run-as-non-root',
      severity: index % 3 === 0 ? 'error' : 'warning',
      message: `Container ${index} may run as root; set runAsNonRoot: true.`,
      file: path,
      range: [offset, offset + line.length],
      start: { line: index + 1, column: 1 },
      end: { line: index + 1, column: line.length + 1 },
      guideline: '1.2.4',
      helpUri: ruleDocsUrl('security/run-as-non-root'),
      object: { kind: 'Pod', namespace: 'lsst-dev', name: `pod-${index}` },
    });
    offset += line.length + 1;
  }
  const text = `${lines.join('\n')}\n`;
  return {
    results: [{ path, kind: 'manifest', findings }],
    rules,
    cwd,
    texts: new Map([[path, text]]),
    showSuppressed: false,
    color: false,
  };
}

/** Characters read one by one while the report is made: the work of scanning texts, counted. */
function charactersScanned(run: () => void): number {
  const original = String.prototype.charCodeAt;
  let calls = 0;
  String.prototype.charCodeAt = function (this: string, index: number) {
    calls += 1;
    return original.call(this, index);
  };
  try {
    run();
  } finally {
    String.prototype.charCodeAt = original;
  }
  return calls;
}

describe('large reports', () => {
  it('formats 200,000 findings of one file in every format, in pieces of a few kilobytes', () => {
    const input = largeInput(200_000);
    for (const name of formatNames) {
      let pieces = 0;
      let largest = 0;
      let lineBreaks = 0;
      for (const chunk of formatChunks(name, input)) {
        pieces += 1;
        largest = Math.max(largest, chunk.length);
        for (let at = chunk.indexOf('\n'); at !== -1; at = chunk.indexOf('\n', at + 1)) lineBreaks += 1;
      }
      assert.ok(pieces >= 200_000, `${name}: ${pieces} pieces, expected one or more per finding`);
      assert.ok(largest < 16 * 1024, `${name}: a piece of ${largest} characters`);
      assert.ok(lineBreaks >= 200_000, `${name}: ${lineBreaks} lines for 200,000 findings`);
    }
  });

  it('scans each text once, however many findings it has (stylish code frames)', () => {
    const consume = (count: number) => () => {
      for (const _ of formatChunks('stylish', largeInput(count))) {
        // Only the work of making the pieces is measured.
      }
    };
    const small = charactersScanned(consume(300));
    const large = charactersScanned(consume(1_200));
    // Four times the findings on a four times longer text: linear work is four times as much, quadratic sixteen.
    assert.ok(large <= small * 5, `300 findings: ${small} characters scanned, 1,200: ${large}`);
  });
});
