// `check --baseline`, `--write-baseline` and `--prune-baseline`: reads the baseline file, marks the
// findings it records, reports the entries whose finding is gone, and writes the file when asked.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import {
  type BaselineEntry,
  BaselineError,
  type BaselineFileStatus,
  baselineEntryFor,
  type CheckResult,
  describeObject,
  type Finding,
  findingFingerprint,
  isLogicalName,
  matchBaseline,
  parseBaseline,
  type ResolvedConfig,
  serializeBaseline,
  visibleText,
} from '@lsst-kube/core';
import { CliError } from './errors.ts';
import { readInputFile } from './read-input.ts';
import { writeFileAtomically } from './write-file.ts';

/** Largest baseline file read: far beyond any real one (about 300 bytes an entry). */
const maxBaselineBytes = 64 * 1024 * 1024;

export interface BaselinePlan {
  mode: 'compare' | 'write';
  /** Absolute path of the file. */
  path: string;
  /** As messages name it. */
  shown: string;
  prune: boolean;
}

export interface BaselineFlags {
  baseline?: string | undefined;
  'write-baseline'?: string | undefined;
  'prune-baseline': boolean;
}

/** Which baseline the run uses, from the flags or the configuration; undefined for none. */
export function planBaseline(
  flags: BaselineFlags,
  config: ResolvedConfig,
  cwd: string,
  display: (path: string) => string,
): BaselinePlan | undefined {
  const write = flags['write-baseline'];
  if (write !== undefined && flags.baseline !== undefined) {
    throw new CliError(
      '--write-baseline and --baseline both name a baseline: write it with --write-baseline, then check with --baseline.',
    );
  }
  if (write !== undefined) {
    if (flags['prune-baseline']) {
      throw new CliError('--write-baseline writes every finding; --prune-baseline goes with --baseline. Use one.');
    }
    const path = resolve(cwd, write);
    return { mode: 'write', path, shown: display(path), prune: false };
  }
  if (flags.baseline !== undefined) {
    const path = resolve(cwd, flags.baseline);
    return { mode: 'compare', path, shown: display(path), prune: flags['prune-baseline'] };
  }
  if (config.baseline !== undefined) {
    const base = config.baselineSource !== undefined ? dirname(resolve(cwd, config.baselineSource)) : cwd;
    const path = resolve(base, config.baseline);
    return { mode: 'compare', path, shown: display(path), prune: flags['prune-baseline'] };
  }
  if (flags['prune-baseline']) {
    throw new CliError(
      '--prune-baseline removes fixed entries from a baseline, and none is named: add --baseline FILE, or baseline: FILE in .lsst.yaml.',
    );
  }
  return undefined;
}

/** Reads the baseline; a missing file is an error when comparing, and an empty baseline when writing. */
export async function readBaseline(plan: BaselinePlan, named: string): Promise<BaselineEntry[]> {
  if (!existsSync(plan.path)) {
    if (plan.mode === 'write') return [];
    throw new CliError(
      `the baseline ${plan.shown} (${named}) does not exist. Write it with \`kubectl lsst check . --write-baseline ${plan.shown}\`, or check without it.`,
    );
  }
  const outcome = await readInputFile(plan.path, maxBaselineBytes);
  if (!outcome.ok) {
    if (plan.mode === 'write') return [];
    throw new CliError(`cannot read the baseline ${plan.shown}: ${outcome.message}`);
  }
  try {
    return parseBaseline(outcome.text, plan.shown).entries;
  } catch (error) {
    // A broken file is replaced by --write-baseline, which is what its message advises.
    if (plan.mode === 'write' && error instanceof BaselineError) return [];
    if (error instanceof BaselineError) throw new CliError(visibleText(error.message));
    throw error;
  }
}

/** Gives each finding the fingerprint of its offending text, while its file's text is at hand. */
export function recordFingerprints(result: CheckResult, text: string | undefined): void {
  for (const finding of result.findings) {
    // A finding placed on another file (a chart's values file) has its text elsewhere: its message stands in.
    finding.fingerprint ??= findingFingerprint(finding, finding.file === result.path ? text : undefined);
  }
}

export interface BaselineOutcome {
  /** Findings left out as recorded in the baseline. */
  baselined: number;
  /** Entries whose finding is gone. */
  fixed: BaselineEntry[];
  /** Notices for standard error. */
  notices: string[];
}

/**
 * Marks the findings the baseline records as suppressed by it, so that the report, the exit code and
 * SARIF's baselineState follow the new ones alone; writes the file for --write-baseline and --prune-baseline.
 */
export async function applyBaseline(
  plan: BaselinePlan,
  entries: readonly BaselineEntry[],
  results: readonly CheckResult[],
  cwd: string,
): Promise<BaselineOutcome> {
  const root = dirname(plan.path);
  const fileOf = (path: string) => baselinePath(path, cwd, root);
  const reported: Finding[] = [];
  const checked = new Set<string>();
  for (const result of results) {
    checked.add(fileOf(result.path));
    for (const finding of result.findings) {
      checked.add(fileOf(finding.file));
      if (!finding.suppression) reported.push(finding);
    }
  }
  const current = reported.map((finding) =>
    baselineEntryFor(finding, fileOf(finding.file), finding.fingerprint ?? findingFingerprint(finding, undefined)),
  );
  const statusOf = (file: string): BaselineFileStatus => {
    if (checked.has(file)) return 'checked';
    if (isLogicalName(file)) return 'unchecked';
    return existsSync(resolve(root, file)) ? 'unchecked' : 'missing';
  };
  const match = matchBaseline(entries, current, statusOf);
  const reason = `recorded in the baseline ${plan.shown}`;
  const notices: string[] = [];
  let baselined = 0;
  reported.forEach((finding, index) => {
    if (plan.mode === 'compare' && match.matches[index] === undefined) return;
    finding.suppression = { kind: 'baseline', reason };
    baselined += 1;
  });

  if (plan.mode === 'write') {
    // Files this run did not check keep their entries: a baseline can be written folder by folder.
    await writeBaseline(plan, [...current, ...match.unchecked]);
    notices.push(
      `wrote ${plural(current.length, 'finding')} to the baseline ${plan.shown}${match.unchecked.length > 0 ? ` (and kept ${plural(match.unchecked.length, 'entry', 'entries')} of files not checked)` : ''}. Commit it, and check with --baseline ${plan.shown}.`,
    );
    return { baselined, fixed: [], notices };
  }
  if (baselined > 0) {
    notices.push(
      `${plural(baselined, 'finding')} recorded in the baseline ${plan.shown} ${baselined === 1 ? 'is' : 'are'} not shown (--show-suppressed lists them).`,
    );
  }
  if (plan.prune) {
    // Matched entries are written as the findings now are: renamed files and moved text stay recognised.
    const kept = current.filter((_, index) => match.matches[index] !== undefined);
    await writeBaseline(plan, [...kept, ...match.unchecked]);
    notices.push(
      match.fixed.length > 0
        ? `removed ${plural(match.fixed.length, 'fixed entry', 'fixed entries')} from the baseline ${plan.shown}.`
        : `the baseline ${plan.shown} has no fixed entries to remove.`,
    );
  } else if (match.fixed.length > 0) {
    notices.push(
      `${plural(match.fixed.length, 'baseline entry', 'baseline entries')} fixed since the baseline was written (remove ${match.fixed.length === 1 ? 'it' : 'them'} with --prune-baseline):`,
    );
    for (const entry of match.fixed) {
      const object = entry.object ? ` ${describeObject(entry.object)}` : '';
      notices.push(`  fixed: ${entry.file}: ${entry.rule}${object}: ${entry.message}`);
    }
  }
  return { baselined, fixed: match.fixed, notices };
}

async function writeBaseline(plan: BaselinePlan, entries: readonly BaselineEntry[]): Promise<void> {
  await writeFileAtomically(plan.path, serializeBaseline(entries), plan.shown);
}

/** A checked file's path as the baseline records it: relative to the baseline's folder, with `/`. */
function baselinePath(path: string, cwd: string, root: string): string {
  if (isLogicalName(path) || path === '<stdin>') return path;
  const relativePath = relative(root, resolve(cwd, path));
  const shown = relativePath === '' || isAbsolute(relativePath) ? resolve(cwd, path) : relativePath;
  return sep === '\\' ? shown.replaceAll('\\', '/') : shown;
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
