// Line lookups for code frames. Lines end at '\n'; a '\r' before it belongs to the line break.
import type { Position } from '../types.ts';

/** Offsets at which each line starts; index 0 is line 1. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    starts.push(index + 1);
  }
  return starts;
}

/** The 1-based position of a 0-based offset (clamped to the text). */
export function positionAt(starts: readonly number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  // The last line start that is <= offset.
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: Math.max(0, offset - (starts[low] ?? 0)) + 1 };
}

/** The text of a 1-based line without its line break, or undefined past the end. */
export function lineText(text: string, starts: readonly number[], line: number): string | undefined {
  const start = starts[line - 1];
  if (start === undefined) return undefined;
  const next = starts[line];
  let end = next === undefined ? text.length : next - 1;
  if (end > start && text.charCodeAt(end - 1) === 13) end -= 1;
  return text.slice(start, end);
}

/** Number of lines a reader sees: a final line break does not open an extra line. */
export function visibleLineCount(text: string, starts: readonly number[]): number {
  return text.endsWith('\n') ? starts.length - 1 : starts.length;
}
