// Engine edits are offsets into the checked text; the editor wants ranges. Whole-file results are
// turned into the one smallest replacement, so that the cursor and undo stay where they belong.
import type { TextEdit as OffsetEdit } from '@lsst-kube/core';
import * as vscode from 'vscode';

export function toEditorEdits(document: vscode.TextDocument, edits: readonly OffsetEdit[]): vscode.TextEdit[] {
  return edits.map(
    (edit) =>
      new vscode.TextEdit(
        new vscode.Range(document.positionAt(edit.range[0]), document.positionAt(edit.range[1])),
        edit.text,
      ),
  );
}

/** The smallest single replacement that turns `before` into `after`, or undefined when they are equal. */
export function minimalReplacement(before: string, after: string): OffsetEdit | undefined {
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
