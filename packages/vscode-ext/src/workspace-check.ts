// "Check the whole workspace": every manifest and Dockerfile into the Problems panel, with progress.
// VS Code finds the files; the language server checks them (a chart's files by rendering the chart
// once) and publishes their diagnostics, as it does for open documents.
import type { CheckFilesSummary } from '@lsst-kube/language-server';
import * as vscode from 'vscode';
import type { LsstLanguageClient } from './language-client.ts';
import { describeError, type Log } from './log.ts';

const manifestGlob = '**/*.{yaml,yml}';
const dockerfileGlob = '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.*}';
const excluded = '**/{node_modules,.git,dist,.cache}/**';
/** Files per request to the server: progress moves, and a cancel is seen between batches. */
const batchSize = 25;

export type WorkspaceCheckSummary = CheckFilesSummary;

export async function checkWorkspace(client: LsstLanguageClient, log: Log): Promise<WorkspaceCheckSummary> {
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
      const files = [...new Map(found.map((uri) => [uri.toString(), uri])).values()]
        .filter((uri) => uri.scheme === 'file' && !/(^|\/)\.lsst\.ya?ml$/.test(uri.path))
        .sort((a, b) => a.path.localeCompare(b.path));
      const step = files.length === 0 ? 100 : (100 * batchSize) / files.length;
      for (let start = 0; start < files.length; start += batchSize) {
        if (token.isCancellationRequested) break;
        const batch = files.slice(start, start + batchSize);
        progress.report({ message: vscode.workspace.asRelativePath(batch[0] as vscode.Uri), increment: step });
        try {
          const checked = await client.checkFiles(batch);
          summary.files += checked.files;
          summary.errors += checked.errors;
          summary.warnings += checked.warnings;
          summary.infos += checked.infos;
          summary.failed += checked.failed;
          summary.excluded += checked.excluded;
        } catch (error) {
          summary.failed += batch.length;
          log.error(`checking ${batch.length} files from ${batch[0]?.fsPath}`, describeError(error));
        }
      }
    },
  );
  const excludedNote =
    summary.excluded > 0
      ? `; ${summary.excluded} left out as test data (exclude in .lsst.yaml; open one to check it)`
      : '';
  const message = `LSST guidelines: ${summary.files} files checked: ${summary.errors} errors, ${summary.warnings} warnings, ${summary.infos} notes${summary.failed > 0 ? `; ${summary.failed} could not be checked (see the output)` : ''}${excludedNote}.`;
  log.info(message);
  void vscode.window.showInformationMessage(message);
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  return summary;
}
