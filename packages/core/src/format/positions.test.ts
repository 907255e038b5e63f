import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineStarts, lineText, positionAt, visibleLineCount } from './positions.ts';

describe('positions', () => {
  const text = 'kind: Pod\r\nmetadata:\n  name: 🚀x\n';
  const starts = lineStarts(text);

  it('finds where each line starts, after every line feed', () => {
    assert.deepEqual(starts, [0, 11, 21, 33]);
  });

  it('maps offsets to 1-based lines and UTF-16 columns', () => {
    assert.deepEqual(positionAt(starts, 0), { line: 1, column: 1 });
    assert.deepEqual(positionAt(starts, 6), { line: 1, column: 7 });
    assert.deepEqual(positionAt(starts, 11), { line: 2, column: 1 });
    // The rocket is two UTF-16 code units, so x is at column 11.
    assert.deepEqual(positionAt(starts, 31), { line: 3, column: 11 });
    assert.deepEqual(positionAt(starts, text.length), { line: 4, column: 1 });
  });

  it('gives the text of a line without its line break, carriage return included', () => {
    assert.equal(lineText(text, starts, 1), 'kind: Pod');
    assert.equal(lineText(text, starts, 3), '  name: 🚀x');
    assert.equal(lineText(text, starts, 4), '');
    assert.equal(lineText(text, starts, 5), undefined);
  });

  it('does not count the empty line after a final line break', () => {
    assert.equal(visibleLineCount(text, starts), 3);
    assert.equal(visibleLineCount('a\nb', lineStarts('a\nb')), 2);
    assert.equal(visibleLineCount('', lineStarts('')), 1);
  });
});
