import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSuppressionAnnotation, parseSuppressionAnnotationKey, parseSuppressionComment } from './parse.ts';

describe('parseSuppressionComment', () => {
  it('parses the next-node form with a reason', () => {
    assert.deepEqual(parseSuppressionComment('# lsst-ignore image/pinned -- pinned by the chart', 10), {
      form: 'next',
      rules: ['image/pinned'],
      reason: 'pinned by the chart',
      range: [10, 59],
      problems: [],
    });
  });

  it('parses the file form, several rules and an until date', () => {
    assert.deepEqual(
      parseSuppressionComment(
        '#lsst-ignore-file image/pinned,image/trusted-source -- vendor image until 2027-06-30',
        0,
      ),
      {
        form: 'file',
        rules: ['image/pinned', 'image/trusted-source'],
        reason: 'vendor image',
        until: '2027-06-30',
        range: [0, 84],
        problems: [],
      },
    );
  });

  it('tolerates extra spaces, leading indentation and spaces after commas', () => {
    const text = '    #   lsst-ignore   image/pinned ,  security/run-as-non-root   --   legacy   until   2027-01-31   ';
    const directive = parseSuppressionComment(text, 100);
    assert.ok(directive);
    assert.deepEqual(directive.rules, ['image/pinned', 'security/run-as-non-root']);
    assert.equal(directive.reason, 'legacy');
    assert.equal(directive.until, '2027-01-31');
    assert.deepEqual(directive.problems, []);
    assert.deepEqual(directive.range, [104, 100 + text.trimEnd().length]);
  });

  it('accepts the comment without its #', () => {
    assert.deepEqual(parseSuppressionComment('lsst-ignore image/pinned -- r', 5)?.rules, ['image/pinned']);
  });

  it('keeps a reason that mentions until or -- in the middle', () => {
    const directive = parseSuppressionComment('# lsst-ignore image/pinned -- wait until the vendor -- fixes it', 0);
    assert.equal(directive?.reason, 'wait until the vendor -- fixes it');
    assert.equal(directive?.until, undefined);
    assert.deepEqual(directive?.problems, []);
  });

  it('has no reason when none is given, or only until', () => {
    assert.equal(parseSuppressionComment('# lsst-ignore image/pinned', 0)?.reason, undefined);
    assert.equal(parseSuppressionComment('# lsst-ignore image/pinned --', 0)?.reason, undefined);
    assert.equal(parseSuppressionComment('# lsst-ignore image/pinned --    ', 0)?.reason, undefined);
    const onlyUntil = parseSuppressionComment('# lsst-ignore image/pinned until 2027-01-01', 0);
    assert.deepEqual(
      [onlyUntil?.rules, onlyUntil?.reason, onlyUntil?.until],
      [['image/pinned'], undefined, '2027-01-01'],
    );
    const untilAfterDashes = parseSuppressionComment('# lsst-ignore image/pinned -- until 2027-01-01', 0);
    assert.deepEqual([untilAfterDashes?.reason, untilAfterDashes?.until], [undefined, '2027-01-01']);
  });

  it('reports malformed parts as problems', () => {
    assert.deepEqual(parseSuppressionComment('# lsst-ignore -- why', 0)?.problems, [
      'name the rules to ignore, e.g. "# lsst-ignore image/pinned -- <why it is acceptable>".',
    ]);
    assert.deepEqual(parseSuppressionComment('# lsst-ignore-file', 0)?.problems, [
      'name the rules to ignore, e.g. "# lsst-ignore-file image/pinned -- <why it is acceptable>".',
    ]);
    const spaces = parseSuppressionComment('# lsst-ignore image/pinned image/trusted-source -- r', 0);
    assert.deepEqual(spaces?.rules, ['image/pinned', 'image/trusted-source']);
    assert.match(spaces?.problems[0] ?? '', /separate rule names with commas/);
    const emptyEntry = parseSuppressionComment('# lsst-ignore image/pinned,,image/trusted-source -- r', 0);
    assert.deepEqual(emptyEntry?.rules, ['image/pinned', 'image/trusted-source']);
    assert.match(emptyEntry?.problems[0] ?? '', /empty entry/);
    const badDate = parseSuppressionComment('# lsst-ignore image/pinned -- r until 2027-02-30', 0);
    assert.equal(badDate?.until, undefined);
    assert.equal(badDate?.reason, 'r');
    assert.deepEqual(badDate?.problems, [
      '"until 2027-02-30" is not a date. Write the last day as YYYY-MM-DD, e.g. "until 2027-06-30".',
    ]);
    const noDate = parseSuppressionComment('# lsst-ignore image/pinned -- r until', 0);
    assert.match(noDate?.problems[0] ?? '', /"until" needs a date/);
  });

  it('removes repeated rule names', () => {
    assert.deepEqual(parseSuppressionComment('# lsst-ignore a/b,a/b -- r', 0)?.rules, ['a/b']);
  });

  it('ignores comments that are not suppressions', () => {
    assert.equal(parseSuppressionComment('# just a comment', 0), undefined);
    assert.equal(parseSuppressionComment('# lsst-ignored image/pinned', 0), undefined);
    assert.equal(parseSuppressionComment('# see lsst-ignore image/pinned', 0), undefined);
    assert.equal(parseSuppressionComment('# LSST-IGNORE image/pinned', 0), undefined);
    assert.equal(parseSuppressionComment('', 0), undefined);
  });
});

describe('parseSuppressionAnnotation', () => {
  it('parses the value format', () => {
    assert.deepEqual(
      parseSuppressionAnnotation('image/pinned,image/trusted-source -- upstream chart until 2026-12-31', [40, 105]),
      {
        form: 'annotation',
        rules: ['image/pinned', 'image/trusted-source'],
        reason: 'upstream chart',
        until: '2026-12-31',
        range: [40, 105],
        problems: [],
      },
    );
  });

  it('defaults the range to the value and reports problems like comments do', () => {
    const directive = parseSuppressionAnnotation('  image/pinned  ');
    assert.deepEqual(directive?.range, [0, 16]);
    assert.deepEqual(directive?.rules, ['image/pinned']);
    assert.equal(directive?.reason, undefined);
    assert.deepEqual(parseSuppressionAnnotation('-- only a reason')?.problems, [
      'name the rules to ignore, e.g. "image/pinned -- <why it is acceptable>".',
    ]);
    assert.equal(parseSuppressionAnnotation('   '), undefined);
  });
});

describe('parseSuppressionAnnotationKey', () => {
  it('recognises the object and container forms only', () => {
    assert.deepEqual(parseSuppressionAnnotationKey('lsst.io/ignore'), {});
    assert.deepEqual(parseSuppressionAnnotationKey('lsst.io/ignore.app'), { container: 'app' });
    assert.deepEqual(parseSuppressionAnnotationKey('lsst.io/ignore.sidecar.v2'), { container: 'sidecar.v2' });
    assert.equal(parseSuppressionAnnotationKey('lsst.io/ignore.'), undefined);
    assert.equal(parseSuppressionAnnotationKey('lsst.io/ignored'), undefined);
    assert.equal(parseSuppressionAnnotationKey('lsst.io/port-request'), undefined);
  });
});
