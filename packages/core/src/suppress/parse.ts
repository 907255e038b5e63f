// The grammar of suppressions (rules.md, "Suppressions"):
//   # lsst-ignore <rule>[,<rule>...] -- <reason> [until YYYY-MM-DD]        the next node or instruction
//   # lsst-ignore-file <rule>[,<rule>...] -- <reason> [until YYYY-MM-DD]   the whole file (or YAML document)
//   lsst.io/ignore[.<container>]: "<rule>[,<rule>...] -- <reason> [until YYYY-MM-DD]"
import { isCalendarDate } from '../dates.ts';
import type { OffsetRange } from '../types.ts';

/** One parsed suppression, before it is judged against the rules, the configuration and the date. */
export interface SuppressionDirective {
  /** `next`: `# lsst-ignore`; `file`: `# lsst-ignore-file`; `annotation`: `lsst.io/ignore`. */
  form: 'next' | 'file' | 'annotation';
  /** Rule names as written, in order, without duplicates. */
  rules: string[];
  /** Text after ` -- `, without the `until` part; undefined when missing or empty. */
  reason?: string;
  /** YYYY-MM-DD, present only when well formed. */
  until?: string;
  /** Offsets of the comment from its `#` (or of the annotation value) to its last non-blank character. */
  range: OffsetRange;
  /** What is malformed, each a sentence saying what to write instead; reported as warnings. */
  problems: string[];
}

const keyword = /^lsst-ignore(-file)?(?=\s|$)/;
const separator = /(?:^|\s)--(?=\s|$)/;
const untilAtEnd = /(?:^|\s)until(?:\s+(\S+))?\s*$/;

export { isCalendarDate } from '../dates.ts';

function parseBody(
  body: string,
  problems: string[],
  example: string,
): Omit<SuppressionDirective, 'form' | 'range' | 'problems'> {
  const split = separator.exec(body);
  let rulesPart = split ? body.slice(0, split.index) : body;
  let reasonPart = split ? body.slice(split.index + split[0].length) : '';
  let until: string | undefined;

  // `until` closes the reason; without a reason it may close the rule list.
  const untilIn = split && reasonPart.trim() !== '' ? 'reason' : 'rules';
  const untilMatch = untilAtEnd.exec(untilIn === 'reason' ? reasonPart : rulesPart);
  if (untilMatch) {
    const date = untilMatch[1];
    if (date === undefined) problems.push(`"until" needs a date: write "until YYYY-MM-DD", e.g. "until 2027-06-30".`);
    else if (!isCalendarDate(date)) {
      problems.push(`"until ${date}" is not a date. Write the last day as YYYY-MM-DD, e.g. "until 2027-06-30".`);
    } else until = date;
    if (untilIn === 'reason') reasonPart = reasonPart.slice(0, untilMatch.index);
    else rulesPart = rulesPart.slice(0, untilMatch.index);
  }

  const rules: string[] = [];
  const items = rulesPart.split(',').map((item) => item.trim());
  if (items.length > 1 && items.some((item) => item === '')) {
    problems.push('the rule list has an empty entry. Separate rule names with single commas.');
  }
  for (const item of items) {
    if (item === '') continue;
    const words = item.split(/\s+/);
    if (words.length > 1) {
      problems.push(`"${item}": separate rule names with commas and put the reason after " -- ", e.g. ${example}.`);
    }
    for (const word of words) if (!rules.includes(word)) rules.push(word);
  }
  if (rules.length === 0) problems.push(`name the rules to ignore, e.g. ${example}.`);

  const reason = reasonPart.trim();
  return { rules, ...(reason === '' ? {} : { reason }), ...(until === undefined ? {} : { until }) };
}

/**
 * Parses a comment such as `# lsst-ignore image/pinned -- pinned by the chart`. Accepts the
 * comment with or without its `#` and with leading blanks (a whole line), where
 * `offsetOfComment` is the offset of the text's first character in the checked file.
 * @returns undefined when the comment is not a suppression at all.
 */
export function parseSuppressionComment(
  commentText: string,
  offsetOfComment: number,
): SuppressionDirective | undefined {
  const hash = /^\s*#?\s*/.exec(commentText);
  const bodyStart = hash ? hash[0].length : 0;
  const body = commentText.slice(bodyStart).trimEnd();
  const match = keyword.exec(body);
  if (!match) return undefined;
  const form = match[1] ? 'file' : 'next';
  const start = commentText.search(/\S/);
  const range: OffsetRange = [offsetOfComment + start, offsetOfComment + bodyStart + body.length];
  const problems: string[] = [];
  const example = `"# ${match[0]} image/pinned -- <why it is acceptable>"`;
  return { form, range, ...parseBody(body.slice(match[0].length), problems, example), problems };
}

/**
 * Parses the value of an `lsst.io/ignore` (or `lsst.io/ignore.<container>`) annotation.
 * `valueRange` locates the value in the checked file (default: offsets within the value).
 * @returns undefined when the value is blank.
 */
export function parseSuppressionAnnotation(
  value: string,
  valueRange: OffsetRange = [0, value.length],
): SuppressionDirective | undefined {
  if (value.trim() === '') return undefined;
  const problems: string[] = [];
  const example = '"image/pinned -- <why it is acceptable>"';
  return { form: 'annotation', range: valueRange, ...parseBody(value.trim(), problems, example), problems };
}

export const annotationKey = 'lsst.io/ignore';

/**
 * Whether an annotation key is a suppression: `{}` for `lsst.io/ignore` (the whole object),
 * `{ container }` for `lsst.io/ignore.<container>`, undefined for any other key.
 */
export function parseSuppressionAnnotationKey(key: string): { container?: string } | undefined {
  if (key === annotationKey) return {};
  if (key.startsWith(`${annotationKey}.`) && key.length > annotationKey.length + 1) {
    return { container: key.slice(annotationKey.length + 1) };
  }
  return undefined;
}
