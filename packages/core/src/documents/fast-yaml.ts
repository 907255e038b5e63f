// A fast reader for the plain block-style YAML that manifests are written in. It builds the same
// nodes, values and ranges as the `yaml` library (YAML 1.1 scalars resolved by that library's own
// tags), and gives up (returns undefined) on anything it does not fully handle: the caller then
// parses with `yaml`, which also reports the errors. The differential test proves the two agree.
// Comments are skipped, not attached to nodes: nothing that reads a checked manifest uses them.
import { Document, type LineCounter, Pair, Scalar, type Schema, YAMLMap, YAMLSeq } from 'yaml';
import { NODE_TYPE, nodeTypes } from './node-types.ts';

interface ScalarTag {
  tag: string;
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
}

type Node = Scalar | YAMLMap | YAMLSeq;
type Range = [number, number, number];

/** Thrown to leave the fast path; never escapes fastParseAllDocuments. */
const unsupported = Symbol('unsupported');
function giveUp(): never {
  throw unsupported;
}

// Anything outside printable ASCII, line feed and the plain Unicode planes (tabs, CR, controls,
// NEL, line separators, BOM, surrogates) goes to `yaml`.
const unusualCharacter = /[^\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;
const maxDepth = 64;
/** The deepest collection (the root at 0) a document read by the fast path can hold; it never holds an alias. */
export const fastDocumentMaxDepth = maxDepth - 1;
const maxKeyLength = 1000;

// yaml's constructors define the node type on every node, which cost a tenth of reading a manifest. The
// fast path's nodes inherit it instead, from prototypes below yaml's classes: `isScalar`, `instanceof
// Scalar` and every method answer as for nodes yaml makes.
const scalarPrototype = withNodeType(Scalar.prototype, nodeTypes.scalar);
const pairPrototype = withNodeType(Pair.prototype, nodeTypes.pair);

/** A scalar of the fast path: its range is kept as three numbers, and made the array `range` when read. */
interface FastScalar extends Scalar {
  rangeStart: number;
  rangeValueEnd: number;
  rangeNodeEnd: number;
}

// Most scalars' ranges are never read (only those of findings and fixes are): an array for each was a
// tenth of what reading a manifest allocated. An assignment makes the range the node's own, as in `yaml`.
Object.defineProperty(scalarPrototype, 'range', {
  get(this: FastScalar): Range {
    return [this.rangeStart, this.rangeValueEnd, this.rangeNodeEnd];
  },
  set(this: FastScalar, range: Range | null | undefined) {
    Object.defineProperty(this, 'range', { value: range, writable: true, enumerable: true, configurable: true });
  },
  configurable: true,
});

// A constructor rather than Object.create: the scalar's fields fit in the object itself, one allocation.
// Its prototype has no `constructor` of its own, so a node's constructor is Scalar, as for yaml's nodes.
function FastScalarNode(
  this: FastScalar,
  value: unknown,
  source: string,
  type: Scalar.Type,
  start: number,
  valueEnd: number,
  nodeEnd: number,
): void {
  this.value = value;
  this.source = source;
  this.type = type;
  this.rangeStart = start;
  this.rangeValueEnd = valueEnd;
  this.rangeNodeEnd = nodeEnd;
}
FastScalarNode.prototype = scalarPrototype;

/** Where a node just read ends (its range's third offset), without making a scalar's range array. */
function nodeEndOf(node: Node): number {
  return (node as Partial<FastScalar>).rangeNodeEnd ?? (node.range as Range)[2];
}

/** `new ScalarNode(value, source, type, start, valueEnd, nodeEnd)`: FastScalarNode as the constructor it is. */
const ScalarNode = FastScalarNode as unknown as new (...parts: Parameters<typeof FastScalarNode>) => Scalar;

function withNodeType(prototype: object, type: symbol, schema?: Schema): object {
  const properties: PropertyDescriptorMap = { [NODE_TYPE]: { value: type } };
  // As Collection's constructor defines it: not enumerable, and an assignment makes the node its own.
  if (schema) properties.schema = { value: schema, configurable: true, enumerable: false, writable: true };
  return Object.create(prototype, properties);
}

// Made by a constructor too, which sizes the pair for its two fields (Object.create leaves room for four).
function FastPairNode(this: Pair, key: Scalar, value: Node): void {
  this.key = key;
  this.value = value;
}
FastPairNode.prototype = pairPrototype;

function newPair(key: Scalar, value: Node): Pair {
  const construct = FastPairNode as unknown as new (key: Scalar, value: Node) => Pair;
  return new construct(key, value);
}

// YAML 1.1's default tags other than strings match only plain scalars that start with one of these characters:
// null (`~`, `null`), booleans (`y`, `n`, `true`, `false`, `on`, `off` ...), numbers and times (a sign, `.`, a
// digit, and `e`: `e3` is a float). Any other first character makes a string, with no lookup (fast-yaml.test.ts
// holds the tags to it).
export const nonStringStarts = '~nNtTfFoOyYeE-+.0123456789';
const startsNonString = new Uint8Array(128);
for (const character of nonStringStarts) startsNonString[character.charCodeAt(0)] = 1;

function startsOnlyStrings(source: string): boolean {
  if (source.length === 0) return false;
  const code = source.charCodeAt(0);
  return code >= 128 || startsNonString[code] === 0;
}

// The strings sliceShared hands out again. Only copies: V8 slices 13 characters or more as views of the
// whole text, which a table kept for the process would keep alive.
const sharedStrings: (string | undefined)[] = new Array(4096).fill(undefined);
const sharedStringMaxLength = 12;

// Plain scalars repeat a lot (names, `true`, ports): the tag their text resolves to is cached.
const tagCache = new Map<string, ScalarTag>();
const tagCacheLimit = 20_000;

enum Code {
  LineFeed = 10,
  Space = 32,
  Hash = 35,
  Colon = 58,
  Dash = 45,
}

export interface FastParseOptions {
  version: '1.1';
  uniqueKeys: true;
  prettyErrors: false;
  keepSourceTokens: false;
}

/** The documents of a stream, as `parseAllDocuments` would give them, or undefined when `yaml` must read it. */
export function fastParseAllDocuments(
  text: string,
  options: FastParseOptions,
  lineCounter?: LineCounter,
): Document.Parsed[] | undefined {
  if (unusualCharacter.test(text)) return undefined;
  try {
    const documents = new FastParser(text, options).parseStream();
    if (lineCounter) countLines(text, lineCounter);
    return documents;
  } catch (error) {
    if (error === unsupported) return undefined;
    throw error;
  }
}

function countLines(text: string, lineCounter: LineCounter): void {
  lineCounter.addNewLine(0);
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lineCounter.addNewLine(at + 1);
}

/**
 * What every document read with the same options shares: one schema (building one per document, then per
 * file, was a tenth of the reading time), and the prototypes of its collections, so that the mappings of
 * every file have one shape and code that reads them stays fast.
 */
interface SharedReading {
  options: FastParseOptions & { schema: Schema };
  documentOptions: object;
  /** A document's options, as `yaml` hands them to the resolvers of scalar tags. */
  resolveOptions: unknown;
  mapPrototype: object;
  seqPrototype: object;
  tags: ScalarTag[];
  stringTag: ScalarTag;
}

const sharedReadings = new WeakMap<FastParseOptions, SharedReading>();

function sharedReadingFor(options: FastParseOptions): SharedReading {
  let shared = sharedReadings.get(options);
  if (shared === undefined) {
    const document = new Document(undefined, options);
    const schema = document.schema;
    shared = {
      options: { ...options, schema },
      documentOptions: { ...document.options },
      resolveOptions: document.options,
      mapPrototype: withNodeType(YAMLMap.prototype, nodeTypes.map, schema),
      seqPrototype: withNodeType(YAMLSeq.prototype, nodeTypes.seq, schema),
      tags: schema.tags as unknown as ScalarTag[],
      stringTag: (schema as unknown as Record<symbol, ScalarTag>)[nodeTypes.scalar] as ScalarTag,
    };
    sharedReadings.set(options, shared);
  }
  return shared;
}

class FastParser {
  private readonly length: number;
  /** Scan position: the start of the next line not yet read (or the end). */
  private pos = 0;
  private depth = 0;
  /** The last call of skipBlankLines: where it started, and the content line it found. */
  private skippedFrom = -1;
  private skippedTo = -1;
  /** The items of the collections being read, innermost last (takePending). */
  private readonly pending: unknown[] = [];
  /** Where the quoted scalar read last ends (after its closing quote): a field, not a tuple per scalar. */
  private quotedEnd = 0;
  /** Where the text of a quoted scalar's next line starts (foldQuotedLines). */
  private quotedLineStart = 0;
  /** Where the plain scalar continued last ends (continuePlain). */
  private continuedEnd = 0;
  private readonly shared: SharedReading;
  private readonly mapPrototype: object;
  private readonly seqPrototype: object;
  private readonly tags: ScalarTag[];
  private readonly stringTag: ScalarTag;
  private readonly documentOptions: unknown;

  constructor(
    private readonly text: string,
    private readonly options: FastParseOptions,
  ) {
    this.length = text.length;
    this.shared = sharedReadingFor(options);
    this.mapPrototype = this.shared.mapPrototype;
    this.seqPrototype = this.shared.seqPrototype;
    this.tags = this.shared.tags;
    this.stringTag = this.shared.stringTag;
    this.documentOptions = this.shared.resolveOptions;
  }

  parseStream(): Document.Parsed[] {
    const documents: Document.Parsed[] = [];
    const lineStart = this.skipBlankLines(0);
    if (lineStart >= this.length) return documents;
    let marker = this.isMarker(lineStart) ? lineStart : -1;
    for (;;) {
      // Each document keeps options of its own, equal to those `yaml` gives it, and shares the schema.
      const document = new Document(undefined, this.shared.options) as Document.Parsed;
      document.options = { ...this.shared.documentOptions } as typeof document.options;
      let contentStart: number;
      if (marker >= 0) {
        document.directives.docStart = true;
        const afterMarker = marker + 3;
        const nextLine = afterMarker < this.length ? afterMarker + 1 : this.length;
        contentStart = this.skipBlankLines(nextLine);
        if (contentStart >= this.length || this.isMarker(contentStart)) {
          // An empty document (a template that rendered nothing but its `# Source:` line): with a comment, its
          // null and its range take in the lines after `---` up to the next one; blank lines alone, nothing.
          const end = this.find(Code.Hash, nextLine, contentStart) !== -1 ? contentStart : afterMarker;
          document.contents = this.resolvePlain('', afterMarker, afterMarker, end) as never;
          document.range = [marker, end, end];
          documents.push(document);
          if (contentStart >= this.length) return documents;
          marker = contentStart;
          continue;
        }
      } else contentStart = lineStart;
      const indent = this.indentAt(contentStart);
      const first = contentStart + indent;
      let contents: YAMLMap | YAMLSeq;
      if (this.isSequenceItem(first)) contents = this.parseBlockSequence(indent, first);
      else if (this.keyEnd(first) !== -1) contents = this.parseBlockMap(indent, first);
      else giveUp();
      const contentEnd = (contents.range as Range)[2];
      // After the content: the rest of its line, then only blank and comment lines up to `---` or the end.
      // (A document ending in a bare null keeps the blank lines after it out of its range.)
      let afterLine = contentEnd;
      const endsInNull =
        afterLine > 0 && afterLine < this.length && this.text.charCodeAt(afterLine - 1) !== Code.LineFeed;
      if (endsInNull) {
        if (this.text.charCodeAt(afterLine) !== Code.LineFeed) giveUp();
        afterLine++;
      }
      const next = this.skipBlankLines(afterLine);
      if (next < this.length && !this.isMarker(next)) giveUp();
      document.contents = contents as never;
      const documentEnd = !endsInNull && next > afterLine ? next : contentEnd;
      document.range = [marker >= 0 ? marker : contentStart, contentEnd, documentEnd];
      documents.push(document);
      if (next >= this.length) return documents;
      marker = next;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Lines

  /**
   * From a line start, past blank and comment-only lines: the start of the next content line, or the
   * end. A comment deeper than the line after it joins the ranges of the collections it closes in
   * `yaml`, which is left to read it.
   */
  private skipBlankLines(from: number): number {
    // A value's end and the collection around it both look for the next content line from the same place.
    if (from === this.skippedFrom) return this.skippedTo;
    const to = this.findContentLine(from);
    this.skippedFrom = from;
    this.skippedTo = to;
    return to;
  }

  private findContentLine(from: number): number {
    const text = this.text;
    let lineStart = from;
    let deepestComment = -1;
    while (lineStart < this.length) {
      let at = lineStart;
      while (text.charCodeAt(at) === Code.Space) at++;
      if (at >= this.length) break;
      const code = text.charCodeAt(at);
      if (code === Code.LineFeed) lineStart = at + 1;
      else if (code === Code.Hash) {
        deepestComment = Math.max(deepestComment, at - lineStart);
        const end = text.indexOf('\n', at);
        lineStart = end === -1 ? this.length : end + 1;
      } else {
        if (deepestComment > at - lineStart) giveUp();
        return lineStart;
      }
    }
    if (deepestComment > 0) giveUp();
    return this.length;
  }

  private indentAt(lineStart: number): number {
    let at = lineStart;
    while (this.text.charCodeAt(at) === Code.Space) at++;
    return at - lineStart;
  }

  /** The first offset of a character in [from, to), or -1: bounded, unlike indexOf on the whole text. */
  private find(code: number, from: number, to: number): number {
    const text = this.text;
    for (let at = from; at < to; at++) if (text.charCodeAt(at) === code) return at;
    return -1;
  }

  private lineEnd(at: number): number {
    const end = this.text.indexOf('\n', at);
    return end === -1 ? this.length : end;
  }

  /** A `---` line; any other line starting with `---` or `...`, or a directive, is left to `yaml`. */
  private isMarker(lineStart: number): boolean {
    const text = this.text;
    if (text.startsWith('---', lineStart)) {
      const after = lineStart + 3;
      if (after >= this.length || text.charCodeAt(after) === Code.LineFeed) return true;
      giveUp();
    }
    if (text.startsWith('...', lineStart) || text.charCodeAt(lineStart) === 37 /* % */) giveUp();
    return false;
  }

  private isSequenceItem(at: number): boolean {
    if (this.text.charCodeAt(at) !== Code.Dash) return false;
    const next = this.text.charCodeAt(at + 1);
    return at + 1 >= this.length || next === Code.Space || next === Code.LineFeed;
  }

  /**
   * End of a key at `at` (the offset of its colon) when a block mapping entry starts there, else -1: a plain
   * key, or a quoted one on its line without escapes (`"helm.sh/hook": pre-install`, as Helm writes them).
   */
  private keyEnd(at: number): number {
    const text = this.text;
    let end = at;
    const first = text.charCodeAt(end);
    if (first === 34 || first === 39) {
      // On its line only: a search to the end of the text from every quote would be quadratic.
      const lineEnd = this.lineEnd(at);
      const close = this.find(first, at + 1, lineEnd);
      if (close === -1 || close - at > maxKeyLength) return -1;
      end = close + 1;
      if (text.charCodeAt(end) !== Code.Colon) return -1;
      const after = text.charCodeAt(end + 1);
      if (end + 1 < this.length && after !== Code.Space && after !== Code.LineFeed) return -1;
      // Escapes and a quote doubled in a single-quoted key are `yaml`'s to read.
      if (this.find(first === 34 ? 92 : 39, at + 1, close) !== -1) giveUp();
      return end;
    }
    if (!isKeyStart(first)) return -1;
    end++;
    while (isKeyCharacter(text.charCodeAt(end))) end++;
    if (text.charCodeAt(end) !== Code.Colon) return -1;
    const after = text.charCodeAt(end + 1);
    if (end + 1 < this.length && after !== Code.Space && after !== Code.LineFeed) return -1;
    if (end - at > maxKeyLength) giveUp();
    return end;
  }

  /** Checks the line after an inline value: a more indented content line would continue it, which `yaml` reads. */
  private endInlineValue(valueEnd: number, parentIndent: number): number {
    const text = this.text;
    let at = valueEnd;
    while (text.charCodeAt(at) === Code.Space) at++;
    if (at < this.length && text.charCodeAt(at) === Code.Hash) {
      if (at === valueEnd) giveUp();
      at = this.lineEnd(at);
    }
    let nodeEnd: number;
    if (at >= this.length) nodeEnd = this.length;
    else if (text.charCodeAt(at) === Code.LineFeed) nodeEnd = at + 1;
    else giveUp();
    this.pos = nodeEnd;
    const next = this.skipBlankLines(nodeEnd);
    if (next < this.length && this.indentAt(next) > parentIndent) giveUp();
    return nodeEnd;
  }

  // -------------------------------------------------------------------------------------------
  // Block collections

  private enter(): void {
    if (++this.depth > maxDepth) giveUp();
  }

  private newMap(items: Pair[]): YAMLMap {
    const map = Object.create(this.mapPrototype) as YAMLMap;
    map.items = items;
    return map;
  }

  private newSeq(items: Node[]): YAMLSeq {
    const sequence = Object.create(this.seqPrototype) as YAMLSeq;
    sequence.items = items;
    return sequence;
  }

  /**
   * The items read since `base`, as an array of their own: collections gather their items on one stack
   * (a nested one's above its parent's), so that each gets an array of its size rather than a grown one.
   */
  private takePending<T>(base: number): T[] {
    const items = this.pending.slice(base) as T[];
    this.pending.length = base;
    return items;
  }

  private parseBlockMap(indent: number, firstKey: number): YAMLMap {
    this.enter();
    const base = this.pending.length;
    let keys: Set<string> | undefined;
    let keyStart = firstKey;
    let end = firstKey;
    for (;;) {
      const keyEnd = this.keyEnd(keyStart);
      if (keyEnd === -1) giveUp();
      const quote = this.text.charCodeAt(keyStart);
      let key: Scalar;
      if (quote === 34 || quote === 39) {
        const value = this.sliceShared(keyStart + 1, keyEnd - 1);
        key = new ScalarNode(value, value, quote === 34 ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', keyStart, keyEnd, keyEnd);
      } else {
        key = this.resolvePlain(this.sliceShared(keyStart, keyEnd), keyStart, keyEnd, keyEnd);
      }
      if (typeof key.value !== 'string') giveUp();
      keys = addUniqueKey(this.pending, base, key.value, keys);
      const value = this.parseBlockValue(indent, keyEnd + 1, true);
      this.pending.push(newPair(key, value));
      end = nodeEndOf(value);
      const lineStart = this.skipBlankLines(this.pos);
      if (lineStart >= this.length) break;
      const lineIndent = this.indentAt(lineStart);
      if (lineIndent < indent) break;
      if (lineIndent > indent) giveUp();
      if (indent === 0 && this.isMarker(lineStart)) break;
      keyStart = lineStart + lineIndent;
    }
    const map = this.newMap(this.takePending(base));
    map.range = [firstKey, end, end];
    this.depth--;
    return map;
  }

  private parseBlockSequence(indent: number, firstDash: number): YAMLSeq {
    this.enter();
    const base = this.pending.length;
    let dash = firstDash;
    let end = firstDash;
    for (;;) {
      let at = dash + 1;
      while (this.text.charCodeAt(at) === Code.Space) at++;
      let item: Node;
      if (at < this.length && this.text.charCodeAt(at) !== Code.LineFeed && this.keyEnd(at) !== -1) {
        item = this.parseBlockMap(at - dash + indent, at);
      } else {
        if (this.isSequenceItem(at)) giveUp();
        item = this.parseBlockValue(indent, dash + 1, false);
      }
      this.pending.push(item);
      end = nodeEndOf(item);
      const lineStart = this.skipBlankLines(this.pos);
      if (lineStart >= this.length) break;
      const lineIndent = this.indentAt(lineStart);
      if (lineIndent < indent) break;
      if (lineIndent > indent) giveUp();
      if (indent === 0 && this.isMarker(lineStart)) break;
      if (!this.isSequenceItem(lineStart + lineIndent)) {
        // A sequence as deep as the keys of its mapping: `yaml` puts the comment lines after it in its range.
        if (this.find(Code.Hash, this.pos, lineStart) !== -1) giveUp();
        break;
      }
      dash = lineStart + lineIndent;
    }
    const sequence = this.newSeq(this.takePending(base));
    sequence.range = [firstDash, end, end];
    this.depth--;
    return sequence;
  }

  /** The value after `key:` or `-` (at `from`), inline or on the lines below; leaves pos at the next line. */
  private parseBlockValue(parentIndent: number, from: number, inMap: boolean): Node {
    const text = this.text;
    let at = from;
    while (text.charCodeAt(at) === Code.Space) at++;
    const code = at < this.length ? text.charCodeAt(at) : Code.LineFeed;
    if (code === Code.LineFeed || code === Code.Hash) {
      if (code === Code.Hash && at === from) giveUp();
      const lineEnd = this.lineEnd(at);
      const nextLine = lineEnd < this.length ? lineEnd + 1 : this.length;
      const lineStart = this.skipBlankLines(nextLine);
      if (lineStart < this.length) {
        const lineIndent = this.indentAt(lineStart);
        const first = lineStart + lineIndent;
        if (lineIndent > parentIndent && !(lineIndent === 0 && this.isMarker(lineStart))) {
          if (this.isSequenceItem(first)) return this.parseBlockSequence(lineIndent, first);
          if (this.keyEnd(first) !== -1) return this.parseBlockMap(lineIndent, first);
          // A scalar or a flow collection on the line below its key, as Helm's toYaml writes an empty one
          // (`resources:` then `{}`); with a comment or a blank line between, or a block scalar, it is `yaml`'s.
          const below = text.charCodeAt(first);
          if (code !== Code.LineFeed || lineStart !== nextLine || below === 124 || below === 62) giveUp();
          return this.parseInlineValue(first, below, parentIndent);
        }
        if (inMap && lineIndent === parentIndent && this.isSequenceItem(first)) {
          return this.parseBlockSequence(lineIndent, first);
        }
      }
      // Nothing: a null, whose range ends after a comment on its line but before a bare line break;
      // comment lines below a bare null join its range in `yaml`, which is left to read them.
      if (code === Code.LineFeed && this.find(Code.Hash, nextLine, lineStart) !== -1) giveUp();
      const nodeEnd = code === Code.Hash ? nextLine : at;
      this.pos = nextLine;
      return this.resolvePlain('', at, at, nodeEnd);
    }
    return this.parseInlineValue(at, code, parentIndent);
  }

  /** A value that starts at `at` (its first character `code`): a scalar, a flow collection or a block scalar. */
  private parseInlineValue(at: number, code: number, parentIndent: number): Node {
    const text = this.text;
    switch (code) {
      case 34 /* " */:
      case 39 /* ' */:
        {
          const value = code === 34 ? this.readDoubleQuoted(at, parentIndent) : this.readSingleQuoted(at, parentIndent);
          const valueEnd = this.quotedEnd;
          const nodeEnd = this.endInlineValue(valueEnd, parentIndent);
          return new ScalarNode(value, value, code === 34 ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', at, valueEnd, nodeEnd);
        }
      case 123 /* { */:
      case 91 /* [ */:
        {
          const collection = this.parseFlowCollection(at);
          const valueEnd = (collection.range as Range)[1];
          const nodeEnd = this.endInlineValue(valueEnd, parentIndent);
          collection.range = [at, valueEnd, nodeEnd];
          return collection;
        }
      case 124 /* | */:
      case 62 /* > */:
        return this.parseBlockScalar(at, parentIndent);
    }
    if (!isPlainStart(code) || (code === Code.Dash && this.isSequenceItem(at))) giveUp();
    // A plain scalar: to the end of the line or a comment, and on over more indented lines.
    const lineEnd = this.lineEnd(at);
    let valueEnd = lineEnd;
    let commented = false;
    for (let hash = this.find(Code.Hash, at, lineEnd); hash !== -1; hash = this.find(Code.Hash, hash + 1, lineEnd)) {
      if (text.charCodeAt(hash - 1) === Code.Space) {
        valueEnd = hash;
        commented = true;
        break;
      }
    }
    while (text.charCodeAt(valueEnd - 1) === Code.Space) valueEnd--;
    let source = this.sliceShared(at, valueEnd);
    if (source.includes(': ') || source.charCodeAt(source.length - 1) === Code.Colon) giveUp();
    // Most values end with their line: the next content line, which endInlineValue reads again, is no deeper.
    const next = this.skipBlankLines(lineEnd < this.length ? lineEnd + 1 : this.length);
    if (next < this.length && this.indentAt(next) > parentIndent) {
      // A comment ends the scalar, and what is below it is then `yaml`'s to judge.
      if (commented) giveUp();
      source = this.continuePlain(source, lineEnd, parentIndent);
      valueEnd = this.continuedEnd;
    }
    const nodeEnd = this.endInlineValue(valueEnd, parentIndent);
    return this.resolvePlain(source, at, valueEnd, nodeEnd);
  }

  /** Where a plain scalar's text on this line ends: before a comment (` #`) and the spaces before it. */
  private plainLineEnd(from: number, lineEnd: number): number {
    const text = this.text;
    let end = lineEnd;
    for (let hash = this.find(Code.Hash, from, lineEnd); hash !== -1; hash = this.find(Code.Hash, hash + 1, lineEnd)) {
      if (text.charCodeAt(hash - 1) === Code.Space) {
        end = hash;
        break;
      }
    }
    return this.trimmedEnd(from, end);
  }

  private trimmedEnd(from: number, end: number): number {
    let trimmed = end;
    while (trimmed > from && this.text.charCodeAt(trimmed - 1) === Code.Space) trimmed--;
    return trimmed;
  }

  /**
   * A plain scalar's value folded over the more indented lines that continue it (a long description, as
   * generated CRDs wrap them): a line break between two lines is a space, and each empty line a line feed.
   * Called when the next content line is more indented; the end of the last line goes to continuedEnd. A
   * comment, or a line that reads as a key, is left to `yaml`.
   */
  private continuePlain(firstLine: string, firstLineEnd: number, parentIndent: number): string {
    const text = this.text;
    let value = firstLine;
    let emptyLines = 0;
    let lineStart = firstLineEnd + 1;
    while (lineStart < this.length) {
      const indent = this.indentAt(lineStart);
      const first = lineStart + indent;
      if (first >= this.length) break;
      const code = text.charCodeAt(first);
      if (code === Code.LineFeed) {
        emptyLines++;
        lineStart = first + 1;
        continue;
      }
      if (indent <= parentIndent) break;
      // Any character but a comment's continues it, indicators too (`- `, `"In"`, `{key,value}`), as `yaml` reads.
      if (code === Code.Hash) giveUp();
      const lineEnd = this.lineEnd(first);
      const end = this.plainLineEnd(first, lineEnd);
      if (end !== this.trimmedEnd(first, lineEnd)) giveUp();
      const line = text.slice(first, end);
      if (line.includes(': ') || line.charCodeAt(line.length - 1) === Code.Colon) giveUp();
      value = `${value}${emptyLines === 0 ? ' ' : '\n'.repeat(emptyLines)}${line}`;
      emptyLines = 0;
      this.continuedEnd = end;
      lineStart = lineEnd + 1;
    }
    return value;
  }

  /**
   * `|`, `|-`, `>` or `>-` with an indented body. Other headers, blank first lines, whitespace-only lines, and
   * the more indented lines of a folded scalar (which keep their line breaks) go to `yaml`.
   */
  private parseBlockScalar(header: number, parentIndent: number): Scalar {
    const text = this.text;
    const folded = text.charCodeAt(header) === 62;
    let at = header + 1;
    const strip = text.charCodeAt(at) === Code.Dash;
    if (strip) at++;
    if (text.charCodeAt(at) !== Code.LineFeed) giveUp();
    let lineStart = at + 1;
    const blockIndent = this.indentAt(lineStart);
    if (blockIndent <= parentIndent || text.charCodeAt(lineStart + blockIndent) === Code.LineFeed) giveUp();
    const lines: string[] = [];
    let pendingEmpty = 0;
    let contentEnd = lineStart;
    while (lineStart < this.length) {
      const indent = this.indentAt(lineStart);
      const first = lineStart + indent;
      if (first >= this.length) giveUp();
      if (text.charCodeAt(first) === Code.LineFeed) {
        if (indent !== 0) giveUp();
        pendingEmpty++;
        lineStart = first + 1;
        continue;
      }
      if (indent < blockIndent) break;
      if (folded && indent > blockIndent) giveUp();
      const lineEnd = this.lineEnd(first);
      if (lineEnd >= this.length) giveUp();
      // A folded scalar's line break is a space, unless empty lines stand for themselves.
      if (folded && lines.length > 0 && pendingEmpty === 0) lines.push(`${lines.pop()} ${text.slice(first, lineEnd)}`);
      else {
        if (folded && lines.length > 0) pendingEmpty--;
        for (; pendingEmpty > 0; pendingEmpty--) lines.push('');
        lines.push(text.slice(lineStart + blockIndent, lineEnd));
      }
      contentEnd = lineEnd + 1;
      lineStart = contentEnd;
    }
    const value = strip ? lines.join('\n') : `${lines.join('\n')}\n`;
    this.pos = contentEnd;
    const next = this.skipBlankLines(contentEnd);
    if (next < this.length && this.indentAt(next) > parentIndent) giveUp();
    return new ScalarNode(value, value, folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL', header, contentEnd, contentEnd);
  }

  // -------------------------------------------------------------------------------------------
  // Flow collections, on one line

  private skipSpaces(from: number): number {
    let at = from;
    while (this.text.charCodeAt(at) === Code.Space) at++;
    return at;
  }

  /** A `{...}` or `[...]` on one line; its range ends after the bracket, plus the spaces after it. */
  private parseFlowCollection(open: number): YAMLMap | YAMLSeq {
    this.enter();
    const text = this.text;
    const isMap = text.charCodeAt(open) === 123;
    const close = isMap ? 125 : 93;
    const base = this.pending.length;
    let keys: Set<string> | undefined;
    let at = this.skipSpaces(open + 1);
    if (text.charCodeAt(at) !== close) {
      for (;;) {
        if (isMap) {
          const keyEnd = this.flowKeyEnd(at);
          const key = this.resolvePlain(this.sliceShared(at, keyEnd), at, keyEnd, keyEnd);
          if (typeof key.value !== 'string') giveUp();
          keys = addUniqueKey(this.pending, base, key.value, keys);
          const value = this.parseFlowValue(this.skipSpaces(keyEnd + 1));
          this.pending.push(newPair(key, value));
          at = nodeEndOf(value);
        } else {
          const item = this.parseFlowValue(at);
          this.pending.push(item);
          at = nodeEndOf(item);
        }
        const code = text.charCodeAt(at);
        if (code === close) break;
        if (code !== 44 /* , */) giveUp();
        at = this.skipSpaces(at + 1);
        if (text.charCodeAt(at) === close || text.charCodeAt(at) === (isMap ? 93 : 125)) giveUp();
      }
    }
    const collection = isMap ? this.newMap(this.takePending(base)) : this.newSeq(this.takePending(base));
    collection.flow = true;
    const valueEnd = at + 1;
    collection.range = [open, valueEnd, this.skipSpaces(valueEnd)];
    this.depth--;
    return collection;
  }

  private flowKeyEnd(at: number): number {
    const text = this.text;
    let end = at;
    if (!isKeyStart(text.charCodeAt(end))) giveUp();
    end++;
    while (isKeyCharacter(text.charCodeAt(end))) end++;
    if (text.charCodeAt(end) !== Code.Colon || text.charCodeAt(end + 1) !== Code.Space) giveUp();
    return end;
  }

  private parseFlowValue(at: number): Node {
    const text = this.text;
    const code = text.charCodeAt(at);
    if (code === 34 || code === 39) {
      const value = code === 34 ? this.readDoubleQuoted(at) : this.readSingleQuoted(at);
      const valueEnd = this.quotedEnd;
      const nodeEnd = this.skipSpaces(valueEnd);
      if (text.charCodeAt(nodeEnd) === Code.Colon) giveUp();
      return new ScalarNode(value, value, code === 34 ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', at, valueEnd, nodeEnd);
    }
    if (code === 123 || code === 91) return this.parseFlowCollection(at);
    if (!isPlainStart(code) || code === Code.Dash) giveUp();
    let end = at;
    for (;;) {
      const next = text.charCodeAt(end);
      if (next === 44 || next === 93 || next === 125) break;
      if (next === Code.Colon || next === Code.Hash || next === Code.LineFeed || end >= this.length) giveUp();
      if (next === 91 || next === 123) giveUp();
      end++;
    }
    let valueEnd = end;
    while (text.charCodeAt(valueEnd - 1) === Code.Space) valueEnd--;
    return this.resolvePlain(this.sliceShared(at, valueEnd), at, valueEnd, end);
  }

  // -------------------------------------------------------------------------------------------
  // Scalars

  /**
   * The text from start to end. Keys and short values repeat in every object (`name`, `image`, `ports`,
   * `TCP`): one already made is taken from a small table, checked against the text, instead of a copy.
   */
  private sliceShared(start: number, end: number): string {
    const length = end - start;
    if (length === 0 || length > sharedStringMaxLength) return this.text.slice(start, end);
    const text = this.text;
    let hash = length;
    for (let at = start; at < end; at++) hash = (Math.imul(hash, 31) + text.charCodeAt(at)) | 0;
    const slot = hash & (sharedStrings.length - 1);
    const known = sharedStrings[slot];
    if (known !== undefined && known.length === length && text.startsWith(known, start)) return known;
    const made = text.slice(start, end);
    sharedStrings[slot] = made;
    return made;
  }

  /**
   * A double-quoted scalar's value; its end (after the quote) goes to quotedEnd. In a block value
   * (`continuedBelow`, the indentation of its parent) it may go on over more indented lines.
   */
  private readDoubleQuoted(open: number, continuedBelow = -1): string {
    const text = this.text;
    let lineEnd = this.lineEnd(open);
    const close = this.find(34, open + 1, lineEnd);
    if (close !== -1 && this.find(92 /* \ */, open + 1, close) === -1) {
      this.quotedEnd = close + 1;
      return this.sliceShared(open + 1, close);
    }
    // The lines read so far, each folded: one string per line, so that trimming a line never copies the rest.
    const lines: string[] = [];
    let line = '';
    // What an escape wrote (a line feed, a tab) is text, not the spaces that a line break folds away.
    let escapedTo = 0;
    let at = open + 1;
    for (;;) {
      if (at >= lineEnd) {
        lines.push(trimSpaces(line, escapedTo), this.foldQuotedLines(lineEnd, continuedBelow));
        line = '';
        escapedTo = 0;
        at = this.quotedLineStart;
        lineEnd = this.lineEnd(at);
        continue;
      }
      const code = text.charCodeAt(at);
      if (code === 34) {
        this.quotedEnd = at + 1;
        lines.push(line);
        return lines.join('');
      }
      if (code === 92 /* \ */) {
        const escaped = text[at + 1];
        if (escaped === '\n') {
          // An escaped line break is no space, and keeps the spaces before it (kubectl writes long strings so).
          if (this.foldQuotedLines(at + 1, continuedBelow) !== ' ') giveUp();
          lines.push(line);
          line = '';
          escapedTo = 0;
          at = this.quotedLineStart;
          lineEnd = this.lineEnd(at);
          continue;
        }
        const hexDigits = escaped === 'x' ? 2 : escaped === 'u' ? 4 : escaped === 'U' ? 8 : 0;
        if (hexDigits > 0) {
          line += this.hexEscape(at + 2, hexDigits);
          at += 2 + hexDigits;
        } else {
          const replacement = escaped === undefined ? undefined : escapes[escaped];
          if (replacement === undefined) giveUp();
          line += replacement;
          at += 2;
        }
        escapedTo = line.length;
      } else {
        // The text up to the next quote, escape or line end, in one piece.
        let stop = at + 1;
        while (stop < lineEnd) {
          const next = text.charCodeAt(stop);
          if (next === 34 || next === 92) break;
          stop++;
        }
        line += text.slice(at, stop);
        at = stop;
      }
    }
  }

  /** The character of a `\x`, `\u` or `\U` escape: `digits` hexadecimal digits from `at`, or `yaml`'s to report. */
  private hexEscape(at: number, digits: number): string {
    const hex = this.text.slice(at, at + digits);
    if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) giveUp();
    const code = Number.parseInt(hex, 16);
    if (code > 0x10ffff) giveUp();
    return String.fromCodePoint(code);
  }

  /** A single-quoted scalar's value; its end (after the quote) goes to quotedEnd. Multi-line as readDoubleQuoted. */
  private readSingleQuoted(open: number, continuedBelow = -1): string {
    const text = this.text;
    let lineEnd = this.lineEnd(open);
    const lines: string[] = [];
    let at = open + 1;
    for (;;) {
      // The closing quote is looked for on this line only: searching on from every line would be quadratic.
      const close = this.find(39, at, lineEnd);
      if (close === -1) {
        // A doubled quote before is no space: only this line's last piece can end in the spaces a break folds.
        lines.push(trimSpaces(text.slice(at, lineEnd), 0), this.foldQuotedLines(lineEnd, continuedBelow));
        at = this.quotedLineStart;
        lineEnd = this.lineEnd(at);
        continue;
      }
      lines.push(text.slice(at, close));
      if (text.charCodeAt(close + 1) !== 39) {
        this.quotedEnd = close + 1;
        return lines.length === 1 ? (lines[0] as string) : lines.join('');
      }
      lines.push("'");
      at = close + 2;
    }
  }

  /**
   * The line break at `lineEnd` inside a quoted scalar, folded: a space, or a line feed for each empty line
   * after it. The next line's text (past its indentation) starts at quotedLineStart; it must be more indented
   * than the scalar's parent (`continuedBelow`; -1 in a flow collection, where the fast path reads one line).
   */
  private foldQuotedLines(lineEnd: number, continuedBelow: number): string {
    if (continuedBelow < 0 || lineEnd >= this.length) giveUp();
    const text = this.text;
    let emptyLines = 0;
    let lineStart = lineEnd + 1;
    for (;;) {
      const indent = this.indentAt(lineStart);
      const first = lineStart + indent;
      if (first >= this.length) giveUp();
      if (text.charCodeAt(first) !== Code.LineFeed) {
        if (indent <= continuedBelow) giveUp();
        this.quotedLineStart = first;
        return emptyLines === 0 ? ' ' : '\n'.repeat(emptyLines);
      }
      emptyLines++;
      lineStart = first + 1;
    }
  }

  /** A plain scalar resolved as `yaml` resolves it: the first default tag whose test matches. */
  private resolvePlain(source: string, start: number, valueEnd: number, nodeEnd: number): Scalar {
    let tag = startsOnlyStrings(source) ? this.stringTag : tagCache.get(source);
    if (tag === undefined) {
      tag = this.tags.find((candidate) => candidate.default === true && candidate.test?.test(source)) ?? this.stringTag;
      if (tagCache.size >= tagCacheLimit) tagCache.clear();
      tagCache.set(source, tag);
    }
    // Most plain scalars are strings, which resolve to their source.
    const resolved = tag === this.stringTag ? source : tag.resolve(source, giveUp, this.documentOptions);
    let scalar: Scalar;
    if (typeof resolved === 'object' && resolved instanceof Scalar) {
      scalar = resolved;
      scalar.range = [start, valueEnd, nodeEnd];
      scalar.source = source;
      scalar.type = 'PLAIN';
    } else scalar = new ScalarNode(resolved, source, 'PLAIN', start, valueEnd, nodeEnd);
    if (tag.format) scalar.format = tag.format;
    return scalar;
  }
}

/**
 * Checks a mapping's next key against the pairs it has, `pending` from `base` (a repeated key goes to `yaml`,
 * which reports it). Most mappings have a few keys, searched in place; a long one keeps a set of them.
 */
function addUniqueKey(
  pending: readonly unknown[],
  base: number,
  key: string,
  keys: Set<string> | undefined,
): Set<string> | undefined {
  if (keys !== undefined) {
    if (keys.has(key)) giveUp();
    keys.add(key);
    return keys;
  }
  for (let index = base; index < pending.length; index++) {
    if (((pending[index] as Pair).key as Scalar).value === key) giveUp();
  }
  if (pending.length - base < uniqueKeysSearched) return undefined;
  const long = new Set<string>();
  for (let index = base; index < pending.length; index++)
    long.add(((pending[index] as Pair).key as Scalar).value as string);
  long.add(key);
  return long;
}

/** The value without the spaces it ends in, down to `floor` at most. */
function trimSpaces(value: string, floor: number): string {
  let end = value.length;
  while (end > floor && value.charCodeAt(end - 1) === Code.Space) end--;
  return end === value.length ? value : value.slice(0, end);
}

/** Past this many keys a mapping's keys are kept in a set. */
const uniqueKeysSearched = 16;

/** The escapes of a double-quoted scalar, as `yaml` reads them (a tab, after a backslash too, is never read here). */
const escapes: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

/** Key characters the fast path accepts: letters, digits, `_`, `.`, `/`, `-` (not first). */
function isKeyStart(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 46 ||
    code === 47
  );
}

function isKeyCharacter(code: number): boolean {
  return isKeyStart(code) || code === Code.Dash;
}

/** Plain scalars may not start with an indicator; those starts are left to `yaml`. */
function isPlainStart(code: number): boolean {
  switch (code) {
    case 33: // !
    case 34: // "
    case 35: // #
    case 37: // %
    case 38: // &
    case 39: // '
    case 42: // *
    case 44: // ,
    case 58: // :
    case 62: // >
    case 63: // ?
    case 64: // @
    case 91: // [
    case 93: // ]
    case 96: // `
    case 123: // {
    case 124: // |
    case 125: // }
      return false;
    default:
      return code > 32;
  }
}
