// Configuration discovery as the CLI does it (`.lsst.yaml` upward from the document's folder), read
// through the editor: unsaved buffers first, then the workspace file system. Nothing is executed.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import {
  type ConfigFileSystem,
  ConfigResolver,
  type ResolvedConfig,
  rules as registeredRules,
  trustedConfigLocations,
  withSeverityOverrides,
} from '@lsst-kube/core';
import * as vscode from 'vscode';
import type { ExtensionSettings } from './settings.ts';

/** The check's default file limit (limits.maxFileSize); configuration files are far smaller. */
const maxEditorReadBytes = 10 * 1024 * 1024;

/** Reads a file the way the editor sees it: the open buffer when there is one, else the disk. */
export const editorFileSystem: ConfigFileSystem = {
  async readFile(path: string): Promise<string | undefined> {
    const open = vscode.workspace.textDocuments.find(
      (document) => document.uri.scheme === 'file' && document.uri.fsPath === path,
    );
    if (open) return open.getText();
    try {
      const uri = vscode.Uri.file(path);
      // Looked at before reading: a FIFO would block the read, a device or a huge file fill memory.
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) return undefined;
      if (!(stat.type & vscode.FileType.File)) throw new Error(`${path}: not a regular file, not read`);
      if (stat.size > maxEditorReadBytes) {
        throw new Error(`${path}: ${(stat.size / 1048576).toFixed(1)} MiB, over the limit of 10 MiB; not read`);
      }
      const bytes = await vscode.workspace.fs.readFile(uri);
      return new TextDecoder('utf-8').decode(bytes);
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
      if (error instanceof vscode.FileSystemError && error.code === 'FileIsADirectory') return undefined;
      throw error;
    }
  },
};

export class ConfigurationSource {
  #resolver: ConfigResolver;
  #settingsKey = '';

  constructor(private readonly fileSystem: ConfigFileSystem = editorFileSystem) {
    this.#resolver = this.#create('');
  }

  #create(explicitPath: string): ConfigResolver {
    return new ConfigResolver(this.fileSystem, {
      homeDirectory: homedir(),
      ...trustedConfigLocations(process.env, homedir()),
      knownRules: registeredRules.map((rule) => rule.name),
      ...(explicitPath ? { explicitPath } : {}),
      ...(process.env.LSST_CONFIG ? { env: process.env.LSST_CONFIG } : {}),
    });
  }

  /** Forgets what was read: a configuration file changed. */
  clear(): void {
    this.#resolver.clear();
  }

  /** The configuration for one document, with the editor's severity overrides laid over it. */
  forDocument(document: vscode.TextDocument, settings: ExtensionSettings): Promise<ResolvedConfig> {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri) ?? vscode.workspace.workspaceFolders?.[0];
    const directory =
      document.uri.scheme === 'file'
        ? vscode.Uri.joinPath(document.uri, '..').fsPath
        : (folder?.uri.fsPath ?? homedir());
    return this.forDirectory(directory, folder, settings);
  }

  /** The configuration for files in a folder (the workspace check, the status bar's cluster roles). */
  async forDirectory(
    directory: string,
    folder: vscode.WorkspaceFolder | undefined,
    settings: ExtensionSettings,
  ): Promise<ResolvedConfig> {
    const explicitPath = resolveConfigurationPath(settings.configurationPath, folder);
    if (explicitPath !== this.#settingsKey) {
      this.#settingsKey = explicitPath;
      this.#resolver = this.#create(explicitPath);
    }
    const config = await this.#resolver.forDirectory(directory);
    return withSeverityOverrides(config, settings.severity);
  }
}

function resolveConfigurationPath(path: string, folder: vscode.WorkspaceFolder | undefined): string {
  if (path === '') return '';
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  if (isAbsolute(path) || !folder) return path;
  return join(folder.uri.fsPath, path);
}
