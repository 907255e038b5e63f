import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../documents/source.ts';
import { codeFrame, visibleText } from './code-frame.ts';
import { letters } from './test-support.ts';

/** The frame of `text.slice(start, end)` (or of the `occurrence`-th `needle`), positions computed from offsets. */
function frameOf(text: string, needle: string | [number, number], options = {}): string[] {
  const [start, end] =
    typeof needle === 'string' ? [text.indexOf(needle), text.indexOf(needle) + needle.length] : needle;
  assert.ok(start >= 0, `${String(needle)} is in the text`);
  const lines = new LineIndex(text);
  return codeFrame(text, lines.positionAt(start), lines.positionAt(end), options);
}

describe('code frames', () => {
  it('underlines a range on one line, with one line of context on each side', () => {
    assert.deepEqual(frameOf(letters, 'c: 3'), ['  2 | b: 2', '> 3 | c: 3', '    | ^^^^', '  4 | d: 4']);
  });

  it('marks an empty range with one caret', () => {
    assert.deepEqual(frameOf(letters, [7, 7]), ['  1 | a: 1', '> 2 | b: 2', '    |   ^', '  3 | c: 3']);
  });

  it('widens the gutter for the largest line number shown', () => {
    assert.deepEqual(frameOf(letters, 'j:'), ['   9 | i: 9', '> 10 | j: 10', '     | ^^', '  11 | k: 11']);
  });

  it('marks every line of a range that spans lines and underlines its first line', () => {
    assert.deepEqual(frameOf(letters, 'b: 2\nc: 3'), [
      '  1 | a: 1',
      '> 2 | b: 2',
      '    | ^^^^',
      '> 3 | c: 3',
      '  4 | d: 4',
    ]);
  });

  it('does not mark the line where an exclusive end sits at column 1', () => {
    assert.deepEqual(frameOf(letters, 'b: 2\n'), ['  1 | a: 1', '> 2 | b: 2', '    | ^^^^', '  3 | c: 3']);
  });

  it('leaves out the middle of a long range, so that a frame stays a few lines', () => {
    const frame = frameOf(letters, 'b: 2\nc: 3\nd: 4\ne: 5\nf: 6');
    assert.deepEqual(frame, [
      '  1 | a: 1',
      '> 2 | b: 2',
      '    | ^^^^',
      '> 3 | c: 3',
      '  ⋮ |',
      '> 6 | f: 6',
      '  7 | g: 7',
    ]);
  });

  it('shows the first and last lines without inventing lines around them', () => {
    assert.deepEqual(frameOf(letters, 'a'), ['> 1 | a: 1', '    | ^', '  2 | b: 2']);
    const noFinalBreak = 'FROM alpine:3.20\nUSER root';
    assert.deepEqual(frameOf(noFinalBreak, 'root'), ['  1 | FROM alpine:3.20', '> 2 | USER root', '    |      ^^^^']);
  });

  it('shows a position after the final line break on an empty line', () => {
    assert.deepEqual(frameOf('a: 1\n', [5, 5]), ['  1 | a: 1', '> 2 |', '    | ^']);
  });

  it('expands tabs to stops of four and keeps the underline under the word', () => {
    const text = 'RUN apt-get update && \\\n\tapt-get install -y make\n';
    assert.deepEqual(frameOf(text, 'make'), [
      '  1 | RUN apt-get update && \\',
      '> 2 |     apt-get install -y make',
      '    |                        ^^^^',
    ]);
    assert.deepEqual(frameOf('a:\tb\tc', 'c'), ['> 1 | a:  b   c', '    |         ^']);
  });

  it('counts wide characters as two cells and emoji by what the terminal shows', () => {
    assert.deepEqual(frameOf('名前: 日本語のテキスト\nnext', '日本語'), [
      '> 1 | 名前: 日本語のテキスト',
      '    |       ^^^^^^',
      '  2 | next',
    ]);
    assert.deepEqual(frameOf('RUN echo "🚀 ok" && make', 'make'), [
      '> 1 | RUN echo "🚀 ok" && make',
      '    |                     ^^^^',
    ]);
    // Combining marks take no cell of their own.
    assert.deepEqual(frameOf('name: Zoe\u0308 x', 'x'), ['> 1 | name: Zoe\u0308 x', '    |           ^']);
  });

  it('cuts long lines around the range with an ellipsis on each cut side', () => {
    const long = `x: ${'abcdefghij'.repeat(20)} TARGET ${'z'.repeat(100)}\ny: 1`;
    assert.deepEqual(frameOf(long, 'TARGET', { maxWidth: 60 }), [
      '> 1 | …hijabcdefghij TARGET zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz…',
      '    |                ^^^^^^',
      '  2 | …',
    ]);
    const frame = frameOf(long, 'x', { maxWidth: 60 });
    assert.deepEqual(frame, [
      '> 1 | x: abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdef…',
      '    | ^',
      '  2 | y: 1',
    ]);
    const [sourceRow] = frame;
    assert.equal(sourceRow?.length, '> 1 | '.length + 60);
  });

  it('drops the carriage return of CRLF lines and shows control characters as symbols', () => {
    const text = 'a: 1\r\nb: "\u001b[31mred"\r\nc: 3';
    assert.deepEqual(frameOf(text, '"\u001b['), ['  1 | a: 1', '> 2 | b: "␛[31mred"', '    |    ^^^', '  3 | c: 3']);
  });

  it('is empty when the position is not in the text', () => {
    assert.deepEqual(codeFrame('a: 1', { line: 3, column: 1 }, { line: 3, column: 2 }), []);
    assert.deepEqual(codeFrame('a: 1', { line: 0, column: 1 }, { line: 0, column: 2 }), []);
  });

  it('styles the gutter and the marks through the given functions', () => {
    const frame = frameOf('a: 1\nb: 2', 'b', {
      style: { gutter: (text: string) => `<${text}>`, marker: (text: string) => `[${text}]` },
    });
    assert.deepEqual(frame, ['  <1 |> a: 1', '[>] <2 |> b: 2', '  <  |> [^]']);
  });
});

describe('visible text', () => {
  it('replaces terminal controls and bidirectional overrides, and keeps other text', () => {
    assert.equal(visibleText('a\u001b[2Jb\nc\u202ed é 🚀'), 'a␛[2Jb␊c\ufffdd é 🚀');
  });
});
