// Custom resource kinds known from CustomResourceDefinitions (in the checked files, in files the
// configuration or --crd names, or served by a cluster), each version with its openAPIV3Schema.
import { isMap, type YAMLMap } from 'yaml';
import { plainValue } from '../documents/plain-value.ts';
import { parseManifest } from '../documents/yaml.ts';
import { type CompactNode, type CompactShape, compactSchema, type OpenApiSchema } from './compact.ts';

export interface CustomResourceKind {
  apiVersion: string;
  kind: string;
  /** The object's schema; `*` when the definition gives none. */
  schema: CompactNode;
  /** The definition's openAPIV3Schema as written, for the descriptions of its fields. */
  openApiSchema?: OpenApiSchema;
  /** Where the definition came from, for messages: a file path or `cluster`. */
  source: string;
}

export class CustomResourceCatalog {
  private readonly byKey = new Map<string, CustomResourceKind>();
  /** Digests of the CRD documents read: a copy of one in another file (install.yaml beside crds/) adds nothing. */
  readonly documentsRead = new Set<string>();

  get size(): number {
    return this.byKey.size;
  }

  /** The first definition of a kind wins: the checked files come before folders and the cluster. */
  add(entry: CustomResourceKind): void {
    const key = `${entry.apiVersion}\n${entry.kind}`;
    if (!this.byKey.has(key)) this.byKey.set(key, entry);
  }

  get(apiVersion: string, kind: string): CustomResourceKind | undefined {
    return this.byKey.get(`${apiVersion}\n${kind}`);
  }

  /** Whether any version of the group defines the kind (an object on an unserved version is then an error, not unknown). */
  versionsOf(group: string, kind: string): string[] {
    const found: string[] = [];
    for (const entry of this.byKey.values()) {
      if (entry.kind === kind && groupOf(entry.apiVersion) === group) found.push(entry.apiVersion);
    }
    return found;
  }

  /** A catalog with this one's kinds and then the other's. */
  with(other: CustomResourceCatalog | undefined): CustomResourceCatalog {
    if (!other || other.size === 0) return this;
    const merged = new CustomResourceCatalog();
    for (const entry of this.byKey.values()) merged.add(entry);
    for (const entry of other.byKey.values()) merged.add(entry);
    return merged;
  }
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** True for the apiVersion/kind of a CustomResourceDefinition. */
export function isCustomResourceDefinition(apiVersion: string | undefined, kind: string | undefined): boolean {
  return kind === 'CustomResourceDefinition' && apiVersion?.startsWith('apiextensions.k8s.io/') === true;
}

/** Adds the served versions of one CustomResourceDefinition object (apiextensions v1 or v1beta1). */
export function addDefinition(catalog: CustomResourceCatalog, definition: unknown, source: string): void {
  if (!definition || typeof definition !== 'object') return;
  const spec = (definition as { spec?: Record<string, unknown> }).spec;
  if (!spec || typeof spec !== 'object') return;
  const group = typeof spec.group === 'string' ? spec.group : undefined;
  const kind = (spec.names as { kind?: unknown } | undefined)?.kind;
  if (!group || typeof kind !== 'string') return;
  const sharedSchema = (spec.validation as { openAPIV3Schema?: OpenApiSchema } | undefined)?.openAPIV3Schema;
  const versions = Array.isArray(spec.versions) ? (spec.versions as Array<Record<string, unknown>>) : [];
  if (versions.length === 0 && typeof spec.version === 'string') versions.push({ name: spec.version, served: true });
  for (const version of versions) {
    if (typeof version?.name !== 'string' || version.served === false) continue;
    const schema = (version.schema as { openAPIV3Schema?: OpenApiSchema } | undefined)?.openAPIV3Schema ?? sharedSchema;
    catalog.add({
      apiVersion: `${group}/${version.name}`,
      kind,
      schema: objectRoot(schema),
      ...(schema && typeof schema === 'object' ? { openApiSchema: schema } : {}),
      source,
    });
  }
}

/** A custom object's root: its schema, with apiVersion, kind and metadata as every object has them. */
function objectRoot(schema: OpenApiSchema | undefined): CompactNode {
  if (!schema) return '*';
  const compact = compactSchema(schema);
  if (typeof compact === 'string') return compact === 'O' ? '*' : compact;
  const root: CompactShape = {
    ...compact,
    p: { ...(compact.p ?? {}), apiVersion: 's', kind: 's', metadata: '@meta.v1.ObjectMeta' },
  };
  return root;
}

/** Adds the definitions found in manifest texts (a file of CRDs, a folder's files). */
export function addDefinitionsFromText(catalog: CustomResourceCatalog, text: string, source: string): number {
  // Cheap test first: most files hold no CRD and need no parse here.
  if (!/kind:\s*["']?CustomResourceDefinition/.test(text)) return 0;
  const before = catalog.size;
  for (const documentText of documentTexts(text)) {
    if (!/kind:\s*["']?CustomResourceDefinition/.test(documentText)) continue;
    // The first definition of a kind wins, so a document read before can only add what it added then.
    const digest = textDigest(documentText.replace(bareMarkerLine, ''));
    if (catalog.documentsRead.has(digest)) continue;
    catalog.documentsRead.add(digest);
    for (const document of parseManifest(documentText).documents) {
      for (const object of document.objects) {
        if (isCustomResourceDefinition(object.apiVersion, object.kind)) addDefinitionMap(catalog, object.map, source);
      }
    }
  }
  return catalog.size - before;
}

/**
 * A 53-bit hash of the text with its length (cyrb53): two different CRD documents of one length agreeing
 * by chance is about one in 10^15 per pair. node:crypto would cost 5 ms of every start, CRDs or not.
 */
function textDigest(text: string): string {
  let first = 0xdeadbeef;
  let second = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    first = Math.imul(first ^ code, 2654435761);
    second = Math.imul(second ^ code, 1597334677);
  }
  first = Math.imul(first ^ (first >>> 16), 2246822507) ^ Math.imul(second ^ (second >>> 13), 3266489909);
  second = Math.imul(second ^ (second >>> 16), 2246822507) ^ Math.imul(first ^ (first >>> 13), 3266489909);
  return `${text.length}:${4294967296 * (2097151 & second) + (first >>> 0)}`;
}

/** A document's `---` line with nothing after it but a comment: the same document with or without it. */
const bareMarkerLine = /^---[ \t]*(?:#.*)?(?:\r?\n|$)/;

/**
 * The texts of a stream's documents, split before each `---` line: at the start of a line a marker
 * ends any scalar, so each piece reads as it does in the stream. A stream with directives (`%YAML`),
 * which belong to the document after them, is kept whole.
 */
function documentTexts(text: string): string[] {
  if (/^%/m.test(text)) return [text];
  const texts: string[] = [];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  let start = 0;
  for (let found = marker.exec(text); found; found = marker.exec(text)) {
    if (found.index > start) texts.push(text.slice(start, found.index));
    start = found.index;
  }
  texts.push(text.slice(start));
  return texts;
}

export function addDefinitionMap(catalog: CustomResourceCatalog, map: YAMLMap, source: string): void {
  if (!isMap(map)) return;
  addDefinition(catalog, plainValue(map), source);
}
