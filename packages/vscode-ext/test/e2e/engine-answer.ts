// What the CLI would say about a file of the editor's workspace: the engine with the CLI's
// configuration discovery (`.lsst.yaml` upward from the file) and what it reads around a file on disk
// (kustomizations, the other manifests of its folder, the images built beside a Dockerfile).
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  ConfigResolver,
  checkText,
  detectDocumentKind,
  type Finding,
  type ResolvedConfig,
  rules,
} from '@lsst-kube/core';
import { FolderManifests, KustomizeBases, SiblingImages } from '@lsst-kube/core/render';
import type { ProblemRow } from './harness.ts';

const nodeFileSystem = {
  async readFile(path: string): Promise<string | undefined> {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR')
        return undefined;
      throw error;
    }
  },
};

export interface EngineAnswer {
  config: ResolvedConfig;
  text: string;
  /** Unsuppressed findings, the ones the editor shows. */
  findings: Finding[];
}

/** The configuration the CLI finds for a file of the workspace (throws the ConfigError it would report). */
export function configFor(workspaceDir: string, relativePath: string): Promise<ResolvedConfig> {
  const resolver = new ConfigResolver(nodeFileSystem, {
    homeDirectory: homedir(),
    knownRules: rules.map((rule) => rule.name),
  });
  return resolver.forDirectory(dirname(join(workspaceDir, relativePath)));
}

export async function engineAnswer(workspaceDir: string, relativePath: string, text?: string): Promise<EngineAnswer> {
  const path = join(workspaceDir, relativePath);
  const config = await configFor(workspaceDir, relativePath);
  const checkedText = text ?? (await readFile(path, 'utf8'));
  const around =
    detectDocumentKind(path) === 'dockerfile'
      ? new SiblingImages().optionsFor(path)
      : { ...new KustomizeBases().optionsFor(path), ...new FolderManifests().optionsFor(path) };
  const result = checkText({ path, text: checkedText }, { config, ...around });
  return { config, text: checkedText, findings: result.findings.filter((finding) => !finding.suppression) };
}

/** Findings as comparable lines: `line rule severity`, sorted. */
export function describeFindings(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.start.line} ${finding.rule} ${finding.severity}`).sort();
}

/** The Problems panel's rows of one file (`examples/bad/x.yaml`), in the same form. */
export function describeRows(rows: readonly ProblemRow[], relativePath: string): string[] {
  return rowsOf(rows, relativePath)
    .map((row) => `${row.line} ${row.rule} ${row.severity}`)
    .sort();
}

export function rowsOf(rows: readonly ProblemRow[], relativePath: string): ProblemRow[] {
  const folder = dirname(relativePath) === '.' ? '' : dirname(relativePath);
  const file = relativePath.slice(folder === '' ? 0 : folder.length + 1);
  return rows.filter((row) => row.file === file && row.folder === folder);
}

/** 1-based number of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`no line contains ${JSON.stringify(needle)}`);
  return index + 1;
}
