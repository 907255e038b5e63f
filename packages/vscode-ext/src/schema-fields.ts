// Completion of field names inside Kubernetes objects, and the type of a field on hover, from the
// schema of the first target cluster's Kubernetes version (or the object's CRD).
import {
  addDefinitionsFromText,
  CustomResourceCatalog,
  type FieldsAtOptions,
  fieldAt,
  fieldsAt,
  resolveTargets,
  type SchemaField,
} from '@lsst-kube/core';
import * as vscode from 'vscode';
import type { Linter } from './linter.ts';
import type { Log } from './log.ts';

export class SchemaFields implements vscode.CompletionItemProvider, vscode.HoverProvider {
  constructor(
    private readonly linter: Linter,
    private readonly log: Log,
  ) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    try {
      const options = this.#options(document);
      if (!options) return [];
      const fields = fieldsAt(document.getText(), document.offsetAt(position), options) ?? [];
      return fields.map((field) => {
        const item = new vscode.CompletionItem(field.name, vscode.CompletionItemKind.Field);
        item.detail = describe(field, options);
        item.insertText = `${field.name}: `;
        // Required fields first, then the rest by name.
        item.sortText = `${field.required ? '0' : '1'}${field.name}`;
        return item;
      });
    } catch (error) {
      this.log.error(`completing ${document.uri.fsPath}`, error);
      return [];
    }
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    try {
      const options = this.#options(document);
      if (!options) return undefined;
      const field = fieldAt(document.getText(), document.offsetAt(position), options);
      if (!field) return undefined;
      const markdown = new vscode.MarkdownString();
      markdown.appendMarkdown(`**${field.name}**: ${describe(field, options)}`);
      if (field.description) markdown.appendMarkdown('\n\n').appendText(field.description);
      return new vscode.Hover(markdown);
    } catch (error) {
      this.log.error(`hovering in ${document.uri.fsPath}`, error);
      return undefined;
    }
  }

  #options(document: vscode.TextDocument): FieldsAtOptions | undefined {
    const checked = this.linter.current(document);
    if (checked?.kind !== 'manifest') return undefined;
    const [target] = resolveTargets(
      checked.config,
      checked.options.targets ? { targets: checked.options.targets } : {},
    );
    if (!target) return undefined;
    // The file's own CRDs, then those of the configuration.
    const catalog = new CustomResourceCatalog();
    addDefinitionsFromText(catalog, checked.text, document.uri.fsPath);
    return { target, customResources: catalog.with(checked.options.customResources) };
  }
}

function describe(field: SchemaField, options: FieldsAtOptions): string {
  const values = field.values ? ` (${field.values.join(' | ')})` : '';
  return `${field.type}${values}${field.required ? ', required' : ''} · Kubernetes ${options.target.kubernetesVersion} (${options.target.name})`;
}
