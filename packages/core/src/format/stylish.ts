// The terminal format: findings grouped by file, each with a code frame, then a summary line.

import stringWidth from 'string-width';
import { LineIndex } from '../documents/source.ts';
import type { CheckResult } from '../engine/check.ts';
import type { Finding, Severity } from '../types.ts';
import { codeFrame, visibleText } from './code-frame.ts';
import { type Colors, createColors } from './colors.ts';
import {
  countInto,
  describeObject,
  displayPath,
  emptySummary,
  hasFilePosition,
  listedFindings,
  messageWithClusters,
  type Summary,
  suppressionKindLabels,
} from './common.ts';
import type { Report, ReportOptions } from './index.ts';

// Messages longer than this do not push every rule name of the file further right.
const maxAlignedMessageWidth = 72;

interface Row {
  finding: Finding;
  location: string;
  severity: string;
  message: string;
}

/** The report in pieces, one line or frame at a time: memory and work grow with the findings, no faster. */
export function createStylishReport(input: ReportOptions): Report {
  const summary = emptySummary();
  const colors = createColors(input.color);
  const severityColor: Record<Severity, (text: string) => string> = {
    error: colors.red,
    warning: colors.yellow,
    info: colors.cyan,
  };
  // Lines are separated by one line break, and blocks by one empty line, never two.
  let lastLineEmpty = true;
  const line = (text: string): string => {
    lastLineEmpty = text === '';
    return `${text}\n`;
  };

  function* render(result: CheckResult, text: string | undefined): Generator<string> {
    const findings = listedFindings(result.findings, input.showSuppressed);
    if (findings.length === 0) return;
    // Built once per file: a frame per finding over the same text must not scan it again.
    const lines = text === undefined ? undefined : new LineIndex(text);
    const rows: Row[] = findings.map((finding) => ({
      finding,
      location: hasFilePosition(finding, result.path)
        ? `${finding.start.line}:${finding.start.column}`
        : visibleText(finding.object ? describeObject(finding.object) : '-'),
      severity: finding.suppression ? 'suppressed' : finding.severity,
      message: visibleText(describeMessage(finding)),
    }));
    // Loops, not Math.max(...rows): spreading a large array into a call overflows the stack.
    let locationWidth = 0;
    let severityWidth = 0;
    let messageWidth = 0;
    for (const row of rows) {
      locationWidth = Math.max(locationWidth, stringWidth(row.location));
      severityWidth = Math.max(severityWidth, row.severity.length);
      messageWidth = Math.max(messageWidth, stringWidth(row.message));
    }
    messageWidth = Math.min(maxAlignedMessageWidth, messageWidth);

    yield line(colors.underline(visibleText(displayPath(result.path, input.cwd))));
    for (const row of rows) {
      const { finding } = row;
      const paint = finding.suppression ? colors.dim : severityColor[finding.severity];
      const findingLine = [
        `  ${colors.dim(pad(row.location, locationWidth))}`,
        paint(pad(row.severity, severityWidth)),
        pad(row.message, messageWidth),
        colors.dim(`${finding.rule} (DMTN-095 §${finding.guideline})`),
      ].join('  ');
      yield line(finding.suppression ? colors.dim(findingLine) : findingLine);
      for (const related of finding.related ?? []) {
        const place = `${displayPath(related.file, input.cwd)}:${related.start.line}:${related.start.column}`;
        yield line(`  ${pad('', locationWidth)}  ${colors.dim(visibleText(`${related.message}: ${place}`))}`);
      }

      // Rendered text (a kustomization, a cluster's objects) gets a frame too when the caller kept it.
      const frame =
        lines !== undefined && !finding.suppression && finding.start.line >= 1
          ? codeFrame(lines, finding.start, finding.end, {
              style: { gutter: colors.dim, marker: severityColor[finding.severity] },
            })
          : [];
      if (frame.length > 0) yield `${frame.map((frameRow) => line(`    ${frameRow}`)).join('')}${line('')}`;
    }
    if (!lastLineEmpty) yield line('');
  }

  return {
    openingHoldsTotals: false,
    summary,
    opening: () => '',
    count: (result) => countInto(summary, result),
    render,
    closing: () =>
      describeSummary(summary, colors, input.maxWarnings)
        .map((summaryLine) => line(summaryLine))
        .join(''),
  };
}

function describeMessage(finding: Finding): string {
  const message = messageWithClusters(finding);
  const suppression = finding.suppression;
  if (!suppression) return message;
  const until = suppression.until ? `, until ${suppression.until}` : '';
  return `${message} (${suppressionKindLabels[suppression.kind]}: ${suppression.reason}${until})`;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

function count(number: number, singular: string, plural = `${singular}s`): string {
  return `${number} ${number === 1 ? singular : plural}`;
}

function describeSummary(summary: Summary, colors: Colors, maxWarnings: number | undefined): string[] {
  const problems = summary.errors + summary.warnings + summary.infos;
  const lines: string[] = [];
  if (problems === 0) {
    if (summary.suppressed > 0) lines.push(colors.green(`✔ 0 problems, ${summary.suppressed} suppressed`));
  } else {
    const paint = summary.errors > 0 ? colors.red : summary.warnings > 0 ? colors.yellow : colors.cyan;
    let line = `✖ ${count(problems, 'problem')} (${count(summary.errors, 'error')}, ${count(summary.warnings, 'warning')}, ${summary.infos} info), ${summary.suppressed} suppressed`;
    if (summary.fixable > 0) line += `, ${summary.fixable} fixable with --fix`;
    lines.push(colors.bold(paint(line)));
  }
  if (maxWarnings !== undefined && summary.warnings > maxWarnings) {
    lines.push(colors.bold(colors.red(`✖ Too many warnings: ${summary.warnings} (maximum ${maxWarnings}).`)));
  }
  return lines;
}
