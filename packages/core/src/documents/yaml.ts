// Multi-document Kubernetes YAML with exact ranges for every node, read as Kubernetes reads it.
import {
  type Document,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  parseAllDocuments,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { Limits } from '../config/model.ts';
import type { OffsetRange } from '../types.ts';
import { type FastParseOptions, fastDocumentMaxDepth, fastParseAllDocuments } from './fast-yaml.ts';
import { defaultYamlReader, type YamlReader } from './yaml-reader.ts';

export type { Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
export { nodeTypeOf, nodeTypes } from './node-types.ts';
export type { YamlReader } from './yaml-reader.ts';

export interface InputProblem {
  message: string;
  range: OffsetRange;
}

export interface ManifestDocument {
  /** 0-based position of the document in its file. */
  index: number;
  document: Document.Parsed;
  range: OffsetRange;
  /** Syntax and limit problems; a document with problems is not checked by the rules. */
  problems: InputProblem[];
  /** The Kubernetes objects in it: the document itself, or the items of a `List`. */
  objects: KubeObject[];
  /** True when the document holds nothing (a stray `---`, only comments). */
  empty: boolean;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  map: YAMLMap;
  range: OffsetRange;
  /** The first line of the object, where findings about something missing point. */
  headRange: OffsetRange;
  document: ManifestDocument;
  /** Set when the object is an item of a `List`. */
  list?: KubeObject;
}

export interface ParsedManifest {
  text: string;
  documents: ManifestDocument[];
}

export const defaultYamlLimits: Pick<Limits, 'maxDocuments' | 'maxDepth' | 'maxAliasCount'> = {
  maxDocuments: 10_000,
  maxDepth: 100,
  maxAliasCount: 100,
};

const yamlOptions: FastParseOptions = {
  version: '1.1',
  uniqueKeys: true,
  prettyErrors: false,
  keepSourceTokens: false,
};

/** Parses every document of a manifest file; never throws. */
export function parseManifest(
  text: string,
  limits = defaultYamlLimits,
  reader: YamlReader = defaultYamlReader,
): ParsedManifest {
  // Positions come from the finding collector's own line index: no LineCounter is filled here.
  const fast = reader === 'fast' ? fastParseAllDocuments(text, yamlOptions) : undefined;
  const parsed = fast ?? parseAllDocuments(text, yamlOptions);
  const rawDocuments = Array.isArray(parsed) ? parsed : [];
  const documents: ManifestDocument[] = [];
  for (const [index, document] of rawDocuments.entries()) {
    const range: OffsetRange = [document.range[0], document.range[2]];
    const manifestDocument: ManifestDocument = {
      index,
      document,
      range,
      problems: [],
      objects: [],
      empty: document.contents === null || (isScalar(document.contents) && document.contents.value === null),
    };
    documents.push(manifestDocument);
    if (index >= limits.maxDocuments) {
      // Reported even when the document at the limit is empty, so the file is not taken for one with nothing in it.
      manifestDocument.empty = false;
      manifestDocument.problems.push({
        message: `More than ${limits.maxDocuments} documents in one file; the rest is not checked. Split the file, or raise limits.maxDocuments in .lsst.yaml.`,
        range: [range[0], range[0]],
      });
      break;
    }
    // The first error explains the rest, which are usually its echoes.
    const firstError = document.errors[0];
    if (firstError?.code === 'RESOURCE_EXHAUSTION') {
      manifestDocument.problems.push({
        message: `Nesting deeper than ${limits.maxDepth} levels, too deep even to parse; not checked. Reduce the nesting (limits.maxDepth in .lsst.yaml cannot raise the parser's own bound).`,
        range: errorRange(firstError.pos, text),
      });
    } else if (firstError) {
      const more = document.errors.length > 1 ? ` (${document.errors.length - 1} more error(s) follow from it)` : '';
      const range = errorRange(firstError.pos, text);
      const described =
        firstError.code === 'DUPLICATE_KEY'
          ? describeDuplicateKey(document, range[0], text)
          : describeYamlError(firstError.code, firstError.message);
      manifestDocument.problems.push({ message: described + more, range });
    }
    if (manifestDocument.problems.length > 0 || manifestDocument.empty) continue;
    // A document the fast path read is within the limits by construction: no walk of every node.
    const withinLimits = fast !== undefined && limits.maxDepth >= fastDocumentMaxDepth;
    const limitProblem = withinLimits ? undefined : checkStructureLimits(document, limits);
    if (limitProblem) {
      manifestDocument.problems.push(limitProblem);
      continue;
    }
    collectObjects(manifestDocument, text);
  }
  // A stream of only `---` or comments parses into no documents: nothing to check.
  return { text, documents };
}

function collectObjects(manifestDocument: ManifestDocument, text: string): void {
  const root = manifestDocument.document.contents;
  if (!isMap(root)) {
    manifestDocument.problems.push({
      message: 'This document is not a Kubernetes object: expected a mapping with apiVersion and kind.',
      range: nodeRange(root as Node),
    });
    return;
  }
  const object = toKubeObject(root, manifestDocument, text);
  const items = object.kind?.endsWith('List') ? getNode(root, 'items') : undefined;
  if (items !== undefined && isSeq(items)) {
    for (const item of items.items) {
      if (isMap(item)) manifestDocument.objects.push(toKubeObject(item, manifestDocument, text, object));
    }
    return;
  }
  manifestDocument.objects.push(object);
}

function toKubeObject(map: YAMLMap, document: ManifestDocument, text: string, list?: KubeObject): KubeObject {
  const object: KubeObject = {
    apiVersion: stringAt(map, 'apiVersion'),
    kind: stringAt(map, 'kind'),
    name: stringAt(map, 'metadata', 'name'),
    namespace: stringAt(map, 'metadata', 'namespace'),
    map,
    range: nodeRange(map),
    headRange: headRange(map, text),
    document,
  };
  if (list) object.list = list;
  return object;
}

/** Walks the document once: bounded depth and alias count, so that hostile input stays cheap. */
function checkStructureLimits(document: Document.Parsed, limits: typeof defaultYamlLimits): InputProblem | undefined {
  let aliases = 0;
  // Two parallel stacks rather than an object per node: this walk visits every node of every file.
  const nodes: unknown[] = [document.contents];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const depth = depths.pop() as number;
    if (isAlias(node)) {
      aliases++;
      if (aliases > limits.maxAliasCount) {
        return {
          message: `More than ${limits.maxAliasCount} YAML aliases in one document (a possible alias bomb); not checked. Expand the aliases, or raise limits.maxAliasCount in .lsst.yaml.`,
          range: nodeRange(node),
        };
      }
      continue;
    }
    if (!isCollection(node)) continue;
    if (depth > limits.maxDepth) {
      return {
        message: `Nesting deeper than ${limits.maxDepth} levels; not checked. Raise limits.maxDepth in .lsst.yaml if this is intended.`,
        range: nodeRange(node),
      };
    }
    for (const item of node.items) {
      if (isPair(item)) {
        nodes.push(item.key, item.value);
        depths.push(depth + 1, depth + 1);
      } else {
        nodes.push(item);
        depths.push(depth + 1);
      }
    }
  }
  return undefined;
}

const duplicateKeyAdvice = 'Kubernetes would keep only the last one: remove or merge one of them.';

const yamlErrorAdvice: Record<string, string> = {
  TAB_AS_INDENT: 'YAML allows only spaces for indentation: replace the tab with spaces.',
  DUPLICATE_KEY: duplicateKeyAdvice,
  BAD_INDENT: 'Check the indentation and that every bracket is closed.',
  MISSING_CHAR: 'Close it.',
  MULTILINE_IMPLICIT_KEY: 'Check the indentation and colons above.',
  BLOCK_AS_IMPLICIT_KEY: 'Put the nested mapping on its own indented lines, or quote the value.',
  UNEXPECTED_TOKEN: 'Check quoting, colons and indentation.',
};

function describeYamlError(code: string, message: string): string {
  const firstLine = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
  const advice = yamlErrorAdvice[code] ?? 'Fix the syntax here.';
  return `YAML syntax error: ${firstLine}. ${advice}`;
}

/**
 * A repeated key, named with how far above its first use stands: in a long mapping the second one is rarely
 * where the author looks first. (Told by distance, not line number: the editor re-checks a document alone.)
 */
function describeDuplicateKey(document: Document.Parsed, offset: number, text: string): string {
  const repeated = pairWithKeyAt(document.contents, offset);
  const key = repeated ? keyText(repeated.pair) : undefined;
  if (!repeated || key === undefined) return `YAML syntax error: Map keys must be unique. ${duplicateKeyAdvice}`;
  const first = repeated.map.items.find((pair) => pair !== repeated.pair && keyText(pair) === key);
  const firstOffset = first && isScalar(first.key) ? first.key.range?.[0] : undefined;
  const above = firstOffset === undefined ? 0 : linesBetween(text, firstOffset, offset);
  const where = above === 0 ? '' : ` (the first is ${above} line${above === 1 ? '' : 's'} above)`;
  return `YAML syntax error: the key ${JSON.stringify(key)} appears twice in one mapping${where}. ${duplicateKeyAdvice}`;
}

/** The pair whose key starts at `offset`, and its mapping; only the collections around the offset are entered. */
function pairWithKeyAt(node: unknown, offset: number): { pair: Pair; map: YAMLMap } | undefined {
  let current = node;
  while (isCollection(current)) {
    let inner: unknown;
    for (const item of current.items as unknown[]) {
      if (isPair(item)) {
        if ((item.key as Node | null)?.range?.[0] === offset && isMap(current)) return { pair: item, map: current };
        if (encloses(item.value as Node | null, offset)) inner = item.value;
      } else if (encloses(item as Node, offset)) {
        inner = item;
      }
    }
    current = inner;
  }
  return undefined;
}

function encloses(node: Node | null, offset: number): boolean {
  const range = node?.range;
  return range !== undefined && range !== null && range[0] <= offset && offset < range[2];
}

function linesBetween(text: string, from: number, to: number): number {
  let lines = 0;
  for (let index = text.indexOf('\n', from); index !== -1 && index < to; index = text.indexOf('\n', index + 1)) lines++;
  return lines;
}

function errorRange(pos: [number, number], text: string): OffsetRange {
  const start = Math.min(pos[0], text.length);
  return [start, Math.max(start, Math.min(pos[1], text.length))];
}

// ---------------------------------------------------------------------------------------------
// Reading nodes. Keys compare by their source text (Kubernetes field names are never booleans,
// but YAML 1.1 would read a key `y` or `on` as one).

export function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return key.source ?? (key.value === null ? undefined : String(key.value));
  return undefined;
}

export function getPair(map: YAMLMap, key: string): Pair<Node, Node> | undefined {
  for (const item of map.items) {
    const itemKey = item.key as { source?: unknown } | null;
    // A scalar key read from text has its text as source: compared first, its type checked only on a match.
    if (typeof itemKey === 'object' && itemKey !== null && itemKey.source !== undefined) {
      if (itemKey.source === key && isScalar(itemKey)) return item as Pair<Node, Node>;
    } else if (keyText(item) === key) return item as Pair<Node, Node>;
  }
  return undefined;
}

/** The node at a path of map keys and sequence indices, or undefined. */
export function getNode(node: unknown, ...path: Array<string | number>): Node | undefined {
  let current = node as Node | undefined;
  for (const step of path) {
    if (current === undefined || current === null) return undefined;
    if (typeof step === 'number') {
      current = isSeq(current) ? (current.items[step] as Node | undefined) : undefined;
    } else {
      current = isMap(current) ? (getPair(current, step)?.value ?? undefined) : undefined;
    }
  }
  return current ?? undefined;
}

export function getMap(node: unknown, ...path: Array<string | number>): YAMLMap | undefined {
  const found = getNode(node, ...path);
  return isMap(found) ? found : undefined;
}

export function getSeq(node: unknown, ...path: Array<string | number>): YAMLSeq | undefined {
  const found = getNode(node, ...path);
  return isSeq(found) ? found : undefined;
}

/** The scalar value at a path, read with YAML 1.1 rules (`yes` is true, `0o17` ...). */
export function scalarAt(node: unknown, ...path: Array<string | number>): unknown {
  const found = getNode(node, ...path);
  return isScalar(found) ? found.value : undefined;
}

/** A scalar read as a string the way Kubernetes would decode it into a string field. */
export function stringAt(node: unknown, ...path: Array<string | number>): string | undefined {
  const found = getNode(node, ...path);
  if (!isScalar(found) || found.value === null || found.value === undefined) return undefined;
  return typeof found.value === 'string' ? found.value : (found.source ?? String(found.value));
}

export function nodeRange(node: Node | null | undefined): OffsetRange {
  const range = node?.range;
  if (!range) return [0, 0];
  return [range[0], range[1]];
}

/** From the start of a pair's key to the end of its value. */
export function pairRange(pair: Pair): OffsetRange {
  const keyRange = (pair.key as Node | null)?.range;
  const valueRange = (pair.value as Node | null)?.range;
  const start = keyRange?.[0] ?? valueRange?.[0] ?? 0;
  const end = valueRange?.[1] ?? keyRange?.[1] ?? start;
  return [start, end];
}

/** The first line of a mapping: its first entry when that fits on one line, else the first key. */
export function headRange(map: YAMLMap, text: string): OffsetRange {
  const first = map.items[0];
  if (!first) return nodeRange(map);
  const [start, end] = pairRange(first);
  const lineBreak = text.indexOf('\n', start);
  if (lineBreak !== -1 && lineBreak < end) {
    const keyEnd = (first.key as Node | null)?.range?.[1] ?? start;
    return [start, keyEnd];
  }
  return [start, end];
}
