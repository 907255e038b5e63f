// The GitHub Actions format: one workflow command per finding, shown as annotations on the pull request.
import type { Finding, Severity } from '../types.ts';
import {
  countInto,
  describeObject,
  displayPath,
  emptySummary,
  hasFilePosition,
  messageWithClusters,
} from './common.ts';
import type { Report, ReportOptions } from './index.ts';
import { visibleLines, visibleText } from './visible-text.ts';

const commands: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** As `escapeData` in @actions/core: the message may hold any text but these three. */
export function escapeData(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** As `escapeProperty` in @actions/core: property values also end at `:` and `,`. */
export function escapeProperty(value: string): string {
  return escapeData(value).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** One workflow command per line, yielded one at a time; GitHub counts the annotations itself. */
export function createGithubReport(options: Pick<ReportOptions, 'cwd'>): Report {
  const summary = emptySummary();
  return {
    openingHoldsTotals: false,
    summary,
    opening: () => '',
    count: (result) => countInto(summary, result),
    *render(result) {
      const path = displayPath(result.path, options.cwd);
      for (const finding of result.findings) {
        if (finding.suppression) continue;
        yield `${annotation(finding, path, hasFilePosition(finding, result.path))}\n`;
      }
    },
    closing: () => '',
  };
}

function annotation(finding: Finding, path: string, inFile: boolean): string {
  const properties: [string, string | number][] = [];
  let message = messageWithClusters(finding);
  if (inFile) {
    properties.push(['file', path], ['line', finding.start.line]);
    // The runner rejects columns on annotations that span lines; its endColumn is exclusive, like ours.
    if (finding.end.line === finding.start.line) {
      properties.push(
        ['col', finding.start.column],
        ['endLine', finding.end.line],
        ['endColumn', Math.max(finding.end.column, finding.start.column)],
      );
    } else {
      properties.push(['endLine', Math.max(finding.end.line, finding.start.line)]);
    }
  } else if (finding.object) {
    message = `${describeObject(finding.object)}: ${message}`;
  }
  properties.push(['title', finding.rule]);
  // Controls from input are made visible first (the log shows them raw), then the runner's own escapes apply.
  const list = properties.map(([key, value]) => `${key}=${escapeProperty(visibleText(String(value)))}`).join(',');
  return `::${commands[finding.severity]} ${list}::${escapeData(visibleLines(message))}`;
}
