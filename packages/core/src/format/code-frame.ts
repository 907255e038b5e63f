// Code frames for the terminal: the lines around a finding with the range underlined.
import stringWidth from 'string-width';
import { LineIndex } from '../documents/source.ts';
import type { Position } from '../types.ts';
import { controlPattern, visibleText } from './visible-text.ts';

// Where the terminal formats have always found it.
export { visibleText };

export interface CodeFrameStyle {
  gutter: (text: string) => string;
  marker: (text: string) => string;
}

export interface CodeFrameOptions {
  /** Lines shown before and after the marked lines. */
  contextLines?: number;
  /** Cells of source text shown per line; longer lines are cut around the range with `…`. */
  maxWidth?: number;
  tabWidth?: number;
  /** Marked lines shown at most; the middle of a longer range is left out. */
  maxMarkedLines?: number;
  style?: CodeFrameStyle;
}

const plain: CodeFrameStyle = { gutter: (text) => text, marker: (text) => text };
// Intl.Segmenter takes about 15 ms to set up (ICU data): made on the first line that needs it.
let segmenter: Intl.Segmenter | undefined;
const oneCellPerCharacter = /^[\t\x20-\x7e]*$/;

/** The grapheme clusters of a line; printable ASCII is one per character. */
function graphemes(line: string): Iterable<{ segment: string; index: number }> {
  if (oneCellPerCharacter.test(line)) return Array.from(line, (segment, index) => ({ segment, index }));
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return segmenter.segment(line);
}

interface Cell {
  /** Offset (UTF-16) of the grapheme in the line. */
  unit: number;
  /** First display column of the grapheme. */
  column: number;
  width: number;
  shown: string;
}

/** A line laid out in display cells: tabs expanded, wide characters two cells, controls made visible. */
interface LaidOutLine {
  cells: Cell[];
  width: number;
  /** Display column at a UTF-16 offset (clamped to the line). */
  columnAt(unit: number): number;
}

function layOut(line: string, tabWidth: number): LaidOutLine {
  const cells: Cell[] = [];
  let column = 0;
  for (const { segment, index } of graphemes(line)) {
    let shown = segment;
    let width: number;
    if (segment === '\t') {
      width = tabWidth - (column % tabWidth);
      shown = ' '.repeat(width);
    } else if (controlPattern.test(segment)) {
      shown = visibleText(segment);
      width = stringWidth(shown);
    } else {
      width = stringWidth(segment);
    }
    cells.push({ unit: index, column, width, shown });
    column += width;
  }
  const total = column;
  return {
    cells,
    width: total,
    columnAt(unit: number): number {
      if (unit >= line.length) return total + Math.max(0, unit - line.length);
      // The grapheme that contains the offset; offsets inside a grapheme point at its start.
      let low = 0;
      let high = cells.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if ((cells[middle]?.unit ?? 0) <= unit) low = middle;
        else high = middle - 1;
      }
      return cells[low]?.column ?? 0;
    },
  };
}

/** The display columns `[from, to)` shown of every line, with `…` where a line is cut. */
interface Window {
  from: number;
  to: number;
}

function render(line: LaidOutLine, window: Window | undefined): string {
  if (!window) return line.cells.map((cell) => cell.shown).join('');
  const cutLeft = window.from > 0;
  const cutRight = line.width > window.to;
  const low = window.from + (cutLeft ? 1 : 0);
  const high = window.to - (cutRight ? 1 : 0);
  let text = cutLeft ? '…' : '';
  let column = low;
  for (const cell of line.cells) {
    if (cell.column < low || cell.column + cell.width > high) continue;
    // A wide character cut by the window edge leaves a gap; keep the columns aligned.
    text += ' '.repeat(cell.column - column) + cell.shown;
    column = cell.column + cell.width;
  }
  return cutRight ? `${text}${' '.repeat(Math.max(0, high - column))}…` : text;
}

/**
 * The frame of a range, one string per row: `> 12 | text`, then `   | ^^^^` under the first marked line.
 * Empty when the position is not in the text (the file changed, or it is not a file).
 * `text` is the text, or a LineIndex of it.
 */
export function codeFrame(
  text: string | LineIndex,
  start: Position,
  end: Position,
  options: CodeFrameOptions = {},
): string[] {
  const contextLines = options.contextLines ?? 1;
  const maxWidth = options.maxWidth ?? 100;
  const tabWidth = options.tabWidth ?? 4;
  const maxMarkedLines = Math.max(2, options.maxMarkedLines ?? 3);
  const style = options.style ?? plain;
  // Callers framing many findings of one text pass its index, so that it is scanned once.
  const lines = typeof text === 'string' ? new LineIndex(text) : text;
  if (start.line < 1 || start.line > lines.lineCount) return [];

  // An exclusive end at the start of a line does not mark that line.
  let lastMarked = Math.min(Math.max(end.line, start.line), lines.lineCount);
  if (lastMarked > start.line && end.column <= 1) lastMarked -= 1;
  // A final line break opens no line of its own, unless the range is on it.
  const lineCount = Math.max(lines.visibleLineCount, lastMarked);
  const firstShown = Math.max(1, start.line - contextLines);
  const lastShown = Math.min(lineCount, lastMarked + contextLines);

  const laidOutLines = new Map<number, LaidOutLine>();
  const laidOut = (number: number): LaidOutLine => {
    let line = laidOutLines.get(number);
    if (!line) {
      line = layOut(number <= lines.lineCount ? lines.lineText(number) : '', tabWidth);
      laidOutLines.set(number, line);
    }
    return line;
  };

  const first = laidOut(start.line);
  const underlineFrom = first.columnAt(start.column - 1);
  const underlineTo =
    lastMarked === start.line && end.line === start.line
      ? first.columnAt(end.column - 1)
      : Math.max(first.width, underlineFrom + 1);
  let window: Window | undefined;
  let widest = 0;
  for (let number = firstShown; number <= lastShown; number += 1) widest = Math.max(widest, laidOut(number).width);
  if (widest > maxWidth) {
    // Keep the start of the range in view, with some of what precedes it.
    const from = Math.max(0, Math.min(underlineFrom - Math.floor(maxWidth / 4), widest - maxWidth));
    window = { from, to: from + maxWidth };
  }

  const shownLines: (number | 'gap')[] = [];
  for (let number = firstShown; number <= lastShown; number += 1) {
    const marked = number >= start.line && number <= lastMarked;
    const markedCount = lastMarked - start.line + 1;
    if (marked && markedCount > maxMarkedLines) {
      const keepHead = maxMarkedLines - 1;
      if (number === start.line + keepHead) {
        shownLines.push('gap');
        number = lastMarked - 1;
        continue;
      }
    }
    shownLines.push(number);
  }

  const gutterWidth = String(lastShown).length;
  const rows: string[] = [];
  for (const entry of shownLines) {
    if (entry === 'gap') {
      rows.push(style.gutter(`  ${'⋮'.padStart(gutterWidth)} |`));
      continue;
    }
    const marked = entry >= start.line && entry <= lastMarked;
    const source = render(laidOut(entry), window);
    const gutter = `${marked ? style.marker('>') : ' '} ${style.gutter(`${String(entry).padStart(gutterWidth)} |`)}`;
    rows.push(source === '' ? gutter : `${gutter} ${source}`);
    if (entry === start.line) {
      const shift = window ? window.from : 0;
      const low = window && window.from > 0 ? 1 : 0;
      const high = window ? window.to - window.from - (first.width > window.to ? 1 : 0) : Number.POSITIVE_INFINITY;
      const from = Math.min(Math.max(underlineFrom - shift, low), high - 1);
      const to = Math.max(Math.min(underlineTo - shift, high), from + 1);
      const padding = ' '.repeat(from);
      rows.push(`  ${style.gutter(`${' '.repeat(gutterWidth)} |`)} ${padding}${style.marker('^'.repeat(to - from))}`);
    }
  }
  return rows;
}
