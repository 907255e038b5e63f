// "Request a port for the Service under the cursor": the request-port workflow in file mode, as
// `kubectl lsst request-port -f`: the Service is annotated in place and the request document opens
// beside it, for a ticket. No cluster is needed.
import { userInfo } from 'node:os';
import { minimalReplacement, splitDocuments } from '@lsst-kube/core';
import {
  annotateServiceInManifest,
  type ExposureType,
  exposureTypes,
  type ManifestService,
  newPortRequest,
  PortRequestInputError,
  renderPortRequest,
  servicesInManifest,
} from '@lsst-kube/core/kube';
import * as vscode from 'vscode';
import type { KubeStatus } from './kube-status.ts';
import { toEditorEdits } from './text-edits.ts';

/** Answers given up front (tests, keybindings); whatever is missing is asked for. */
export interface PortRequestAnswers {
  port?: number;
  type?: ExposureType;
  reason?: string;
}

function serviceUnderCursor(editor: vscode.TextEditor): ManifestService | undefined {
  const offset = editor.document.offsetAt(editor.selection.active);
  const chunks = splitDocuments(editor.document.getText());
  const chunk = [...chunks].reverse().find((candidate) => candidate.start <= offset) ?? chunks[0];
  return chunk ? servicesInManifest(chunk.text)[0] : undefined;
}

function currentUser(): string | undefined {
  try {
    return process.env.USER || userInfo().username;
  } catch {
    return undefined;
  }
}

export async function requestPortForServiceUnderCursor(
  kubeStatus: KubeStatus,
  defaultNamespace: string | undefined,
  answers: PortRequestAnswers = {},
): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const service = editor ? serviceUnderCursor(editor) : undefined;
  if (!editor || !service) {
    void vscode.window.showWarningMessage('Put the cursor inside a Service in a Kubernetes manifest first.');
    return undefined;
  }
  let port = answers.port;
  if (port === undefined) {
    if (service.ports.length === 1) port = service.ports[0]?.port;
    else {
      const choice = await vscode.window.showQuickPick(
        service.ports.map((entry) => ({ label: String(entry.port), description: entry.protocol })),
        { title: `Port of Service ${service.name} to expose` },
      );
      port = choice ? Number(choice.label) : undefined;
    }
  }
  if (port === undefined) return undefined;
  const protocol = service.ports.find((entry) => entry.port === port)?.protocol ?? 'TCP';
  let type = answers.type;
  if (type === undefined) {
    const choice = await vscode.window.showQuickPick(
      exposureTypes.map((label) => ({ label, picked: label === service.type })),
      { title: 'How should it be exposed?' },
    );
    type = choice?.label as ExposureType | undefined;
  }
  if (type === undefined) return undefined;
  const reason =
    answers.reason ??
    (await vscode.window.showInputBox({
      title: `Why must ${service.name}:${port} be reachable from the internet?`,
      prompt: 'The sysadmins read this when they decide.',
      validateInput: (value) => (value.trim() === '' ? 'A reason is required.' : undefined),
    }));
  if (!reason) return undefined;
  const namespace = service.namespace ?? kubeStatus.state.current?.namespace ?? defaultNamespace ?? 'default';
  try {
    const request = newPortRequest(
      { namespace, service: service.name, port, protocol, type, reason },
      currentUser(),
      new Date(),
      'manifest',
    );
    const text = editor.document.getText();
    const edit = minimalReplacement(text, annotateServiceInManifest(text, service.name, request.id));
    if (edit)
      await editor.edit((builder) => {
        for (const change of toEditorEdits(editor.document, [edit])) builder.replace(change.range, change.newText);
      });
    const ticket = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: renderPortRequest(request, 'yaml'),
    });
    await vscode.window.showTextDocument(ticket, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    void vscode.window.showInformationMessage(
      `Port request ${request.id}: the Service is annotated; attach the request beside it to a ticket, or submit it with kubectl lsst request-port.`,
    );
    return request.id;
  } catch (error) {
    if (error instanceof PortRequestInputError) {
      void vscode.window.showErrorMessage(`Cannot request the port: ${error.message}`);
      return undefined;
    }
    throw error;
  }
}
