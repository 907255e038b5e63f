// Quick-fixes for findings: the rule's own fix (preferred), fix all of a rule in the file,
// `source.fixAll.lsst` for codeActionsOnSave, a suppression comment with a reason, and the rule's docs.
import { type Finding, fixText, minimalReplacement } from '@lsst-kube/core';
import { baselineWithFinding } from '@lsst-kube/core/render';
import * as vscode from 'vscode';
import { ChartDiagnostics } from './charts.ts';
import { type CheckedDocument, diagnosticSource, type Linter } from './linter.ts';
import type { Log } from './log.ts';
import { toEditorEdits } from './text-edits.ts';

export const fixAllKind = vscode.CodeActionKind.SourceFixAll.append(diagnosticSource);
export const commands = {
  suppress: 'lsst.suppressFinding',
  addToBaseline: 'lsst.addToBaseline',
  openDocs: 'lsst.openRuleDocs',
  explain: 'lsst.explainRule',
  fixApplied: 'lsst.fixApplied',
} as const;

/**
 * Run after a quick-fix, to complete the walkthrough's step. Without arguments: VS Code runs a
 * code action's command that has arguments under an internal id, which `onCommand:` never sees.
 */
export const fixAppliedCommand: vscode.Command = { command: commands.fixApplied, title: 'Fix applied' };
/** Set by the command; the walkthrough step also completes on it (`onContext:`). */
export const fixAppliedContextKey = 'lsst.fixApplied';

export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== diagnosticSource) return undefined;
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return undefined;
}

/** The finding a diagnostic was made from: same rule, same range, same message. */
export function findingFor(
  document: vscode.TextDocument,
  checked: CheckedDocument,
  diagnostic: vscode.Diagnostic,
): Finding | undefined {
  const rule = ruleOf(diagnostic);
  if (!rule) return undefined;
  const start = document.offsetAt(diagnostic.range.start);
  const end = document.offsetAt(diagnostic.range.end);
  const sameRule = checked.findings.filter((finding) => finding.rule === rule);
  return (
    sameRule.find(
      (finding) => finding.range[0] === start && finding.range[1] === end && finding.message === diagnostic.message,
    ) ?? sameRule.find((finding) => finding.range[0] <= start && end <= finding.range[1])
  );
}

/** Every fix of the given findings applied, checking again until nothing more can be fixed. */
export function fixedText(checked: CheckedDocument, only?: (finding: Finding) => boolean): string {
  return fixText({ path: checked.uri.fsPath, text: checked.text, kind: checked.kind }, checked.options, only).text;
}

export class LsstCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, fixAllKind],
  };

  constructor(
    private readonly linter: Linter,
    private readonly log: Log,
    private readonly charts?: ChartDiagnostics,
  ) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    try {
      const checked = this.linter.current(document);
      if (!checked) return this.#forChartFile(document, context);
      if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) {
        return fixAllKind.intersects(context.only) ? this.#fixAll(document, checked) : [];
      }
      const actions: vscode.CodeAction[] = [];
      const offeredFixAll = new Set<string>();
      for (const diagnostic of context.diagnostics) {
        const finding = findingFor(document, checked, diagnostic);
        if (!finding) continue;
        for (const action of this.#forFinding(document, checked, diagnostic, finding, offeredFixAll))
          actions.push(action);
      }
      if (!context.only) for (const action of this.#fixAll(document, checked)) actions.push(action);
      return actions;
    } catch (error) {
      this.log.error('computing code actions', error);
      return [];
    }
  }

  #forFinding(
    document: vscode.TextDocument,
    checked: CheckedDocument,
    diagnostic: vscode.Diagnostic,
    finding: Finding,
    offeredFixAll: Set<string>,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    if (finding.fix) {
      const fix = new vscode.CodeAction(finding.fix.description, vscode.CodeActionKind.QuickFix);
      fix.diagnostics = [diagnostic];
      fix.isPreferred = true;
      fix.edit = new vscode.WorkspaceEdit();
      fix.edit.set(document.uri, toEditorEdits(document, finding.fix.edits));
      fix.command = fixAppliedCommand;
      actions.push(fix);
    }
    const sameRuleFixable = checked.findings.filter((other) => other.rule === finding.rule && other.fix);
    if (finding.fix && sameRuleFixable.length > 1 && !offeredFixAll.has(finding.rule)) {
      offeredFixAll.add(finding.rule);
      const edit = minimalReplacement(
        checked.text,
        fixedText(checked, (other) => other.rule === finding.rule),
      );
      if (edit) {
        const all = new vscode.CodeAction(
          `Fix all ${finding.rule} problems in this file (${sameRuleFixable.length})`,
          vscode.CodeActionKind.QuickFix,
        );
        all.diagnostics = [diagnostic];
        all.edit = new vscode.WorkspaceEdit();
        all.edit.set(document.uri, toEditorEdits(document, [edit]));
        all.command = fixAppliedCommand;
        actions.push(all);
      }
    }
    const explained = explainActions(document, diagnostic, finding, true);
    // "Add to the baseline" right after "suppress": the two ways to accept a finding.
    if (checked.baselinePath !== undefined) explained.splice(1, 0, addToBaselineAction(document, diagnostic, finding));
    actions.push(...explained);
    return actions;
  }

  /**
   * A chart's template or values file: its findings come from the rendered text, so no fix is
   * offered (it would edit text that is not in the file); a suppression comment and the docs are.
   */
  #forChartFile(document: vscode.TextDocument, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!this.charts || (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix))) return [];
    const findings = this.charts.findingsFor(document.uri);
    const suppressible = ChartDiagnostics.canSuppressIn(document.uri);
    return context.diagnostics.flatMap((diagnostic) => {
      const rule = ruleOf(diagnostic);
      const finding = findings.find((candidate) => candidate.rule === rule && candidate.message === diagnostic.message);
      return finding ? explainActions(document, diagnostic, finding, suppressible && !rule?.startsWith('input/')) : [];
    });
  }

  #fixAll(document: vscode.TextDocument, checked: CheckedDocument): vscode.CodeAction[] {
    if (!checked.findings.some((finding) => finding.fix)) return [];
    const edit = minimalReplacement(checked.text, fixedText(checked));
    if (!edit) return [];
    const action = new vscode.CodeAction('Fix all auto-fixable LSST guideline problems', fixAllKind);
    action.edit = new vscode.WorkspaceEdit();
    action.edit.set(document.uri, toEditorEdits(document, [edit]));
    return [action];
  }
}

/** Suppress (when a comment can do it there), explain, and open the rule's docs. */
function explainActions(
  document: vscode.TextDocument,
  diagnostic: vscode.Diagnostic,
  finding: Finding,
  suppressible: boolean,
): vscode.CodeAction[] {
  const actions: vscode.CodeAction[] = [];
  if (suppressible) {
    const suppress = new vscode.CodeAction(
      `Suppress ${finding.rule} here (with a reason)`,
      vscode.CodeActionKind.QuickFix,
    );
    suppress.diagnostics = [diagnostic];
    suppress.command = {
      command: commands.suppress,
      title: suppress.title,
      arguments: [document.uri, diagnostic.range.start.line, finding.rule],
    };
    actions.push(suppress);
  }
  const explain = new vscode.CodeAction(`Explain ${finding.rule}`, vscode.CodeActionKind.QuickFix);
  explain.diagnostics = [diagnostic];
  explain.command = { command: commands.explain, title: explain.title, arguments: [finding.rule] };
  actions.push(explain);
  const docs = new vscode.CodeAction(`Open the documentation of ${finding.rule}`, vscode.CodeActionKind.QuickFix);
  docs.diagnostics = [diagnostic];
  docs.command = { command: commands.openDocs, title: docs.title, arguments: [finding.rule] };
  actions.push(docs);
  return actions;
}

function addToBaselineAction(
  document: vscode.TextDocument,
  diagnostic: vscode.Diagnostic,
  finding: Finding,
): vscode.CodeAction {
  const record = new vscode.CodeAction(
    `Add this ${finding.rule} finding to the baseline`,
    vscode.CodeActionKind.QuickFix,
  );
  record.diagnostics = [diagnostic];
  record.command = {
    command: commands.addToBaseline,
    title: record.title,
    arguments: [document.uri, finding.rule, finding.range[0], finding.range[1]],
  };
  return record;
}

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

/** Records one finding in the baseline file the configuration names, and checks the document again. */
export async function addToBaseline(
  linter: Linter,
  uri: vscode.Uri,
  rule: string,
  start: number,
  end: number,
): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const checked = linter.current(document);
  const finding = checked?.findings.find(
    (candidate) => candidate.rule === rule && candidate.range[0] === start && candidate.range[1] === end,
  );
  if (!checked?.baselinePath || !finding) return;
  const path = checked.baselinePath;
  const read = linter.baselines.read(path);
  if ('problem' in read) {
    void vscode.window.showErrorMessage(
      `LSST guidelines: the baseline cannot be read, so nothing was added: ${read.problem}`,
    );
    return;
  }
  const { replaceFileAtomically } = await import('@lsst-kube/core/kube');
  replaceFileAtomically(path, baselineWithFinding(read.entries, finding, checked.text, uri.fsPath, path));
  linter.baselines.forget(path);
  await linter.check(document);
}
