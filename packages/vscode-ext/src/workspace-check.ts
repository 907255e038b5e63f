// "Check the whole workspace": every manifest and Dockerfile into the Problems panel, with progress.
import { ConfigError, checkText, detectDocumentKind, excludeMatcher } from '@lsst-kube/core';
import * as vscode from 'vscode';
import { type ChartDiagnostics, chartOf } from './charts.ts';
import { type ConfigurationSource, editorFileSystem } from './configuration.ts';
import type { Linter } from './linter.ts';
import { describeError, type Log } from './log.ts';
import { readSettings } from './settings.ts';

const manifestGlob = '**/*.{yaml,yml}';
const dockerfileGlob = '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.*}';
const excluded = '**/{node_modules,.git,dist,.cache}/**';

export interface WorkspaceCheckSummary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  failed: number;
  /** Files left out as test data (`exclude` of the configuration), as `check FOLDER` leaves them out. */
  excluded: number;
}

export async function checkWorkspace(
  linter: Linter,
  configuration: ConfigurationSource,
  log: Log,
  charts?: ChartDiagnostics,
): Promise<WorkspaceCheckSummary> {
  const summary: WorkspaceCheckSummary = { files: 0, errors: 0, warnings: 0, infos: 0, failed: 0, excluded: 0 };
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'LSST guidelines: checking the workspace',
      cancellable: true,
    },
    async (progress, token) => {
      const found = [
        ...(await vscode.workspace.findFiles(manifestGlob, excluded, undefined, token)),
        ...(await vscode.workspace.findFiles(dockerfileGlob, excluded, undefined, token)),
      ];
      const files = [...new Map(found.map((uri) => [uri.toString(), uri])).values()].filter(
        (uri) => !/(^|\/)\.lsst\.ya?ml$/.test(uri.path),
      );
      // A chart's files are checked by rendering the chart, once, not one by one.
      const chartFolders = new Set<string>();
      const unique = files.filter((uri) => {
        const chart = detectDocumentKind(uri.fsPath) === 'dockerfile' ? undefined : chartOf(uri);
        if (chart !== undefined) chartFolders.add(chart);
        return chart === undefined;
      });
      const step = unique.length + chartFolders.size === 0 ? 100 : 100 / (unique.length + chartFolders.size);
      for (const chart of [...chartFolders].sort()) {
        if (token.isCancellationRequested || !charts) break;
        progress.report({ message: vscode.workspace.asRelativePath(chart), increment: step });
        const rendered = await charts.render(chart);
        for (const findings of rendered?.byFile.values() ?? []) {
          const shown = findings.filter((finding) => !finding.suppression);
          count(summary, shown);
          summary.files++;
        }
      }
      for (const uri of unique) {
        if (token.isCancellationRequested) break;
        progress.report({ message: vscode.workspace.asRelativePath(uri), increment: step });
        const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
        try {
          if (open) {
            const checked = await linter.check(open);
            if (checked) count(summary, checked.findings);
            summary.files++;
            continue;
          }
          const text = await editorFileSystem.readFile(uri.fsPath);
          if (text === undefined) continue;
          const folder = vscode.workspace.getWorkspaceFolder(uri);
          const settings = readSettings(uri);
          const config = await configuration.forDirectory(vscode.Uri.joinPath(uri, '..').fsPath, folder, settings);
          // The workspace folder is the folder checked: its test data is left out, as by `kubectl lsst check .`.
          if (folder && excludeMatcher(config.exclude)(vscode.workspace.asRelativePath(uri, false))) {
            summary.excluded++;
            continue;
          }
          const kind = detectDocumentKind(uri.fsPath);
          const result = checkText(
            { path: uri.fsPath, text, ...(kind ? { kind } : {}) },
            linter.optionsFor(config, settings),
          );
          if (result.skipped) continue;
          count(summary, linter.publishForFile(uri, result.findings, text, config));
          summary.files++;
        } catch (error) {
          summary.failed++;
          const reason = error instanceof ConfigError ? error.message : describeError(error);
          log.error(`checking ${uri.fsPath}`, reason);
        }
      }
    },
  );
  const excluded =
    summary.excluded > 0
      ? `; ${summary.excluded} left out as test data (exclude in .lsst.yaml; open one to check it)`
      : '';
  const message = `LSST guidelines: ${summary.files} files checked: ${summary.errors} errors, ${summary.warnings} warnings, ${summary.infos} notes${summary.failed > 0 ? `; ${summary.failed} could not be checked (see the output)` : ''}${excluded}.`;
  log.info(message);
  void vscode.window.showInformationMessage(message);
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  return summary;
}

function count(summary: WorkspaceCheckSummary, findings: { severity: string }[]): void {
  for (const finding of findings) {
    if (finding.severity === 'error') summary.errors++;
    else if (finding.severity === 'warning') summary.warnings++;
    else summary.infos++;
  }
}
