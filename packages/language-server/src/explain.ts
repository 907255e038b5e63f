// What the server says about a rule: in a hover over a finding, the guideline text the rule
// encodes and why; for "explain", the whole of it as Markdown, as `kubectl lsst explain` prints it.
import {
  type ClusterConfig,
  type Finding,
  guidelineSection,
  guidelinesDocument,
  guidelinesUrl,
  type Rule,
  ruleDocsUrl,
  ruleProse,
  rulesByName,
  type SchemaField,
  visibleLines,
} from '@lsst-kube/core';

function guidelineLink(section: string): string {
  return `${guidelinesUrl}#${encodeURIComponent(section)}`;
}

function citation(rule: Rule): string {
  const section = guidelineSection(rule.guideline);
  return `${guidelinesDocument.id} §${rule.guideline}${section ? ` ${section.title}` : ''}`;
}

/** The guideline's own words, as a Markdown quote. */
function guidelineQuote(rule: Rule): string[] {
  const section = guidelineSection(rule.guideline);
  if (!section || section.paragraphs.length === 0) return [];
  return section.paragraphs.flatMap((paragraph, index) => (index === 0 ? [`> ${paragraph}`] : ['>', `> ${paragraph}`]));
}

/** First paragraph of the rule's "Why". */
function firstParagraph(text: string): string {
  return text.split(/\n\s*\n/)[0]?.trim() ?? '';
}

/** Hover text for the findings under the cursor: one block per rule. */
export function hoverMarkdown(findings: readonly Finding[]): string {
  const blocks: string[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    if (seen.has(finding.rule)) continue;
    seen.add(finding.rule);
    const rule = rulesByName.get(finding.rule);
    const lines = [
      `**lsst: [${finding.rule}](${finding.helpUri})**${finding.guideline ? ` · ${rule ? citation(rule) : `§${finding.guideline}`}` : ''}`,
      '',
    ];
    if (rule) {
      lines.push(`*Guideline:* ${rule.description}`, '');
      const quote = guidelineQuote(rule);
      if (quote.length > 0) lines.push(...quote, '');
      const why = firstParagraph(ruleProse(rule.name)?.why ?? '');
      if (why !== '') lines.push(`*Why:* ${why}`, '');
    }
    if (finding.fix) lines.push(`*Quick-fix:* ${finding.fix.description}`, '');
    lines.push(`Suppress with \`# lsst-ignore ${finding.rule} -- <reason>\` above the line.`);
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n---\n\n');
}

/** The hover as plain text, for clients that show no Markdown. */
export function hoverPlainText(findings: readonly Finding[]): string {
  return hoverMarkdown(findings)
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*`]/g, '');
}

/** A rule explained in full: guideline, why, examples, how to fix and suppress. */
export function explanationMarkdown(name: string): string | undefined {
  const rule = rulesByName.get(name);
  if (!rule) return undefined;
  const lines = [
    `# ${rule.name}`,
    '',
    rule.description,
    '',
    `- Guideline: [${citation(rule)}](${guidelineLink(rule.guideline)})`,
    `- Default severity: ${rule.defaultSeverity}`,
    `- Fixable: ${rule.fixable ? 'yes, with a code action' : 'no'}`,
    `- Documentation: ${ruleDocsUrl(rule.name)}`,
    '',
  ];
  const quote = guidelineQuote(rule);
  if (quote.length > 0) lines.push('## The guideline', '', ...quote, '');
  const prose = ruleProse(rule.name);
  if (prose) {
    const parts: [string, string][] = [
      ['Why', prose.why],
      ['Incorrect', prose.incorrect],
      ['Correct', prose.correct],
      ['How to fix', prose.howToFix],
      ['How to suppress', prose.howToSuppress],
    ];
    for (const [title, body] of parts) if (body.trim() !== '') lines.push(`## ${title}`, '', body.trim(), '');
  }
  return lines.join('\n');
}

/** One line about a rule, for a message box. */
export function explanationSummary(name: string): string | undefined {
  const rule = rulesByName.get(name);
  if (!rule) return undefined;
  return `${rule.name}: ${rule.description} (${citation(rule)}). ${ruleDocsUrl(rule.name)}`;
}

/** `string (Always | Never), required · Kubernetes 1.31 (dev)`: the field's type on the target. */
function fieldSummary(field: SchemaField, target: ClusterConfig): string {
  const values = field.values ? ` (${field.values.join(' | ')})` : '';
  return `${field.type}${values}${field.required ? ', required' : ''} · Kubernetes ${target.kubernetesVersion} (${target.name})`;
}

/** Markdown's own characters, written as themselves: a description (a CRD's too) is text, not markup. */
function markdownText(text: string): string {
  return visibleLines(text)
    .replace(/[\\`*_[\]<>#|~]/g, (character) => `\\${character}`)
    .replace(/^(\s*)([-+=]|\d+[.)])/gm, (_, space: string, marker: string) => `${space}\\${marker}`);
}

/** Hover text for the field under the cursor: its name, type on the target, and description. */
export function fieldHoverMarkdown(field: SchemaField, target: ClusterConfig): string {
  const head = `**${markdownText(field.name)}**: ${markdownText(fieldSummary(field, target))}`;
  return field.description ? `${head}\n\n${markdownText(field.description)}` : head;
}

export function fieldHoverPlainText(field: SchemaField, target: ClusterConfig): string {
  const head = `${visibleLines(field.name)}: ${visibleLines(fieldSummary(field, target))}`;
  return field.description ? `${head}\n\n${visibleLines(field.description)}` : head;
}
