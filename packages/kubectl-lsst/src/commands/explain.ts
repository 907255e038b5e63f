// `kubectl lsst explain RULE`: what a rule asks, the guideline text it encodes, why, examples, how to fix and suppress.
import {
  createColors,
  guidelineSection,
  guidelineSubsections,
  guidelinesDocument,
  nearestNames,
  type Rule,
  ruleDocsUrl,
  ruleProse,
  rules,
  rulesByName,
} from '@lsst-kube/core';
import { Args, Command } from '@oclif/core';
import { CliError, ExitCode } from '../lib/errors.ts';
import { colorAllowed, currentIo } from '../lib/io.ts';

export default class Explain extends Command {
  static override summary =
    'Explain a rule: the guideline text it encodes, why, incorrect and correct examples, how to fix it.';
  static override description =
    "Prints the section of the guidelines (DMTN-095) that the rule cites, word for word, then the rule's rationale, an incorrect and a correct example, how to fix a finding, how to suppress one, and the address of the rule's page. An unknown rule name is a usage error (exit code 2) that suggests the nearest names.";

  static override examples = [
    '<%= config.bin %> explain image/pinned',
    '<%= config.bin %> explain security/run-as-non-root | less',
  ];

  static override args = {
    rule: Args.string({
      description: 'The rule name, e.g. image/pinned (`kubectl lsst rules` lists them).',
      required: true,
    }),
  };

  async run(): Promise<number> {
    const { args } = await this.parse(Explain);
    const io = currentIo();
    const rule = rulesByName.get(args.rule);
    if (!rule) throw unknownRule(args.rule);
    io.stdout.write(renderExplanation(rule, colorAllowed(io, 'stdout')));
    return ExitCode.ok;
  }
}

function unknownRule(name: string): CliError {
  const names = rules.map((rule) => rule.name);
  const nearest = suggestRuleNames(name, names);
  const suggestion = nearest.length > 0 ? ` Did you mean ${nearest.map((entry) => `"${entry}"`).join(' or ')}?` : '';
  return new CliError(
    `unknown rule "${name}".${suggestion} \`kubectl lsst rules\` lists them all.${suggestion === '' ? ` Rules: ${names.join(', ')}.` : ''}`,
    ExitCode.usage,
    { guide: true },
  );
}

/** The nearest rule names, also when only the part after the area is typed (and mistyped): `pined` -> `image/pinned`. */
export function suggestRuleNames(input: string, names: readonly string[]): string[] {
  const whole = nearestNames(input, names, { limit: 3 });
  if (whole.length > 0) return whole;
  const typedPart = input.slice(input.lastIndexOf('/') + 1);
  const byPart = new Map<string, string[]>();
  for (const name of names) {
    const part = name.slice(name.lastIndexOf('/') + 1);
    byPart.set(part, [...(byPart.get(part) ?? []), name]);
  }
  const parts = [...byPart.keys()];
  const nearParts = parts.includes(typedPart) ? [typedPart] : nearestNames(typedPart, parts, { limit: 3 });
  return nearParts.flatMap((part) => byPart.get(part) ?? []).slice(0, 3);
}

/** Breaks one long paragraph into lines of at most `width` characters (words are never split). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '') lines.push(current);
  return lines;
}

/**
 * A prose section (Markdown) for a terminal: code blocks indented four spaces without their fences,
 * other lines indented two, HTML comments (example settings for the test suite) left out.
 */
export function renderMarkdownBody(markdown: string, code: (text: string) => string): string[] {
  const out: string[] = [];
  let inCode = false;
  for (const line of markdown.split('\n')) {
    if (/^```/.test(line)) {
      inCode = !inCode;
      continue;
    }
    if (inCode) out.push(line === '' ? '' : code(`    ${line}`));
    else if (/^<!--.*-->\s*$/.test(line)) continue;
    else out.push(line === '' ? '' : `  ${line}`);
  }
  // Dropped comment lines can leave blank lines doubled.
  return out.filter((line, index) => !(line === '' && (index === 0 || out[index - 1] === '')));
}

const appliesToWords = { manifest: 'Kubernetes manifests', dockerfile: 'Dockerfiles' } as const;

export function renderExplanation(rule: Rule, color: boolean): string {
  const colors = createColors(color);
  const heading = (text: string) => colors.bold(colors.underline(text));
  const section = guidelineSection(rule.guideline);
  const citation = `${guidelinesDocument.id} §${rule.guideline}${section ? ` ${section.title}` : ''}`;
  const out: string[] = [
    `${colors.bold(rule.name)}: ${rule.description}`,
    '',
    `  Guideline         ${citation}`,
    `  Default severity  ${rule.defaultSeverity}`,
    `  Applies to        ${rule.appliesTo.map((kind) => appliesToWords[kind]).join(', ')}`,
    `  Fixable           ${rule.fixable ? 'yes: `kubectl lsst check --fix`, or the quick fix in the editor' : 'no'}`,
    `  Docs              ${ruleDocsUrl(rule.name)}`,
    '',
    heading(`The guideline: ${citation}`),
  ];
  if (section && section.paragraphs.length > 0) {
    section.paragraphs.forEach((paragraph, index) => {
      if (index > 0) out.push(colors.dim('  │'));
      for (const line of wrap(paragraph, 96)) out.push(`${colors.dim('  │')} ${line}`);
    });
  } else if (section) {
    const parts = guidelineSubsections(section.section).map((entry) => `${entry.section} ${entry.title}`);
    out.push(`  This section gathers the guidelines ${parts.join(', ')}; the rule serves them all.`);
  } else {
    out.push(`  Section ${rule.guideline} is not in the copy of ${guidelinesDocument.id} shipped with this tool.`);
  }
  out.push(`  ${colors.dim(`(${guidelinesDocument.url}, revision ${guidelinesDocument.revision})`)}`);
  const prose = ruleProse(rule.name);
  if (!prose) {
    out.push('', `  This rule has no further explanation yet; see ${ruleDocsUrl(rule.name)}.`, '');
    return out.join('\n');
  }
  const parts: [string, string][] = [
    ['Why', prose.why],
    ['Incorrect', prose.incorrect],
    ['Correct', prose.correct],
    ['How to fix', prose.howToFix],
    ['How to suppress', prose.howToSuppress],
  ];
  for (const [title, body] of parts) {
    if (body === '') continue;
    const code = title === 'Incorrect' ? colors.red : title === 'Correct' ? colors.green : colors.cyan;
    out.push('', heading(title), ...renderMarkdownBody(body, code));
  }
  out.push('');
  return out.join('\n');
}
