// `kubectl lsst rules`: the rule catalogue as a table for people, or as JSON for scripts.
import { guidelineSection, guidelineSections, type Rule, ruleDocsUrl, rules, UsageError } from '@lsst-kube/core';
import { Command, Flags } from '@oclif/core';
import { ExitCode } from '../lib/errors.ts';
import { colorAllowed, currentIo } from '../lib/io.ts';
import { guidelineFilter, type RuleListEntry, renderRules } from '../lib/rules-output.ts';

export type { RuleListEntry } from '../lib/rules-output.ts';

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
    const filter = guidelineFilter(flags.guideline);
    if (filter !== undefined && !guidelineSection(filter)) {
      const sections = guidelineSections.map((entry) => `${entry.section} ${entry.title}`).join('; ');
      throw new UsageError(`--guideline "${flags.guideline}" is not a section of DMTN-095. Use one of: ${sections}.`);
    }
    io.stdout.write(renderRules(rules.map(ruleListEntry), filter, flags.json, colorAllowed(io, 'stdout')));
    return ExitCode.ok;
  }
}
