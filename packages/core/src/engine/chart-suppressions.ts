// Suppressions written in a chart's own files: `# lsst-ignore` lines in templates and values files,
// and `{{/* lsst-ignore … */}}` template comments, which never reach the rendered output.
import type { ResolvedConfig } from '../config/model.ts';
import { LineIndex } from '../documents/source.ts';
import { ruleDocsUrl } from '../meta.ts';
import { rulesByName } from '../rules/index.ts';
import { judgeSuppression, parseSuppressionComment, type SuppressionDirective } from '../suppress/index.ts';
import type { Finding, Suppression } from '../types.ts';

/** One suppression comment of a template or values file and the lines it covers. */
export interface SourceSuppression {
  directive: SuppressionDirective;
  /** First and last line (1-based) it covers. */
  lines: [number, number];
  /** The rules it really suppresses (known, suppressible, not expired). */
  rules: string[];
  suppression: Suppression;
  /** What `input/suppression` reports about it (malformed, no reason, unknown rule, expired). */
  problems: { severity: 'error' | 'warning'; message: string }[];
}

const hashComment = /^[ \t]*#[ \t]*lsst-ignore/;
const templateComment = /^([ \t]*\{\{-?[ \t]*\/\*[ \t]*)(lsst-ignore.*?)[ \t]*\*\/[ \t]*-?\}\}[ \t]*$/;
/** Lines a `# lsst-ignore` skips to find what it applies to: blank, comments, template-only comments. */
const skipped = /^\s*(#.*|\{\{-?\s*\/\*.*\*\/\s*-?\}\})?\s*$/;

/** The suppression comments of a template or values file, judged against the rules and the date. */
export function sourceSuppressions(
  text: string,
  config: Pick<ResolvedConfig, 'rules'>,
  now: Date,
): SourceSuppression[] {
  const index = new LineIndex(text);
  const found: SourceSuppression[] = [];
  for (let line = 1; line <= index.lineCount; line++) {
    const lineText = index.lineText(line);
    const start = index.lineStart(line);
    let directive: SuppressionDirective | undefined;
    if (hashComment.test(lineText)) directive = parseSuppressionComment(lineText, start);
    else {
      const match = templateComment.exec(lineText);
      if (match) directive = parseSuppressionComment(match[2] ?? '', start + (match[1] ?? '').length);
    }
    if (!directive) continue;
    const judgement = judgeSuppression(directive, { knownRules: [...rulesByName.keys()], now, config });
    const kind = directive.form === 'file' ? 'file' : 'inline';
    found.push({
      directive,
      lines: directive.form === 'file' ? [1, index.lineCount] : nextBlock(index, line),
      rules: judgement.effectiveRules,
      suppression: {
        kind,
        reason: directive.reason ?? '',
        ...(directive.until ? { until: directive.until } : {}),
      },
      problems: judgement.problems.map((problem) => ({ severity: problem.severity, message: problem.message })),
    });
  }
  return found;
}

/** The first line after the comment with content, and the lines below it indented deeper (its YAML block). */
function nextBlock(index: LineIndex, commentLine: number): [number, number] {
  let first = commentLine + 1;
  while (first <= index.lineCount && skipped.test(index.lineText(first))) first++;
  if (first > index.lineCount) return [commentLine, commentLine];
  const indent = indentOf(index.lineText(first));
  let last = first;
  for (let line = first + 1; line <= index.lineCount; line++) {
    const text = index.lineText(line);
    if (text.trim() === '') continue;
    if (indentOf(text) <= indent) break;
    last = line;
  }
  return [first, last];
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** The suppression covering a finding at this line of the file, for its rule. */
export function suppressionAt(
  suppressions: readonly SourceSuppression[],
  rule: string,
  line: number,
): Suppression | undefined {
  if (rule.startsWith('input/')) return undefined;
  return suppressions.find(
    (candidate) => candidate.rules.includes(rule) && line >= candidate.lines[0] && line <= candidate.lines[1],
  )?.suppression;
}

/** `input/suppression` findings for the problems of a file's suppression comments. */
export function suppressionProblems(file: string, text: string, suppressions: readonly SourceSuppression[]): Finding[] {
  const rule = rulesByName.get('input/suppression');
  if (!rule) return [];
  const index = new LineIndex(text);
  return suppressions.flatMap((suppression) =>
    suppression.problems.map(
      (problem): Finding => ({
        rule: 'input/suppression',
        severity: problem.severity,
        message: problem.message,
        file,
        range: suppression.directive.range,
        start: index.positionAt(suppression.directive.range[0]),
        end: index.positionAt(suppression.directive.range[1]),
        guideline: rule.guideline,
        helpUri: ruleDocsUrl('input/suppression'),
      }),
    ),
  );
}
