// What `kubectl lsst rules` prints, from plain rule entries: the oclif command computes the entries
// from the registry, the start-up fast path (src/light.ts) reads them as made at build time.
import { createColors } from '@lsst-kube/core/colors';

/** One rule in `kubectl lsst rules --json`; the shape is documented in the command's description and stable. */
export interface RuleListEntry {
  name: string;
  guideline: string;
  guidelineTitle: string | null;
  description: string;
  defaultSeverity: 'error' | 'warning' | 'info';
  appliesTo: ('manifest' | 'dockerfile')[];
  fixable: boolean;
  docsUrl: string;
}

/** Whether `section` is `filter` or one of its subsections (`1.2` holds `1.2.4`, not `1.20`). */
function withinSection(section: string, filter: string): boolean {
  return section === filter || section.startsWith(`${filter}.`);
}

/** The `--guideline` value as a section number (a leading § is allowed). */
export function guidelineFilter(value: string | undefined): string | undefined {
  return value?.replace(/^\u00a7/, '').trim();
}

/** The whole output for entries already known to be valid input: the table, the JSON, or the empty note. */
export function renderRules(
  entries: readonly RuleListEntry[],
  filter: string | undefined,
  json: boolean,
  color: boolean,
): string {
  const selected = entries.filter((entry) => filter === undefined || withinSection(entry.guideline, filter));
  if (json) return `${JSON.stringify({ rules: selected }, null, 2)}\n`;
  if (selected.length === 0) return `No rule cites section ${filter} of DMTN-095.\n`;
  return renderRuleTable(selected, color);
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
