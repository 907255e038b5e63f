// The extension's settings (`lsst.*`), read in one place.
import type { SeveritySetting } from '@lsst-kube/core';
import * as vscode from 'vscode';

export type RunMode = 'onType' | 'onSave';
/** What the editor does with findings the baseline file records. */
export type BaselinedFindings = 'hide' | 'hint';

export interface ExtensionSettings {
  /** Cluster names to check against; empty: the configuration's `targets`. */
  targets: string[];
  /** A `.lsst.yaml` to use instead of discovery; relative paths are taken from the workspace folder. */
  configurationPath: string;
  run: RunMode;
  /** Rule name -> severity, over what the configuration says. */
  severity: Record<string, SeveritySetting>;
  /** Delay after the last keystroke before checking. */
  debounceMilliseconds: number;
  /** The helm program that renders charts; empty: helm on PATH (never a repository's helm.binary, which opening a file would run). */
  helmPath: string;
  baselinedFindings: BaselinedFindings;
}

const severities = new Set(['error', 'warning', 'info', 'off']);

export function readSettings(scope?: vscode.Uri): ExtensionSettings {
  const section = vscode.workspace.getConfiguration('lsst', scope);
  const targets = section.get<unknown>('targets');
  const severity = section.get<unknown>('severity');
  const run = section.get<string>('run');
  const debounce = section.get<number>('debounceMilliseconds');
  return {
    targets: Array.isArray(targets) ? targets.filter((target): target is string => typeof target === 'string') : [],
    configurationPath: section.get<string>('configurationPath')?.trim() ?? '',
    run: run === 'onSave' ? 'onSave' : 'onType',
    severity: Object.fromEntries(
      Object.entries(typeof severity === 'object' && severity !== null ? severity : {}).filter(
        (entry): entry is [string, SeveritySetting] => typeof entry[1] === 'string' && severities.has(entry[1]),
      ),
    ),
    debounceMilliseconds: typeof debounce === 'number' && debounce >= 0 ? debounce : 150,
    helmPath: section.get<string>('helmPath')?.trim() ?? '',
    baselinedFindings: section.get<string>('baselinedFindings') === 'hint' ? 'hint' : 'hide',
  };
}
