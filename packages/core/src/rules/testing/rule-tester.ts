// Test support for rules, after ESLint's RuleTester: valid cases stay silent, invalid cases name
// the exact range of every finding, and fixable rules give the text after the fix.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultResolvedConfig, mergeConfig } from '../../config/load.ts';
import type { Config, ResolvedConfig } from '../../config/model.ts';
import { checkText } from '../../engine/check.ts';
import { applyFixes } from '../../fix/apply.ts';
import type { DocumentKind, Finding, Severity } from '../../types.ts';
import type { PortRequestStatus, Rule } from '../rule.ts';

export interface CaseOptions {
  /** A descriptive name; defaults to the first line of the text. */
  name?: string;
  text: string;
  /** Defaults to `manifest.yaml` or `Dockerfile` after the rule's first document kind. */
  path?: string;
  kind?: DocumentKind;
  targets?: string[];
  /** Configuration on top of the embedded defaults, as in `.lsst.yaml`. */
  config?: Partial<Config>;
  now?: string;
  contextNamespace?: string;
  portRequests?: ReadonlyMap<string, PortRequestStatus>;
}

export interface ExpectedFinding {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity?: Severity;
  /** A substring or pattern the message must contain. */
  message?: string | RegExp;
  clusters?: string[];
}

export interface InvalidCase extends CaseOptions {
  findings: ExpectedFinding[];
  /** The whole text after applying every fix; required when the rule is fixable and fixes the case. */
  output?: string;
}

export interface RuleCases {
  valid: Array<CaseOptions | string>;
  invalid: InvalidCase[];
}

/** The cases of every rule test file loaded by `collectRuleCases`, for tests that reuse them (admission equivalence). */
const collected: { rule: Rule; cases: RuleCases }[] = [];
let collecting = false;

/** Loads rule test files for their cases only: their tests are not registered. */
export async function collectRuleCases(load: () => Promise<unknown>): Promise<{ rule: Rule; cases: RuleCases }[]> {
  collecting = true;
  try {
    await load();
  } finally {
    collecting = false;
  }
  return collected.splice(0);
}

/** A case's text, configuration and targets as `checkText` takes them. */
export function caseCheckOptions(options: CaseOptions): { config: ResolvedConfig; now: Date; targets?: string[] } {
  return {
    config: options.config ? mergeConfig(defaultResolvedConfig(), options.config as never) : defaultResolvedConfig(),
    now: new Date(options.now ?? '2026-11-27T12:00:00Z'),
    ...(options.targets ? { targets: options.targets } : {}),
  };
}

/** Runs one rule's cases as node:test tests. */
export function testRule(rule: Rule, cases: RuleCases): void {
  if (collecting) {
    collected.push({ rule, cases });
    return;
  }
  describe(rule.name, () => {
    const seen = new Set<string>();
    for (const raw of cases.valid) {
      const valid = typeof raw === 'string' ? { text: raw } : raw;
      const key = JSON.stringify(valid);
      test(`valid: ${caseName(valid)}`, () => {
        assert.ok(!seen.has(key), 'duplicate case');
        seen.add(key);
        const findings = run(rule, valid);
        assert.deepEqual(findings.map(describeFinding), [], 'expected no findings');
      });
    }
    for (const invalid of cases.invalid) {
      const key = JSON.stringify(invalid);
      test(`invalid: ${caseName(invalid)}`, () => {
        assert.ok(!seen.has(key), 'duplicate case');
        seen.add(key);
        assert.ok(invalid.findings.length > 0, 'an invalid case must expect at least one finding');
        const findings = run(rule, invalid);
        assert.equal(
          findings.length,
          invalid.findings.length,
          `expected ${invalid.findings.length} finding(s), got:\n${findings.map(describeFinding).join('\n')}`,
        );
        for (const [index, expected] of invalid.findings.entries()) assertFinding(findings[index] as Finding, expected);
        const fixable = findings.filter((finding) => finding.fix);
        if (fixable.length > 0) assert.ok(rule.fixable, `${rule.name} offers fixes but is not marked fixable`);
        if (invalid.output !== undefined) {
          assert.ok(fixable.length > 0, 'an output is given but no finding has a fix');
          const fixed = fixUntilStable(rule, invalid);
          assert.equal(fixed, invalid.output);
          const after = run(rule, { ...invalid, text: fixed });
          assert.deepEqual(
            after.filter((finding) => finding.fix).map(describeFinding),
            [],
            'fixable findings left after fixing',
          );
        } else {
          assert.deepEqual(fixable.map(describeFinding), [], 'the rule fixes this case: give the expected output');
        }
      });
    }
  });
}

function caseName(options: CaseOptions): string {
  return (
    options.name ??
    options.text
      .split('\n')
      .find((line) => line.trim() !== '' && !line.startsWith('#'))
      ?.trim() ??
    ''
  );
}

function configFor(options: CaseOptions): ResolvedConfig {
  return options.config ? mergeConfig(defaultResolvedConfig(), options.config as never) : defaultResolvedConfig();
}

function run(rule: Rule, options: CaseOptions): Finding[] {
  const kind = options.kind ?? rule.appliesTo[0] ?? 'manifest';
  const result = checkText(
    { path: options.path ?? (kind === 'dockerfile' ? 'Dockerfile' : 'manifest.yaml'), text: options.text, kind },
    {
      config: configFor(options),
      rules: [rule],
      now: new Date(options.now ?? '2026-11-27T12:00:00Z'),
      ...(options.targets ? { targets: options.targets } : {}),
      ...(options.contextNamespace ? { contextNamespace: options.contextNamespace } : {}),
      ...(options.portRequests ? { portRequests: options.portRequests } : {}),
    },
  );
  const invalid = result.findings.filter((finding) => finding.rule === 'input/invalid');
  assert.deepEqual(invalid.map(describeFinding), [], 'the case itself must parse');
  return result.findings.filter((finding) => finding.rule === rule.name && !finding.suppression);
}

/** Applies fixes until none is left (fixes that overlap wait for the next pass), at most ten passes. */
function fixUntilStable(rule: Rule, options: CaseOptions): string {
  let text = options.text;
  for (let pass = 0; pass < 10; pass++) {
    const findings = run(rule, { ...options, text });
    if (!findings.some((finding) => finding.fix)) break;
    text = applyFixes(text, findings).text;
  }
  return text;
}

function assertFinding(actual: Finding, expected: ExpectedFinding): void {
  const where = describeFinding(actual);
  assert.equal(actual.start.line, expected.line, `line of ${where}`);
  assert.equal(actual.start.column, expected.column, `column of ${where}`);
  if (expected.endLine !== undefined) assert.equal(actual.end.line, expected.endLine, `end line of ${where}`);
  if (expected.endColumn !== undefined) assert.equal(actual.end.column, expected.endColumn, `end column of ${where}`);
  if (expected.severity !== undefined) assert.equal(actual.severity, expected.severity, `severity of ${where}`);
  if (expected.clusters !== undefined) assert.deepEqual(actual.clusters, expected.clusters, `clusters of ${where}`);
  if (typeof expected.message === 'string') assert.ok(actual.message.includes(expected.message), `message of ${where}`);
  else if (expected.message) assert.match(actual.message, expected.message, `message of ${where}`);
}

function describeFinding(finding: Finding): string {
  return `${finding.start.line}:${finding.start.column}-${finding.end.line}:${finding.end.column} ${finding.severity} ${finding.rule}: ${finding.message}`;
}
