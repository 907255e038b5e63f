// "Explain a rule" in VS Code: the rule's docs page (generated into docs/rules/ and shipped inside
// the extension, so that it reads offline), rendered in an editor tab.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { guidelinesUrl, type RuleMeta, ruleDocsUrl, rules } from '@lsst-kube/core';
import type * as vscode from 'vscode';

function ruleMeta(name: string): RuleMeta | undefined {
  return rules.find((rule) => rule.name === name);
}

const pageCache = new Map<string, string | undefined>();

/** The rule's docs page as shipped in the extension, or undefined when the package has none. */
function shippedRulePage(extensionUri: vscode.Uri, name: string): string | undefined {
  if (!pageCache.has(name)) {
    let page: string | undefined;
    try {
      page = readFileSync(join(extensionUri.fsPath, 'dist', 'rules', `${name}.md`), 'utf8');
    } catch {
      page = undefined;
    }
    pageCache.set(name, page);
  }
  return pageCache.get(name);
}

function guidelineLink(section: string): string {
  return `${guidelinesUrl}#${encodeURIComponent(section)}`;
}

/** A full explanation: the shipped page, or one made from the metadata when none is shipped. */
export function ruleExplanation(extensionUri: vscode.Uri, name: string): string {
  const meta = ruleMeta(name);
  if (!meta) {
    const known = rules.map((rule) => `\`${rule.name}\``).join(', ');
    return `# Unknown rule \`${name}\`\n\nKnown rules: ${known}.\n`;
  }
  const page = shippedRulePage(extensionUri, name);
  if (page) return page;
  return [
    `# ${meta.name}`,
    '',
    meta.description,
    '',
    `- Guideline: [DMTN-095 section ${meta.guideline}](${guidelineLink(meta.guideline)})`,
    `- Default severity: ${meta.defaultSeverity}`,
    `- Applies to: ${meta.appliesTo.join(', ')}`,
    `- Fixable: ${meta.fixable ? 'yes, with a quick-fix' : 'no'}`,
    `- Documentation: ${ruleDocsUrl(meta.name)}`,
    '',
    `Suppress one occurrence with a comment above it: \`# lsst-ignore ${meta.name} -- <reason>\`.`,
    '',
  ].join('\n');
}
