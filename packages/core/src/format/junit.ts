// The JUnit XML format, for CI systems that show test reports (Jenkins, GitLab, Azure Pipelines):
// one test suite per checked file, one failing test case per finding, a passing one for a clean file.
import type { Finding } from '../types.ts';
import {
  countInto,
  describeObject,
  displayPath,
  emptySummary,
  hasFilePosition,
  listedFindings,
  messageWithClusters,
} from './common.ts';
import type { Report, ReportOptions } from './index.ts';

/** The test case a clean file reports, so that CI lists the file as checked. */
export const cleanTestName = 'kubectl-lsst check';

/**
 * The report in pieces of one test case each: a report of any size is never one string. The totals
 * head the report, so its opening is complete only once every file was counted.
 */
export function createJunitReport(options: ReportOptions): Report {
  const summary = emptySummary();
  let tests = 0;
  let failures = 0;
  return {
    openingHoldsTotals: true,
    summary,
    opening: () =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kubectl-lsst" tests="${tests}" failures="${failures}" errors="0" time="0">\n`,
    count(result) {
      countInto(summary, result);
      if (result.skipped !== undefined) return;
      const findings = listedFindings(result.findings, options.showSuppressed);
      tests += Math.max(1, findings.length);
      failures += findings.filter((finding) => !finding.suppression).length;
    },
    *render(result) {
      if (result.skipped !== undefined) return;
      const path = displayPath(result.path, options.cwd);
      const findings = listedFindings(result.findings, options.showSuppressed);
      const failed = findings.filter((finding) => !finding.suppression).length;
      const count = Math.max(1, findings.length);
      yield `  <testsuite name="${attribute(path)}" tests="${count}" failures="${failed}" errors="0" skipped="${findings.length - failed}" time="0">\n`;
      for (const finding of findings) yield `${testCase(finding, path, hasFilePosition(finding, result.path))}\n`;
      if (findings.length === 0)
        yield `    <testcase name="${cleanTestName}" classname="${attribute(path)}" time="0"/>\n`;
      yield '  </testsuite>\n';
    },
    closing: () => '</testsuites>\n',
  };
}

function testCase(finding: Finding, path: string, inFile: boolean): string {
  const where = inFile ? `${path}:${finding.start.line}:${finding.start.column}` : path;
  const object = finding.object ? ` ${describeObject(finding.object)}` : '';
  const name = `${finding.rule} ${inFile ? `${finding.start.line}:${finding.start.column}` : ''}${object}`.trim();
  const open = `    <testcase name="${attribute(name)}" classname="${attribute(path)}" time="0">`;
  const message = messageWithClusters(finding);
  if (finding.suppression) {
    return `${open}<skipped message="${attribute(`suppressed (${finding.suppression.kind}): ${finding.suppression.reason}`)}"/></testcase>`;
  }
  const body = `${where}: ${finding.severity}: ${message} (${finding.rule}, DMTN-095 ${finding.guideline}; ${finding.helpUri})`;
  return `${open}<failure type="${finding.severity}" message="${attribute(message)}">${text(body)}</failure></testcase>`;
}

// XML 1.0 cannot hold most control characters even escaped: they are written as \uXXXX text.
const notXmlCharacter = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

function text(value: string): string {
  return value
    .replace(notXmlCharacter, (character) => `\\u${(character.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

/** Attribute values also keep their quotes, and their line breaks (which XML would fold into spaces). */
function attribute(value: string): string {
  return text(value)
    .replaceAll('"', '&quot;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\r', '&#13;')
    .replaceAll('\t', '&#9;');
}
