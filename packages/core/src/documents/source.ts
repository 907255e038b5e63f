// Converts between 0-based offsets and 1-based line/column positions of one text.
import type { OffsetRange, Position } from '../types.ts';

export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    // indexOf finds line breaks far faster than a loop over every character.
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.lineStarts.push(at + 1);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Lines a reader sees: a final line break opens no line of its own. */
  get visibleLineCount(): number {
    return this.text.endsWith('\n') ? this.lineStarts.length - 1 : this.lineStarts.length;
  }

  /** 1-based position of an offset; offsets past the end clamp to the end. */
  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] ?? 0) <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: clamped - (this.lineStarts[low] ?? 0) + 1 };
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))] ?? 0;
  }

  /** Offset just before the line break ending a 1-based line. */
  lineEnd(line: number): number {
    const next = this.lineStarts[line];
    if (next === undefined) return this.text.length;
    return this.text.charCodeAt(next - 2) === 13 ? next - 2 : next - 1;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  offsetAt(position: Position): number {
    return Math.min(this.lineStart(position.line) + position.column - 1, this.lineEnd(position.line));
  }
}

/** The range covering the rest of the line from an offset, without the line break. */
export function restOfLine(text: string, offset: number): OffsetRange {
  let end = offset;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return [offset, end];
}
