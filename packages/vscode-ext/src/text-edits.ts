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
