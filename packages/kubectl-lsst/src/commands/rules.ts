// `kubectl lsst rules`: the rule catalogue as a table for people, or as JSON for scripts.
import {
  createColors,
  guidelineSection,
  guidelineSections,
  type Rule,
  ruleDocsUrl,
  rules,
  UsageError,
} from '@lsst-kube/core';
import { Command, Flags } from '@oclif/core';
import { ExitCode } from '../lib/errors.ts';
import { colorAllowed, currentIo } from '../lib/io.ts';

/** One rule in `kubectl lsst rules --json`; the shape is documented in the command's description and stable. */
export interface RuleListEntry {
  name: string;
  guideline: string;
  guidelineTitle: string | null;
  description: string;
  defaultSeverity: Rule['defaultSeverity'];
  appliesTo: Rule['appliesTo'];
  fixable: boolean;
  docsUrl: string;
}

export function ruleListEntry(rule: Rule): RuleListEntry {
  return {
    name: rule.name,
    guideline: rule.guideline,
    guidelineTitle: guidelineSection(rule.guideline)?.title ?? null,
    description: rule.description,
    defaultSeverity: rule.defaultSeverity,
    appliesTo: [...rule.appliesTo],
    fixable: rule.fixable,
    docsUrl: ruleDocsUrl(rule.name),
  };
}

/** Whether `section` is `filter` or one of its subsections (`1.2` holds `1.2.4`, not `1.20`). */
function withinSection(section: string, filter: string): boolean {
  return section === filter || section.startsWith(`${filter}.`);
}

export default class Rules extends Command {
  static override summary =
    'List every rule: name, guideline section, default severity, whether it fixes, what it asks.';
  static override description = `The table is for people; --json prints a stable document for scripts:

    { "rules": [ { "name": "image/pinned", "guideline": "1.2.2", "guidelineTitle": "Images and Libraries",
        "description": "...", "defaultSeverity": "error", "appliesTo": ["manifest", "dockerfile"],
        "fixable": false, "docsUrl": "https://..." } ] }

Rules are sorted by name; defaultSeverity is error, warning or info; appliesTo holds manifest and/or dockerfile; guidelineTitle is the title of the DMTN-095 section, or null. This is the catalogue with each rule's default severity; severities set in .lsst.yaml are not applied.`;

  static override examples = [
    '<%= config.bin %> rules',
    '<%= config.bin %> rules --guideline 1.2.4',
    "<%= config.bin %> rules --json | jq -r '.rules[] | select(.fixable) | .name'",
  ];

  static override flags = {
    json: Flags.boolean({ summary: 'Print JSON for scripts instead of the table.' }),
    guideline: Flags.string({
      summary: 'Only the rules of this DMTN-095 section and its subsections, e.g. 1.2.4 or 1.2.',
      helpValue: 'SECTION',
    }),
  };

  async run(): Promise<number> {
    const { flags } = await this.parse(Rules);
    const io = currentIo();
    const filter = flags.guideline?.replace(/^§/, '').trim();
    if (filter !== undefined && !guidelineSection(filter)) {
      const sections = guidelineSections.map((entry) => `${entry.section} ${entry.title}`).join('; ');
      throw new UsageError(`--guideline "${flags.guideline}" is not a section of DMTN-095. Use one of: ${sections}.`);
    }
    const selected = rules.filter((rule) => filter === undefined || withinSection(rule.guideline, filter));
    const entries = selected.map(ruleListEntry);
    if (flags.json) {
      io.stdout.write(`${JSON.stringify({ rules: entries }, null, 2)}\n`);
      return ExitCode.ok;
    }
    if (entries.length === 0) {
      io.stdout.write(`No rule cites section ${filter} of DMTN-095.\n`);
      return ExitCode.ok;
    }
    io.stdout.write(renderRuleTable(entries, colorAllowed(io, 'stdout')));
    return ExitCode.ok;
  }
}

/** The table: one rule a line, columns padded; colour only for severity and the header. */
export function renderRuleTable(entries: readonly RuleListEntry[], color: boolean): string {
  const colors = createColors(color);
  const paint = { error: colors.red, warning: colors.yellow, info: colors.blue } as const;
  const header = ['RULE', 'GUIDELINE', 'SEVERITY', 'FIXABLE', 'DESCRIPTION'];
  const rows = entries.map((entry) => [
    entry.name,
    entry.guideline,
    entry.defaultSeverity,
    entry.fixable ? 'yes' : 'no',
    entry.description,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[], styles?: readonly ((text: string) => string)[]) =>
    cells
      .map((cell, column) => {
        const padded = column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0);
        return styles?.[column] ? styles[column](padded) : padded;
      })
      .join('  ')
      .trimEnd();
  const out = [
    line(
      header,
      header.map(() => colors.bold),
    ),
  ];
  rows.forEach((row, index) => {
    const severity = entries[index]?.defaultSeverity ?? 'info';
    out.push(line(row, [colors.bold, (text) => text, paint[severity]]));
  });
  const fixable = entries.filter((entry) => entry.fixable).length;
  out.push(
    '',
    `${entries.length} rule${entries.length === 1 ? '' : 's'}, ${fixable} fixable with \`kubectl lsst check --fix\`. Details: \`kubectl lsst explain RULE\`.`,
  );
  return `${out.join('\n')}\n`;
}
