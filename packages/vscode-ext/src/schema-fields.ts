// Completion of field names inside Kubernetes objects, from the schema of the first target
// cluster's Kubernetes version (or the object's CRD). The language server has no completion yet;
// the hover on a field (type and description) is the server's.
import { dirname } from 'node:path';
import {
  addDefinitionsFromText,
  CustomResourceCatalog,
  type FieldsAtOptions,
  fieldsAt,
  type ResolvedConfig,
  resolveTargets,
  type SchemaField,
} from '@lsst-kube/core';
import { configuredCustomResources } from '@lsst-kube/core/render';
import * as vscode from 'vscode';
import type { ConfigurationSource } from './configuration.ts';
import { documentKindOf } from './documents.ts';
import type { Log } from './log.ts';
import { readSettings } from './settings.ts';

export class SchemaFields implements vscode.CompletionItemProvider {
  /** The CRDs the configuration names, read once per configuration (a changed .lsst.yaml is a new one). */
  readonly #definitionsByConfig = new WeakMap<ResolvedConfig, CustomResourceCatalog>();

  constructor(
    private readonly configuration: ConfigurationSource,
    private readonly log: Log,
  ) {}

  async provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): Promise<vscode.CompletionItem[]> {
    try {
      const options = await this.#options(document);
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

  async #options(document: vscode.TextDocument): Promise<FieldsAtOptions | undefined> {
    if (documentKindOf(document) !== 'manifest') return undefined;
    const settings = readSettings(document.uri);
    // An invalid configuration is the diagnostics' business; here it only means no schema.
    const config = await this.configuration.forDocument(document, settings).catch(() => undefined);
    if (!config) return undefined;
    const [target] = resolveTargets(config, settings.targets.length > 0 ? { targets: settings.targets } : {});
    if (!target) return undefined;
    // The file's own CRDs, then those of the configuration.
    const catalog = new CustomResourceCatalog();
    addDefinitionsFromText(catalog, document.getText(), document.uri.fsPath);
    return { target, customResources: catalog.with(this.#configured(config, document)) };
  }

  #configured(config: ResolvedConfig, document: vscode.TextDocument): CustomResourceCatalog | undefined {
    if (config.customResourceDefinitions.length === 0) return undefined;
    let catalog = this.#definitionsByConfig.get(config);
    if (!catalog) {
      const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? dirname(document.uri.fsPath);
      catalog = configuredCustomResources(config, folder);
      this.#definitionsByConfig.set(config, catalog);
    }
    return catalog;
  }
}

function describe(field: SchemaField, options: FieldsAtOptions): string {
  const values = field.values ? ` (${field.values.join(' | ')})` : '';
  return `${field.type}${values}${field.required ? ', required' : ''} · Kubernetes ${options.target.kubernetesVersion} (${options.target.name})`;
}
