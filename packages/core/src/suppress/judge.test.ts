import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isExpired, judgeSuppression } from './judge.ts';
import { parseSuppressionAnnotation, parseSuppressionComment, type SuppressionDirective } from './parse.ts';

const knownRules = ['image/pinned', 'image/trusted-source', 'security/run-as-non-root'];
const now = new Date('2026-03-15T12:00:00Z');
const config = { rules: { 'security/run-as-non-root': { suppressible: false } } };

function comment(text: string): SuppressionDirective {
  const directive = parseSuppressionComment(text, 0);
  assert.ok(directive);
  return directive;
}

describe('judgeSuppression', () => {
  it('accepts a well-formed suppression with no problems', () => {
    assert.deepEqual(
      judgeSuppression(comment('# lsst-ignore image/pinned -- pinned upstream'), { knownRules, now, config }),
      {
        effective: true,
        effectiveRules: ['image/pinned'],
        problems: [],
      },
    );
  });

  it('warns about a missing reason but still suppresses', () => {
    const judgement = judgeSuppression(comment('# lsst-ignore image/pinned'), { knownRules, now, config });
    assert.deepEqual(judgement.effectiveRules, ['image/pinned']);
    assert.deepEqual(judgement.problems, [
      {
        severity: 'warning',
        message: 'lsst-ignore of image/pinned gives no reason. Say why, e.g. "# lsst-ignore image/pinned -- <reason>".',
      },
    ]);
    const annotation = parseSuppressionAnnotation('image/pinned');
    assert.ok(annotation);
    assert.match(
      judgeSuppression(annotation, { knownRules, now, config }).problems[0]?.message ?? '',
      /^the lsst\.io\/ignore annotation of image\/pinned gives no reason\. Say why, e\.g\. "image\/pinned -- <reason>"\.$/,
    );
  });

  it('warns about an unknown rule with a suggestion, and suppresses the known ones', () => {
    const judgement = judgeSuppression(comment('# lsst-ignore image/pined,image/trusted-source -- r'), {
      knownRules,
      now,
      config,
    });
    assert.deepEqual(judgement.effectiveRules, ['image/trusted-source']);
    assert.deepEqual(judgement.problems, [
      {
        severity: 'warning',
        rule: 'image/pined',
        message:
          'lsst-ignore names unknown rule "image/pined". Did you mean "image/pinned"? `kubectl lsst rules` lists them all.',
      },
    ]);
  });

  it('does not check names without a registry', () => {
    assert.deepEqual(judgeSuppression(comment('# lsst-ignore x/y -- r'), { now, config }).effectiveRules, ['x/y']);
  });

  it('errors on an expired until, relative to the given now, and suppresses nothing', () => {
    const judgement = judgeSuppression(comment('# lsst-ignore-file image/pinned -- r until 2026-03-14'), {
      knownRules,
      now,
      config,
    });
    assert.equal(judgement.effective, false);
    assert.deepEqual(judgement.effectiveRules, []);
    assert.deepEqual(judgement.problems, [
      {
        severity: 'error',
        message:
          'lsst-ignore-file of image/pinned expired after 2026-03-14. Fix the finding, or agree a new date and update "until".',
      },
    ]);
  });

  it('counts the until day itself as still valid (UTC)', () => {
    const sameDay = judgeSuppression(comment('# lsst-ignore image/pinned -- r until 2026-03-15'), {
      knownRules,
      now,
      config,
    });
    assert.equal(sameDay.effective, true);
    assert.deepEqual(sameDay.problems, []);
    assert.equal(isExpired('2026-03-15', new Date('2026-03-15T23:59:59Z')), false);
    assert.equal(isExpired('2026-03-15', new Date('2026-03-16T00:00:00Z')), true);
    assert.equal(isExpired(undefined, now), false);
  });

  it('errors on a rule the configuration marks not suppressible, and does not suppress it', () => {
    const judgement = judgeSuppression(comment('# lsst-ignore security/run-as-non-root,image/pinned -- r'), {
      knownRules,
      now,
      config,
    });
    assert.deepEqual(judgement.effectiveRules, ['image/pinned']);
    assert.deepEqual(judgement.problems, [
      {
        severity: 'error',
        rule: 'security/run-as-non-root',
        message:
          'security/run-as-non-root cannot be suppressed: the configuration marks it "suppressible: false". Fix the finding instead.',
      },
    ]);
  });

  it('passes malformed parts on as warnings', () => {
    const judgement = judgeSuppression(comment('# lsst-ignore image/pinned -- r until tomorrow'), {
      knownRules,
      now,
      config,
    });
    assert.equal(judgement.effective, true);
    assert.deepEqual(
      judgement.problems.map((problem) => [problem.severity, problem.message]),
      [
        [
          'warning',
          'lsst-ignore: "until tomorrow" is not a date. Write the last day as YYYY-MM-DD, e.g. "until 2027-06-30".',
        ],
      ],
    );
  });
});
