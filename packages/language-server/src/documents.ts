// Which documents the server checks, and the path the engine is given for each: the same choice
// the CLI makes by file name, with the editor's language id for names that say nothing.
import { fileURLToPath } from 'node:url';
import { type DocumentKind, detectDocumentKind } from '@lsst-kube/core';
import { chartDirectoryOf } from '@lsst-kube/core/render';

const configurationFileName = /(^|\/)\.lsst\.ya?ml$/;

/** The file path of a `file:` URI; undefined for other schemes (untitled buffers, remote files). */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function isConfigurationUri(uri: string): boolean {
  return configurationFileName.test(uri);
}

/** What a document is to the server: checked on its own, part of a chart (checked by rendering it), or neither. */
export type DocumentRole = { kind: DocumentKind; path: string } | { chart: string; path: string } | undefined;

export function documentRole(uri: string, languageId: string): DocumentRole {
  if (isConfigurationUri(uri)) return undefined;
  const file = filePathOf(uri);
  const name = file ?? uri.replace(/^[a-z][a-z0-9+.-]*:/i, '');
  const byName = detectDocumentKind(name);
  const language = languageId.toLowerCase();
  if (byName === 'dockerfile' || (byName === undefined && language === 'dockerfile')) {
    return { kind: 'dockerfile', path: file ?? `${name}/Dockerfile` };
  }
  // A chart's YAML is checked through its render, never as manifests on their own.
  if (file !== undefined) {
    const chart = chartDirectoryOf(file);
    if (chart !== undefined) return { chart, path: file };
  }
  if (byName === 'manifest' || language === 'yaml' || language === 'helm') {
    return { kind: 'manifest', path: file ?? `${name}.yaml` };
  }
  return undefined;
}
