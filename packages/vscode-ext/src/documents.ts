// Which editor documents go to the language server (Kubernetes YAML, Dockerfiles, .lsst.yaml), and
// which get field completion: manifests, by name or language.
import { type DocumentKind, detectDocumentKind } from '@lsst-kube/core';
import { chartDirectoryOf } from '@lsst-kube/core/render';
import type * as vscode from 'vscode';

export const documentSelector: vscode.DocumentSelector = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'untitled', language: 'yaml' },
  { scheme: 'file', language: 'dockerfile' },
  { scheme: 'untitled', language: 'dockerfile' },
  { scheme: 'file', pattern: '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.*}' },
];

const configurationFileName = /(^|\/)\.lsst\.ya?ml$/;

function isConfigurationDocument(document: vscode.TextDocument): boolean {
  return configurationFileName.test(document.uri.path);
}

/** The kind of document to check, or undefined for documents the extension leaves alone. */
export function documentKindOf(document: vscode.TextDocument): DocumentKind | undefined {
  if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled') return undefined;
  if (isConfigurationDocument(document)) return undefined;
  const byName = detectDocumentKind(document.uri.path);
  if (byName === 'dockerfile') return byName;
  // A chart's YAML is checked through its render (charts.ts), never as manifests on their own.
  if (document.uri.scheme === 'file' && chartDirectoryOf(document.uri.fsPath) !== undefined) return undefined;
  if (byName) return byName;
  if (document.languageId === 'yaml') return 'manifest';
  if (document.languageId === 'dockerfile') return 'dockerfile';
  return undefined;
}
