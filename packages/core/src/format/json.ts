// The JSON format: a stable, versioned shape documented in docs/json-output.md.
import type { CheckResult } from '../engine/check.ts';
import type { DocumentKind, Finding, ObjectLocation, Severity, Suppression } from '../types.ts';
import { countInto, displayPath, emptySummary, listedFindings, type Summary, summarize } from './common.ts';
import type { FormatInput, Report, ReportOptions } from './index.ts';

export interface JsonEdit {
  range: [start: number, end: number];
  text: string;
}

export interface JsonFinding {
  rule: string;
  severity: Severity;
  message: string;
  guideline: string;
  helpUri: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  range: [start: number, end: number];
  fix?: { description: string; edits: JsonEdit[] };
  object?: ObjectLocation;
  clusters?: string[];
  suppression?: Suppression;
  /** Other places the finding concerns (the Helm template of a value set in a values file). */
  related?: { path: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
  /** Chart environments whose render produced the finding. */
  environments?: string[];
}

export interface JsonResult {
  path: string;
  kind: DocumentKind;
  notCheckable?: string;
  skipped?: string;
  findings: JsonFinding[];
}

export interface JsonOutput {
  version: 1;
  results: JsonResult[];
  summary: Summary;
}

/** The document `--format json` prints; its shape only grows (new optional keys) within a version. */
export function toJsonOutput(input: FormatInput): JsonOutput {
  return {
    version: 1,
    results: input.results.map((result) => {
      const entry = jsonResultHead(result, input);
      entry.findings = listedFindings(result.findings, input.showSuppressed).map((finding) =>
        toJsonFinding(finding, input.cwd),
      );
      return entry;
    }),
    summary: summarize(input),
  };
}

function jsonResultHead(result: CheckResult, options: ReportOptions): JsonResult {
  const entry: JsonResult = { path: displayPath(result.path, options.cwd), kind: result.kind, findings: [] };
  if (result.notCheckable !== undefined) entry.notCheckable = result.notCheckable;
  if (result.skipped !== undefined) entry.skipped = result.skipped;
  return entry;
}

function toJsonFinding(finding: Finding, cwd: string): JsonFinding {
  // Keys in a fixed order, so that the output diffs well between runs.
  const json: JsonFinding = {
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    guideline: finding.guideline,
    helpUri: finding.helpUri,
    line: finding.start.line,
    column: finding.start.column,
    endLine: finding.end.line,
    endColumn: finding.end.column,
    range: [finding.range[0], finding.range[1]],
  };
  if (finding.fix) {
    json.fix = {
      description: finding.fix.description,
      edits: finding.fix.edits.map((edit) => ({ range: [edit.range[0], edit.range[1]], text: edit.text })),
    };
  }
  if (finding.object) json.object = pick(finding.object, ['apiVersion', 'kind', 'namespace', 'name', 'container']);
  if (finding.clusters && finding.clusters.length > 0) json.clusters = [...finding.clusters];
  if (finding.suppression) json.suppression = pick(finding.suppression, ['kind', 'reason', 'until']);
  if (finding.related && finding.related.length > 0) {
    json.related = finding.related.map((related) => ({
      path: displayPath(related.file, cwd),
      line: related.start.line,
      column: related.start.column,
      endLine: related.end.line,
      endColumn: related.end.column,
      message: related.message,
    }));
  }
  if (finding.environments && finding.environments.length > 0) json.environments = [...finding.environments];
  return json;
}

/**
 * The document of toJsonOutput as `JSON.stringify(document, null, 2)` prints it, with offset pairs on
 * one line, in pieces of one finding each: a report of any size is never one string.
 */
export function createJsonReport(options: ReportOptions): Report {
  const summary = emptySummary();
  let firstResult = true;
  return {
    openingHoldsTotals: false,
    summary,
    opening: () => '{\n  "version": 1,\n  "results": [',
    count: (result) => countInto(summary, result),
    *render(result) {
      const head = prettyJson(jsonResultHead(result, options), 4);
      yield `${firstResult ? '' : ','}\n    `;
      firstResult = false;
      const findings = listedFindings(result.findings, options.showSuppressed);
      if (findings.length === 0) {
        yield head;
        return;
      }
      // The findings go between the brackets of `"findings": []`, a key line no string value can hold.
      const emptyFindings = '\n      "findings": []';
      const split = head.indexOf(emptyFindings) + emptyFindings.length - 1;
      yield head.slice(0, split);
      let firstFinding = true;
      for (const finding of findings) {
        yield `${firstFinding ? '' : ','}\n        ${printFinding(finding, options.cwd)}`;
        firstFinding = false;
      }
      yield `\n      ${head.slice(split)}`;
    },
    closing: () => `${firstResult ? ']' : '\n  ]'},\n  "summary": ${prettyJson(summary, 2)}\n}\n`,
  };
}

/**
 * A value as JSON.stringify prints it with two-space indentation, nested `indent` spaces deep, with
 * pairs of non-negative integers (offset ranges) on one line. Written out directly: the report's
 * layout pass over every finding's text cost more than printing it.
 */
function prettyJson(value: unknown, indent: number): string {
  return printJson(value, indent) ?? 'undefined';
}

const isOffset = (item: unknown): boolean => typeof item === 'number' && Number.isInteger(item) && item >= 0;

// The line breaks and margins of every depth, made once.
const margins: string[] = [];
function marginOf(indent: number): string {
  let margin = margins[indent];
  if (margin === undefined) {
    margin = `\n${' '.repeat(indent)}`;
    margins[indent] = margin;
  }
  return margin;
}

// Each level joined from its parts: the report's writer then encodes flat strings.
function printJson(value: unknown, indent: number): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return printJson(JSON.parse(JSON.stringify(value)), indent);
  const inner = marginOf(indent + 2);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.length === 2 && isOffset(value[0]) && isOffset(value[1])) return `[${value[0]}, ${value[1]}]`;
    const items = value.map((item) => printJson(item, indent + 2) ?? 'null');
    return `[${inner}${items.join(`,${inner}`)}${marginOf(indent)}]`;
  }
  const entries: string[] = [];
  for (const key of Object.keys(value)) {
    const printed = printJson((value as Record<string, unknown>)[key], indent + 2);
    if (printed !== undefined) entries.push(`${JSON.stringify(key)}: ${printed}`);
  }
  if (entries.length === 0) return '{}';
  return `{${inner}${entries.join(`,${inner}`)}${marginOf(indent)}}`;
}

/**
 * prettyJson(toJsonFinding(finding, cwd), 8), written key by key: a report is mostly findings, and the
 * generic printer's intermediate objects, key lists and parts were a twentieth of a large check.
 */
function printFinding(finding: Finding, cwd: string): string {
  const margin = marginOf(10);
  let printed =
    `{${margin}"rule": ${JSON.stringify(finding.rule)},${margin}"severity": ${JSON.stringify(finding.severity)}` +
    `,${margin}"message": ${JSON.stringify(finding.message)},${margin}"guideline": ${JSON.stringify(finding.guideline)}` +
    `,${margin}"helpUri": ${JSON.stringify(finding.helpUri)},${margin}"line": ${finding.start.line}` +
    `,${margin}"column": ${finding.start.column},${margin}"endLine": ${finding.end.line}` +
    `,${margin}"endColumn": ${finding.end.column},${margin}"range": ${printJson(finding.range, 10)}`;
  if (finding.fix) printed += `,${margin}"fix": ${printFix(finding.fix.description, finding.fix.edits)}`;
  if (finding.object) {
    const fields = objectFields
      .filter((field) => finding.object?.[field] !== undefined)
      .map((field) => `"${field}": ${printJson(finding.object?.[field], 12)}`);
    const inner = marginOf(12);
    printed += `,${margin}"object": ${fields.length === 0 ? '{}' : `{${inner}${fields.join(`,${inner}`)}${margin}}`}`;
  }
  if (finding.clusters && finding.clusters.length > 0)
    printed += `,${margin}"clusters": ${printJson(finding.clusters, 10)}`;
  // The rarer keys, through the generic printer, from the object the document has.
  if (finding.suppression || finding.related || finding.environments) {
    const json = toJsonFinding(finding, cwd);
    for (const key of ['suppression', 'related', 'environments'] as const) {
      const value = printJson(json[key], 10);
      if (value !== undefined) printed += `,${margin}"${key}": ${value}`;
    }
  }
  return `${printed}${marginOf(8)}}`;
}

const objectFields = ['apiVersion', 'kind', 'namespace', 'name', 'container'] as const;

/** A finding's fix at depth 10, as the generic printer lays it out. */
function printFix(description: string, edits: readonly { range: readonly [number, number]; text: string }[]): string {
  const inner = marginOf(12);
  if (edits.length === 0)
    return `{${inner}"description": ${JSON.stringify(description)},${inner}"edits": []${marginOf(10)}}`;
  const itemMargin = marginOf(14);
  const fieldMargin = marginOf(16);
  const printedEdits = edits.map(
    (edit) =>
      `{${fieldMargin}"range": ${printJson([edit.range[0], edit.range[1]], 16)},${fieldMargin}"text": ${JSON.stringify(edit.text)}${itemMargin}}`,
  );
  return `{${inner}"description": ${JSON.stringify(description)},${inner}"edits": [${itemMargin}${printedEdits.join(`,${itemMargin}`)}${inner}]${marginOf(10)}}`;
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): T {
  const picked: Partial<T> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked as T;
}
