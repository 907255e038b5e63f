// Waiting on the editor's own events, never on sleeps.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LsstExtensionApi } from '../../src/extension.ts';

export const extensionId = 'lsst.lsst-guidelines';

export async function extensionApi(): Promise<LsstExtensionApi> {
  const extension = vscode.extensions.getExtension<LsstExtensionApi>(extensionId);
  assert.ok(extension, `${extensionId} is not installed`);
  return extension.activate();
}

export function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder (the fixtures)');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export function lsstDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'lsst');
}

export function ruleOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

/** Resolves once the diagnostics of `uri` satisfy `accept` (checked now and on every change). */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const done = (diagnostics: vscode.Diagnostic[]) => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(diagnostics);
    };
    const timer = setTimeout(() => {
      subscription.dispose();
      const now = lsstDiagnostics(uri).map((diagnostic) => `${ruleOf(diagnostic)}@${diagnostic.range.start.line + 1}`);
      reject(new Error(`diagnostics of ${uri.path} never showed ${what}; now: ${now.join(', ') || 'none'}`));
    }, timeoutMs);
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((changed) => changed.toString() === uri.toString())) return;
      const diagnostics = lsstDiagnostics(uri);
      if (accept(diagnostics)) done(diagnostics);
    });
    const current = lsstDiagnostics(uri);
    if (accept(current)) done(current);
  });
}

export async function open(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relativePath));
  return vscode.window.showTextDocument(document);
}

/** Puts the document back as it is on disk, so that tests do not depend on each other. */
export async function revert(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

export function lineOf(document: vscode.TextDocument, text: string): number {
  for (let line = 0; line < document.lineCount; line++) {
    if (document.lineAt(line).text.includes(text)) return line;
  }
  throw new Error(`${document.uri.path} has no line with ${text}`);
}
