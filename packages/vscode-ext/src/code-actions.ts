// The commands that the language server's code actions call in VS Code: the server offers the quick-fixes
// (the rule's fix, fix all, `source.fixAll.lsst`, suppress, add to the baseline, explain, docs); these
// do what only the editor can: a snippet for the suppression reason, the rendered docs, the walkthrough.
import * as vscode from 'vscode';

export const commands = {
  suppress: 'lsst.suppressFinding',
  openDocs: 'lsst.openRuleDocs',
  explain: 'lsst.explainRule',
  fixApplied: 'lsst.fixApplied',
} as const;

// `lsst.fixApplied` runs after a quick-fix, to complete the walkthrough's step; it has no arguments:
// VS Code runs a code action's command that has arguments under an internal id, which `onCommand:` never sees.
/** Set by the command; the walkthrough step also completes on it (`onContext:`). */
export const fixAppliedContextKey = 'lsst.fixApplied';

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (character) => `\\${character}`);
}

/** Inserts `# lsst-ignore <rule> -- <reason>` above the line, the reason left selected to be typed over. */
export async function insertSuppression(uri: vscode.Uri, line: number, rule: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const active = vscode.window.activeTextEditor;
  const selected =
    active && active.document.uri.toString() === uri.toString() && !active.selection.isEmpty
      ? active.document.getText(active.selection).split('\n')[0]?.trim()
      : undefined;
  const editor = await vscode.window.showTextDocument(document);
  const isDockerfile = document.languageId === 'dockerfile' || !/\.ya?ml$/i.test(uri.path);
  let target = Math.min(Math.max(0, line), document.lineCount - 1);
  if (isDockerfile) {
    // A comment must stand above the whole instruction, not inside its continuation lines.
    while (target > 0 && /\\\s*$/.test(document.lineAt(target - 1).text)) target--;
  }
  const indent = isDockerfile ? '' : (/^\s*/.exec(document.lineAt(target).text)?.[0] ?? '');
  const reason = selected ? escapeSnippet(selected) : 'reason';
  const snippet = new vscode.SnippetString(`${indent}# lsst-ignore ${escapeSnippet(rule)} -- \${1:${reason}}\n`);
  await editor.insertSnippet(snippet, new vscode.Position(target, 0));
}
