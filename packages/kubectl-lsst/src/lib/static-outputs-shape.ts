// What the start-up fast path (src/light.ts) reads from the outputs made at build time
// (lib/static-outputs.ts): kept apart, so that the fast path's bundle holds none of what makes them.
import type { RuleListEntry } from './rules-output.ts';

/** Stands for oclif's user agent (`kubectl-lsst/0.1.0 linux-x64 node-v20.20.2`) in the help texts: the machine that runs them fills it in. */
export const userAgentMark = '\u0000user-agent\u0000';

export interface RecordedRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface StaticOutputs {
  /** By command line (words joined by a space): `--help`, `context use --help`, `policy` ... */
  help: Record<string, RecordedRun>;
  rules: RuleListEntry[];
  /** The section numbers of DMTN-095 that `rules --guideline` accepts. */
  sections: string[];
  /** By rule name: the explanation without and with colour. */
  explanations: Record<string, [string, string]>;
}
