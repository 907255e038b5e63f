// Hovering over a finding shows what the guideline asks, why, and what can be done about it.
import * as vscode from 'vscode';
import { diagnosticSource, type Linter } from './linter.ts';
import type { Log } from './log.ts';
import { guidelineLink, ruleMeta, ruleRationale } from './rule-docs.ts';

export class LsstHover implements vscode.HoverProvider {
  constructor(
    private readonly linter: Linter,
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    try {
      const checked = this.linter.current(document);
      if (!checked) return undefined;
      const offset = document.offsetAt(position);
      const here = checked.findings.filter((finding) => finding.range[0] <= offset && offset <= finding.range[1]);
      if (here.length === 0) return undefined;
      const markdown = new vscode.MarkdownString(undefined, true);
      const seen = new Set<string>();
      for (const finding of here) {
        if (seen.has(finding.rule)) continue;
        seen.add(finding.rule);
        const meta = ruleMeta(finding.rule);
        markdown.appendMarkdown(
          `**${diagnosticSource}: [${finding.rule}](${finding.helpUri})** · DMTN-095 [§${finding.guideline}](${guidelineLink(finding.guideline)})\n\n`,
        );
        if (meta) markdown.appendMarkdown(`*Guideline:* ${meta.description}\n\n`);
        if (meta) {
          const why = ruleRationale(this.extensionUri, meta);
          if (why !== meta.description) markdown.appendMarkdown(`*Why:* ${why}\n\n`);
        }
        if (finding.fix) markdown.appendMarkdown(`*Quick-fix:* ${finding.fix.description}\n\n`);
        markdown.appendMarkdown(
          `[Explain](command:lsst.explainRule?${encodeURIComponent(JSON.stringify([finding.rule]))}) · suppress with \`# lsst-ignore ${finding.rule} -- <reason>\`\n\n`,
        );
      }
      markdown.isTrusted = { enabledCommands: ['lsst.explainRule'] };
      const first = here[0];
      const range = first
        ? new vscode.Range(document.positionAt(first.range[0]), document.positionAt(first.range[1]))
        : undefined;
      return new vscode.Hover(markdown, range);
    } catch (error) {
      this.log.error('computing a hover', error);
      return undefined;
    }
  }
}
