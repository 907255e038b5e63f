import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rules } from '../rules/index.ts';
import { guidelineSection, guidelineSections, guidelineSubsections } from './guidelines.ts';

describe('guidelines', () => {
  it('has each section once, in document order', () => {
    const numbers = guidelineSections.map((entry) => entry.section);
    assert.deepEqual(numbers, ['1', '1.1', '1.2', '1.2.1', '1.2.2', '1.2.3', '1.2.4', '1.2.5', '1.2.6']);
  });

  it('holds the text of every section a rule can cite, as trimmed single-line paragraphs', () => {
    for (const entry of guidelineSections.filter((candidate) => candidate.section !== '1.2')) {
      assert.ok(entry.paragraphs.length > 0, `${entry.section} has text`);
      for (const paragraph of entry.paragraphs) {
        assert.equal(paragraph, paragraph.trim());
        assert.ok(!paragraph.includes('\n'));
      }
    }
    assert.match(guidelineSection('1.2.4')?.paragraphs.join(' ') ?? '', /No developer process should run as root/);
    assert.match(guidelineSection('1.2.3')?.paragraphs[0] ?? '', /exposed to the public internet/);
  });

  it('resolves the section every registered rule cites', () => {
    for (const rule of rules) assert.ok(guidelineSection(rule.guideline), `${rule.name} cites ${rule.guideline}`);
  });

  it('lists direct subsections only', () => {
    assert.deepEqual(
      guidelineSubsections('1.2').map((entry) => entry.section),
      ['1.2.1', '1.2.2', '1.2.3', '1.2.4', '1.2.5', '1.2.6'],
    );
    assert.deepEqual(
      guidelineSubsections('1').map((entry) => entry.section),
      ['1.1', '1.2'],
    );
    assert.deepEqual(guidelineSubsections('1.2.4'), []);
    assert.equal(guidelineSection('9.9'), undefined);
  });
});
