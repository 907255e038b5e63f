import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from './source.ts';

describe('line index', () => {
  const text = 'kind: Pod\r\nmetadata:\n  name: 🚀x\n';
  const lines = new LineIndex(text);

  it('finds where each line starts, after every line feed', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((line) => lines.lineStart(line)),
      [0, 11, 21, 33],
    );
    assert.equal(lines.lineCount, 4);
  });

  it('maps offsets to 1-based lines and UTF-16 columns, and back', () => {
    assert.deepEqual(lines.positionAt(0), { line: 1, column: 1 });
    assert.deepEqual(lines.positionAt(6), { line: 1, column: 7 });
    assert.deepEqual(lines.positionAt(11), { line: 2, column: 1 });
    // The rocket is two UTF-16 code units, so x is at column 11.
    assert.deepEqual(lines.positionAt(31), { line: 3, column: 11 });
    assert.deepEqual(lines.positionAt(text.length), { line: 4, column: 1 });
    assert.equal(lines.offsetAt({ line: 3, column: 11 }), 31);
  });

  it('gives the text of a line without its line break, carriage return included', () => {
    assert.equal(lines.lineText(1), 'kind: Pod');
    assert.equal(lines.lineText(3), '  name: 🚀x');
    assert.equal(lines.lineText(4), '');
  });

  it('does not count the empty line after a final line break', () => {
    assert.equal(lines.visibleLineCount, 3);
    assert.equal(new LineIndex('a\nb').visibleLineCount, 2);
    assert.equal(new LineIndex('').visibleLineCount, 1);
  });
});
