// The output formats of `--format`: every front end renders findings through here.
import type { CheckResult } from '../engine/check.ts';
import type { RuleMeta } from '../types.ts';
import type { Summary } from './common.ts';
import { createGithubReport } from './github.ts';
import { createJsonReport } from './json.ts';
import { createJunitReport } from './junit.ts';
import { createSarifReport, unlistedRuleFindings } from './sarif.ts';
import { createStylishReport } from './stylish.ts';

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

/** What a report needs besides the results: FormatInput without them. */
export type ReportOptions = Omit<FormatInput, 'results' | 'texts'>;

/**
 * One report written as the files are checked: opening(), then render() of each file in order,
 * then closing(). Each file's findings are counted (count) before or as it is rendered, so that
 * the totals at the end hold every file; nothing of a file is kept once it is rendered.
 */
export interface Report {
  /** The opening holds totals (JUnit's): it is complete only after every file was counted. */
  readonly openingHoldsTotals: boolean;
  opening(): string;
  /** Adds the file's findings to the totals; once per file. */
  count(result: CheckResult): void;
  /** The file's part of the report, in small pieces; `text` (its checked text) gives code frames. */
  render(result: CheckResult, text?: string): Iterable<string>;
  /** The end of the report, with the totals. */
  closing(): string;
  readonly summary: Summary;
}

/** A report of the format, to be written piece by piece as the files are checked. */
export function createReport(name: FormatName, options: ReportOptions): Report {
  switch (name) {
    case 'stylish':
      return createStylishReport(options);
    case 'json':
      return createJsonReport(options);
    case 'sarif':
      return createSarifReport(options);
    case 'github':
      return createGithubReport(options);
    case 'junit':
      return createJunitReport(options);
  }
}

/**
 * The output of one run in pieces, in order, each small: write them as they come (writeFormatted)
 * so that a report of any size is never held as one string. Joined, it ends with a line break
 * unless it is empty.
 */
export function* formatChunks(name: FormatName, input: FormatInput): Generator<string> {
  const options: ReportOptions = { ...input };
  delete (options as Partial<FormatInput>).results;
  delete (options as Partial<FormatInput>).texts;
  // With every result at hand, SARIF describes the rules of findings the caller did not list too.
  const report =
    name === 'sarif' ? createSarifReport(options, unlistedRuleFindings(input)) : createReport(name, options);
  for (const result of input.results) report.count(result);
  const opening = report.opening();
  if (opening !== '') yield opening;
  for (const result of input.results) yield* report.render(result, input.texts.get(result.path));
  const closing = report.closing();
  if (closing !== '') yield closing;
}

/** The whole output of one run as one string, for small outputs (tests, previews). */
export function formatResults(name: FormatName, input: FormatInput): string {
  return Array.from(formatChunks(name, input)).join('');
}

export { type Colors, createColors, type Paint } from './colors.ts';
export { describeObject, isLogicalName, type Summary } from './common.ts';
export type { JsonFinding, JsonOutput, JsonResult } from './json.ts';
export { toJsonOutput } from './json.ts';
export { toSarifLog } from './sarif.ts';
