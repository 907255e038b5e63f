// The JSON format: a stable, versioned shape documented in docs/json-output.md.
import type { DocumentKind, ObjectLocation, Severity, Suppression } from '../types.ts';
import { displayPath, listedFindings, type Summary, summarize } from './common.ts';
import type { FormatInput } from './index.ts';

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
      const entry: JsonResult = { path: displayPath(result.path, input.cwd), kind: result.kind, findings: [] };
      if (result.notCheckable !== undefined) entry.notCheckable = result.notCheckable;
      if (result.skipped !== undefined) entry.skipped = result.skipped;
      entry.findings = listedFindings(result.findings, input.showSuppressed).map((finding) => {
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
        if (finding.object)
          json.object = pick(finding.object, ['apiVersion', 'kind', 'namespace', 'name', 'container']);
        if (finding.clusters && finding.clusters.length > 0) json.clusters = [...finding.clusters];
        if (finding.suppression) json.suppression = pick(finding.suppression, ['kind', 'reason', 'until']);
        if (finding.related && finding.related.length > 0) {
          json.related = finding.related.map((related) => ({
            path: displayPath(related.file, input.cwd),
            line: related.start.line,
            column: related.start.column,
            endLine: related.end.line,
            endColumn: related.end.column,
            message: related.message,
          }));
        }
        if (finding.environments && finding.environments.length > 0) json.environments = [...finding.environments];
        return json;
      });
      return entry;
    }),
    summary: summarize(input),
  };
}

export function formatJson(input: FormatInput): string {
  // Offset pairs on one line; a JSON string never holds a raw line break, so this cannot touch one.
  const text = JSON.stringify(toJsonOutput(input), null, 2).replace(/\[\s+(\d+),\s+(\d+)\s+\]/g, '[$1, $2]');
  return `${text}\n`;
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): T {
  const picked: Partial<T> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked as T;
}
