// Applying fixes: offset edits on the original text, never overlapping, duplicates merged.
import { compareText, type Finding, type TextEdit } from '../types.ts';

export interface AppliedFixes {
  text: string;
  /** Findings whose fix was applied in full. */
  applied: number;
  /** Findings whose fix was skipped because it overlapped one applied earlier. */
  skipped: number;
}

/**
 * Applies the fixes of every unsuppressed finding; a fix overlapping an earlier one waits for the next pass,
 * and so do all the others while a fix that goes first (`Fix.first`) is among them.
 */
export function applyFixes(text: string, findings: readonly Finding[]): AppliedFixes {
  const accepted: TextEdit[] = [];
  let applied = 0;
  let skipped = 0;
  const fixable = findings.filter((finding) => finding.fix && !finding.suppression);
  const first = fixable.filter((finding) => finding.fix?.first);
  const chosen = first.length > 0 ? first : fixable;
  skipped += fixable.length - chosen.length;
  const sorted = chosen.sort((a, b) => a.range[0] - b.range[0] || compareText(a.rule, b.rule));
  for (const finding of sorted) {
    const edits = (finding.fix?.edits ?? []).filter((edit) => !accepted.some((other) => sameEdit(edit, other)));
    if (edits.some((edit) => accepted.some((other) => overlaps(edit, other)))) {
      skipped++;
      continue;
    }
    for (const edit of edits) accepted.push(edit);
    applied++;
  }
  return { text: applyEdits(text, accepted), applied, skipped };
}

/** Applies non-overlapping edits; edits are sorted here so callers need not. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = [...edits].sort((a, b) => b.range[0] - a.range[0] || b.range[1] - a.range[1]);
  let result = text;
  for (const edit of ordered) {
    result = result.slice(0, edit.range[0]) + edit.text + result.slice(edit.range[1]);
  }
  return result;
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.range[0] === b.range[0] && a.range[1] === b.range[1] && a.text === b.text;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at the same offset would depend on order: treat them as overlapping.
  if (a.range[0] === a.range[1] && b.range[0] === b.range[1]) return a.range[0] === b.range[0];
  return a.range[0] < b.range[1] && b.range[0] < a.range[1];
}

/** The smallest single replacement that turns `before` into `after`, or undefined when they are equal. */
export function minimalReplacement(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { range: [start, endBefore], text: after.slice(start, endAfter) };
}
