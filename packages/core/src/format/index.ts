// The output formats of `--format`: every front end renders findings through here.
import type { CheckResult } from '../engine/check.ts';
import type { RuleMeta } from '../types.ts';
import { formatGithub } from './github.ts';
import { formatJson } from './json.ts';
import { formatJunit } from './junit.ts';
import { formatSarif } from './sarif.ts';
import { formatStylish } from './stylish.ts';

export type FormatName = 'stylish' | 'json' | 'sarif' | 'github' | 'junit';
export const formatNames: readonly FormatName[] = ['stylish', 'json', 'sarif', 'github', 'junit'];

export interface FormatInput {
  /** One per checked file (or per group of objects read from a cluster). */
  results: CheckResult[];
  /** Every known rule, in registry order (SARIF `tool.driver.rules`). */
  rules: readonly (RuleMeta & { helpUri: string })[];
  /** Paths in the output are relative to this, with `/` separators. */
  cwd: string;
  /** `CheckResult.path` -> checked text, for code frames; a missing entry only drops the frame. */
  texts: ReadonlyMap<string, string>;
  /** List suppressed findings too (SARIF always lists them, with `suppressions`). */
  showSuppressed: boolean;
  /** Colour the stylish output; the CLI passes true only on a TTY. */
  color: boolean;
  /** Stylish says so when the warnings exceed this. */
  maxWarnings?: number;
  /** A baseline was compared with: SARIF gives each result its baselineState. */
  baselineUsed?: boolean;
}

export function isFormatName(name: string): name is FormatName {
  return (formatNames as readonly string[]).includes(name);
}

/**
 * The output of one run in pieces, in order, each small: write them as they come (writeFormatted)
 * so that a report of any size is never held as one string. Joined, it ends with a line break
 * unless it is empty.
 */
export function formatChunks(name: FormatName, input: FormatInput): Iterable<string> {
  switch (name) {
    case 'stylish':
      return formatStylish(input);
    case 'json':
      return formatJson(input);
    case 'sarif':
      return formatSarif(input);
    case 'github':
      return formatGithub(input);
    case 'junit':
      return formatJunit(input);
  }
}

/** The whole output of one run as one string, for small outputs (tests, previews). */
export function formatResults(name: FormatName, input: FormatInput): string {
  return Array.from(formatChunks(name, input)).join('');
}

export { type Colors, createColors, type Paint } from './colors.ts';
export { describeObject, isLogicalName } from './common.ts';
export type { JsonFinding, JsonOutput, JsonResult } from './json.ts';
export { toJsonOutput } from './json.ts';
export { toSarifLog } from './sarif.ts';
