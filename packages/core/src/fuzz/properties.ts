// The properties every input must satisfy, checked on one generated case. Shared by the property
// tests (which assert that no violation occurs) and the long fuzz run (which tallies them).
import { defaultResolvedConfig, loadConfig } from '../config/load.ts';
import type { ResolvedConfig } from '../config/model.ts';
import { type CheckOptions, type CheckResult, checkText } from '../engine/check.ts';
import { applyFixes } from '../fix/apply.ts';
import type { Finding, Position } from '../types.ts';
import type { FuzzCase } from './generators.ts';

export type PropertyName =
  | 'never-throws'
  | 'no-rule-crash'
  | 'ranges-inside-text'
  | 'positions-match-offsets'
  | 'findings-sorted'
  | 'fix-edits-valid'
  | 'fix-keeps-parsing'
  | 'fix-idempotent'
  | 'same-as-yaml-reader'
  | 'same-as-dockerfile-ast';

export interface Violation {
  property: PropertyName;
  detail: string;
}

export interface CaseOutcome {
  violations: Violation[];
  findings: number;
  /** True when the input parsed: no `input/invalid` finding, not skipped, not a Helm template. */
  parsed: boolean;
  /** The limits whose message the check gave (`maxDepth` ...). */
  limits: string[];
  /** Fixes applied over every pass. */
  fixesApplied: number;
  /** Milliseconds of the first check (a hang detector in the long run; tests never assert on it). */
  checkMs: number;
}

export type FuzzConfigs = Record<FuzzCase['config'], ResolvedConfig>;

/** Small limits so that the fuzzing reaches every limit with inputs of a few kilobytes. */
export const smallLimits = {
  maxFileSize: 200_000,
  maxDocuments: 20,
  maxDepth: 12,
  maxAliasCount: 8,
  maxLineLength: 1_000,
} as const;

export function fuzzConfigs(examplesConfig: string): FuzzConfigs {
  const defaults = defaultResolvedConfig();
  return {
    defaults,
    examples: loadConfig(examplesConfig, { file: 'examples/.lsst.yaml' }),
    'small-limits': { ...defaults, limits: { ...smallLimits } },
  };
}

// A fixed check date, so that a counterexample replays the same on any day.
export const fuzzNow = new Date('2026-11-27T12:00:00Z');

const maxFixPasses = 10;
const ruleCrash = /^Rule \S+ could not check this object/;

/** 1-based positions of offsets, computed independently of the engine's LineIndex (from `split`). */
function positionsOf(text: string): (offset: number) => Position {
  const lineStarts: number[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    lineStarts.push(start);
    start += line.length + 1;
  }
  return (offset) => {
    let line = 0;
    for (let step = 1 << 30; step > 0; step >>= 1) {
      if (line + step < lineStarts.length && (lineStarts[line + step] ?? 0) <= offset) line += step;
    }
    return { line: line + 1, column: offset - (lineStarts[line] ?? 0) + 1 };
  };
}

const describe = (finding: Finding) =>
  `${finding.rule} [${finding.range[0]}, ${finding.range[1]}] ${finding.message.slice(0, 160)}`;

const isInvalid = (finding: Finding) => finding.rule === 'input/invalid';
const isFixable = (finding: Finding) => finding.fix !== undefined && !finding.suppression;
const parsedCleanly = (result: CheckResult) =>
  !result.findings.some(isInvalid) && result.skipped === undefined && result.notCheckable === undefined;

/** Checks the findings of one result against the text they are about. */
function findingViolations(text: string, result: CheckResult, stage: string): Violation[] {
  const violations: Violation[] = [];
  const positionOf = positionsOf(text);
  let previous: Finding | undefined;
  for (const finding of result.findings) {
    const [start, end] = finding.range;
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length)) {
      violations.push({
        property: 'ranges-inside-text',
        detail: `${stage}: ${describe(finding)} (length ${text.length})`,
      });
      continue;
    }
    for (const [name, offset, position] of [
      ['start', start, finding.start],
      ['end', end, finding.end],
    ] as const) {
      const expected = positionOf(offset);
      if (position.line !== expected.line || position.column !== expected.column) {
        violations.push({
          property: 'positions-match-offsets',
          detail: `${stage}: ${describe(finding)}: ${name} is ${position.line}:${position.column}, offset ${offset} is ${expected.line}:${expected.column}`,
        });
      }
    }
    if (previous && previous.range[0] > start) {
      violations.push({
        property: 'findings-sorted',
        detail: `${stage}: ${describe(previous)} before ${describe(finding)}`,
      });
    }
    previous = finding;
    if (ruleCrash.test(finding.message)) {
      violations.push({ property: 'no-rule-crash', detail: `${stage}: ${describe(finding)}` });
    }
    const edits = finding.fix?.edits ?? [];
    for (const edit of edits) {
      const [editStart, editEnd] = edit.range;
      if (!(editStart >= 0 && editStart <= editEnd && editEnd <= text.length) || typeof edit.text !== 'string') {
        violations.push({
          property: 'fix-edits-valid',
          detail: `${stage}: ${describe(finding)}: edit [${editStart}, ${editEnd}] outside the text (length ${text.length})`,
        });
      }
    }
    const ordered = [...edits].sort((a, b) => a.range[0] - b.range[0]);
    for (let index = 1; index < ordered.length; index++) {
      const before = ordered[index - 1];
      const after = ordered[index];
      if (before && after && after.range[0] < before.range[1]) {
        violations.push({ property: 'fix-edits-valid', detail: `${stage}: ${describe(finding)}: its edits overlap` });
      }
    }
  }
  return violations;
}

function safeCheck(fuzzCase: FuzzCase, text: string, options: CheckOptions, stage: string): CheckResult | Violation {
  try {
    return checkText(
      { path: fuzzCase.kind === 'dockerfile' ? 'Dockerfile' : 'manifest.yaml', text, kind: fuzzCase.kind },
      options,
    );
  } catch (error) {
    const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { property: 'never-throws', detail: `${stage}: ${reason.split('\n').slice(0, 6).join('\n')}` };
  }
}

const isViolation = (value: CheckResult | Violation): value is Violation => 'property' in value;

/** Runs the check, then the fixes pass by pass, and reports every property that does not hold. */
export function examineCase(
  fuzzCase: FuzzCase,
  configs: FuzzConfigs,
  settings: { compareYamlReader?: boolean } = {},
): CaseOutcome {
  const options: CheckOptions = { config: configs[fuzzCase.config], targets: fuzzCase.targets, now: fuzzNow };
  if (fuzzCase.contextNamespace !== undefined) options.contextNamespace = fuzzCase.contextNamespace;
  const started = performance.now();
  const first = safeCheck(fuzzCase, fuzzCase.text, options, 'check');
  const checkMs = performance.now() - started;
  const outcome: CaseOutcome = { violations: [], findings: 0, parsed: false, limits: [], fixesApplied: 0, checkMs };
  if (isViolation(first)) {
    outcome.violations.push(first);
    return outcome;
  }
  // The long run also checks that the fast YAML path and `yaml` alone give the same result.
  if (settings.compareYamlReader && fuzzCase.kind === 'manifest') {
    const reference = safeCheck(fuzzCase, fuzzCase.text, { ...options, yamlReader: 'yaml' }, 'check with yaml alone');
    if (!isViolation(reference) && JSON.stringify(reference) !== JSON.stringify(first)) {
      outcome.violations.push({
        property: 'same-as-yaml-reader',
        detail: 'the findings with the fast YAML path differ from those with yaml alone',
      });
    }
  }
  // And that the fast Dockerfile path and dockerfile-ast alone give the same result.
  if (settings.compareYamlReader && fuzzCase.kind === 'dockerfile') {
    const reference = safeCheck(
      fuzzCase,
      fuzzCase.text,
      { ...options, dockerfileReader: 'dockerfile-ast' },
      'check with dockerfile-ast alone',
    );
    if (!isViolation(reference) && JSON.stringify(reference) !== JSON.stringify(first)) {
      outcome.violations.push({
        property: 'same-as-dockerfile-ast',
        detail: 'the findings with the fast Dockerfile path differ from those with dockerfile-ast alone',
      });
    }
  }
  outcome.findings = first.findings.length;
  outcome.parsed = parsedCleanly(first);
  outcome.limits = [
    ...new Set(
      first.findings.flatMap((finding) => [...finding.message.matchAll(/limits\.(max\w+)/g)].map((m) => m[1] ?? '')),
    ),
  ];
  for (const violation of findingViolations(fuzzCase.text, first, 'check')) outcome.violations.push(violation);
  if (!outcome.parsed || outcome.violations.length > 0) return outcome;

  // Fixes: each pass must leave a file that still parses, and the passes must come to an end.
  let text = fuzzCase.text;
  let result = first;
  for (let pass = 1; pass <= maxFixPasses; pass++) {
    if (!result.findings.some(isFixable)) return outcome;
    const fixed = applyFixes(text, result.findings);
    if (fixed.applied === 0) {
      outcome.violations.push({
        property: 'fix-idempotent',
        detail: `pass ${pass}: fixable findings but no fix applies`,
      });
      return outcome;
    }
    outcome.fixesApplied += fixed.applied;
    const next = safeCheck(fuzzCase, fixed.text, options, `check after fix pass ${pass}`);
    if (isViolation(next)) {
      outcome.violations.push(next);
      return outcome;
    }
    for (const violation of findingViolations(fixed.text, next, `after fix pass ${pass}`))
      outcome.violations.push(violation);
    if (!parsedCleanly(next)) {
      const problem = next.findings.find(isInvalid);
      outcome.violations.push({
        property: 'fix-keeps-parsing',
        detail: `pass ${pass}: ${problem ? describe(problem) : (next.skipped ?? next.notCheckable ?? '')}; fixes applied: ${result.findings
          .filter(isFixable)
          .map((finding) => finding.rule)
          .join(', ')}`,
      });
      return outcome;
    }
    // Every fix applied and nothing overlapped: the contract says nothing fixable is left, unless a fix
    // that goes first (a misspelt key renamed) showed the other rules a field they could not see before.
    const revealing = result.findings.some((finding) => isFixable(finding) && finding.fix?.first);
    if (fixed.skipped === 0 && !revealing && next.findings.some(isFixable)) {
      outcome.violations.push({
        property: 'fix-idempotent',
        detail: `after pass ${pass} with every fix applied, still fixable: ${next.findings
          .filter(isFixable)
          .map(describe)
          .join('; ')}`,
      });
      return outcome;
    }
    if (outcome.violations.length > 0) return outcome;
    text = fixed.text;
    result = next;
  }
  outcome.violations.push({ property: 'fix-idempotent', detail: `still fixable after ${maxFixPasses} passes` });
  return outcome;
}
