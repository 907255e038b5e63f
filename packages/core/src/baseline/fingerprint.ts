// The fingerprint of a finding's offending text: what a baseline entry recognises a finding by,
// beside its rule, file and object, so that it survives lines moving and reformatting.
import type { Finding } from '../types.ts';

/** Hex digits kept of the SHA-256: enough to tell findings of one object apart, short enough to review. */
const fingerprintLength = 16;

/**
 * The text a finding points at, as words: letters and digits only, so that indentation, quoting,
 * line folding and flow or block style do not change it. An empty range stands for its whole line.
 */
export function offendingWords(finding: Pick<Finding, 'range'>, text: string): string {
  let [start, end] = finding.range;
  if (end <= start) {
    start = text.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
    const lineEnd = text.indexOf('\n', start);
    end = lineEnd === -1 ? text.length : lineEnd;
  }
  return wordsOf(text.slice(start, end));
}

export function wordsOf(text: string): string {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

/**
 * The fingerprint of a finding: of its offending text when the checked text is at hand, else of
 * its message (a finding on a cluster object, or on a file whose text was not kept).
 */
export function findingFingerprint(finding: Pick<Finding, 'range' | 'message'>, text: string | undefined): string {
  const words = text !== undefined ? offendingWords(finding, text) : '';
  const basis = words !== '' ? `text:${words}` : `message:${wordsOf(finding.message)}`;
  // Loaded on first use, as the SARIF format does: node:crypto costs start-up time elsewhere.
  const { createHash } = process.getBuiltinModule('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(basis).digest('hex').slice(0, fingerprintLength);
}
