// The one entry point that the CLI, the editor and the cluster reader all call.
import type { ResolvedConfig } from '../config/model.ts';
import type { DocumentKind, Finding } from '../types.ts';

export interface CheckInput {
  /** Path as the caller names it (relative to the working directory in the CLI). */
  path: string;
  text: string;
  /** Detected from the path when absent. */
  kind?: DocumentKind;
}

export interface CheckOptions {
  config: ResolvedConfig;
  /** Cluster names to check against; defaults to `config.targets`. */
  targets?: string[];
  /** The check date (expiry of suppressions, end-of-life images). Defaults to now. */
  now?: Date;
  /** Namespace of the kube context in use, when one is in play (editor, `--context-aware`). */
  contextNamespace?: string;
}

export interface CheckResult {
  path: string;
  kind: DocumentKind;
  /** Every finding, suppressed ones included (they carry `suppression`), sorted by position. */
  findings: Finding[];
  /** Set when the file cannot be checked at all (a Helm template); the findings then hold one explanation. */
  notCheckable?: string;
}
