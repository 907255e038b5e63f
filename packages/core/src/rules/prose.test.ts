import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { proseFile, readProse } from '../../scripts/generate-rule-docs.ts';
import { proseModulePath, renderProseModule } from '../../scripts/generate-rule-prose.ts';
import { rules } from './index.ts';
import { ruleProseByName } from './prose.generated.ts';
import { proseSections, ruleProse } from './prose.ts';

describe('rule prose', () => {
  it('the generated module is up to date with the .md files', () => {
    assert.equal(
      readFileSync(proseModulePath, 'utf8'),
      renderProseModule(),
      'Run: node --import tsx packages/core/scripts/generate-rule-prose.ts',
    );
  });

  it('bundles the prose file of every rule that has one, byte for byte (trimmed)', () => {
    for (const rule of rules) {
      const onDisk = readProse(rule);
      if (onDisk === '') continue;
      assert.equal(ruleProseByName[rule.name], onDisk, proseFile(rule));
    }
  });

  it('splits a rule into its sections', () => {
    const prose = ruleProse('input/invalid');
    assert.ok(prose);
    assert.match(prose.why, /^A check can only judge what it can read/);
    assert.match(prose.incorrect, /^```yaml\n/);
    assert.match(prose.correct, /mode: interactive/);
    assert.ok(!prose.correct.includes('## '));
    assert.match(prose.howToFix, /helm template/);
    assert.match(prose.howToSuppress, /cannot be suppressed/);
  });

  it('has no prose for a name that is not a rule, nor for inherited object keys', () => {
    assert.equal(ruleProse('image/nope'), undefined);
    assert.equal(ruleProse('constructor'), undefined);
  });

  it('keys sections by lower-cased heading and ignores text before the first heading', () => {
    const sections = proseSections('intro\n## Why\n\nbecause\n\n## How To Fix\nthis\n### detail\nmore\n');
    assert.deepEqual(
      [...sections],
      [
        ['why', 'because'],
        ['how to fix', 'this\n### detail\nmore'],
      ],
    );
  });
});
