// Text edits that add or change YAML entries while keeping comments and formatting around them.
import { isMap, isScalar, type Pair, parse, stringify, type YAMLMap } from 'yaml';
import { getPair, keyText, nodeRange, pairRange } from '../documents/yaml.ts';
import { withinEditDistance } from '../suggest.ts';
import type { TextEdit } from '../types.ts';

/** A string as a YAML 1.1 scalar that Kubernetes and kubectl read back as the same string (quotes `yes`, `123`...). */
export function yamlString(value: string): string {
  return stringify(value, { version: '1.1', lineWidth: 0 }).trimEnd();
}

/** Column (0-based) at which the keys of a block mapping start. */
export function mappingIndent(text: string, map: YAMLMap): number {
  const first = map.items[0]?.key as { range?: [number, number, number] } | undefined;
  const start = first?.range?.[0] ?? map.range?.[0] ?? 0;
  // A byte order mark before the first key takes no column for YAML.
  return text.slice(text.lastIndexOf('\n', start - 1) + 1, start).replace(/\ufeff/g, '').length;
}

/** A value that is not written at all (`key:` followed by nothing but a comment). */
function isNothing(node: unknown): boolean {
  if (!isScalar(node) || node.value !== null) return false;
  const range = node.range;
  return range !== undefined && range !== null && range[0] === range[1];
}

function isFlow(map: YAMLMap): boolean {
  return map.flow === true;
}

/** The end of the line on which a mapping's content ends, before any trailing comment's line break. */
function endOfContentLine(text: string, map: YAMLMap): number {
  let end = nodeRange(map)[1];
  while (end > 0 && /\s/.test(text[end - 1] ?? '')) end--;
  const lineBreak = text.indexOf('\n', end);
  // A CR is half of a CRLF only when the LF follows: a lone CR at the end of the text stays before the insertion.
  if (lineBreak === -1) return text.length;
  return text[lineBreak - 1] === '\r' ? lineBreak - 1 : lineBreak;
}

/**
 * Adds `key: value` to a mapping (block or flow). `valueLines` is the YAML of the value as lines,
 * the first on the key's line and the rest indented relative to the key.
 */
export function addMapEntry(text: string, map: YAMLMap, key: string, valueLines: readonly string[]): TextEdit {
  if (isFlow(map)) {
    const [start, end] = nodeRange(map);
    const entry = flowEntry(text, map, key, valueLines.map((line) => line.trim()).join(' '));
    const last = map.items[map.items.length - 1];
    if (!last) return { range: [start, end], text: `{ ${entry} }` };
    // Right after the last entry, so that `{ a: 1 }` becomes `{ a: 1, b: 2 }`.
    const after = pairRange(last)[1];
    // `[a: 1]` is a mapping without braces inside a sequence: add them, or the entry becomes a new item.
    if (text[start] !== '{') return { range: [start, after], text: `{ ${text.slice(start, after)}, ${entry} }` };
    return { range: [after, after], text: `, ${entry}` };
  }
  const indent = ' '.repeat(mappingIndent(text, map));
  const offset = endOfContentLine(text, map);
  const [first = '', ...rest] = valueLines;
  const lines = [`${indent}${key}: ${first}`.trimEnd(), ...rest.map((line) => `${indent}${line}`)];
  return { range: [offset, offset], text: `\n${lines.join('\n')}` };
}

/** `key: value` in a flow mapping; in one written as JSON (a .json manifest), JSON, so that kubectl still reads the file. */
function flowEntry(text: string, map: YAMLMap, key: string, flowValue: string): string {
  return isJsonStyle(text, map) ? jsonEntry(key, flowValue) : `${key}: ${flowValue}`;
}

/** A flow mapping whose keys are double-quoted, as JSON writes them; an empty one, when its own key is. */
function isJsonStyle(text: string, map: YAMLMap): boolean {
  if (map.items.length > 0) {
    return map.items.every((pair) => isScalar(pair.key) && pair.key.type === 'QUOTE_DOUBLE');
  }
  return /"\s*:\s*$/.test(text.slice(Math.max(0, nodeRange(map)[0] - 200), nodeRange(map)[0]));
}

/** `"key": value` with the YAML flow value written as JSON, on one line: `"securityContext": { "runAsNonRoot": true }`. */
function jsonEntry(key: string, flowValue: string): string {
  let value: unknown;
  try {
    value = parse(flowValue, { version: '1.1' });
  } catch {
    // Not ours to rewrite: the entry stays YAML, and --fix leaves a JSON file it would break as it is.
    return `${key}: ${flowValue}`;
  }
  return `${JSON.stringify(key)}: ${JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ')}`;
}

/**
 * The entry of a mapping whose key is a near miss of `key` (`securityContex:` for `securityContext`,
 * `RunAsNonRoot` for `runAsNonRoot`): a typo the API server ignores or refuses. `'ambiguous'` when
 * several are.
 */
export function nearMissEntry(map: YAMLMap, key: string): Pair | 'ambiguous' | undefined {
  const wanted = key.toLowerCase();
  // One edit in a short key, two in a long one: `name` and `names` stay different fields.
  const allowed = key.length >= 8 ? 2 : 1;
  const found = map.items.filter((pair) => {
    const text = keyText(pair);
    return text !== undefined && text !== key && withinEditDistance(text.toLowerCase(), wanted, allowed);
  });
  if (found.length > 1) return 'ambiguous';
  return found[0];
}

/**
 * Sets `path.key: value` below a mapping, creating the missing mappings on the way (block style,
 * two-space steps). A misspelt mapping on the path (`securityContex:`) is renamed and used rather
 * than left beside a new one. Returns the edit, or undefined when something on the path is not a
 * mapping, or when `key` itself has a near miss there (the schema check offers its rename).
 */
export function setMapPath(
  text: string,
  map: YAMLMap,
  path: readonly string[],
  key: string,
  value: string,
): TextEdit | undefined {
  let current = map;
  let depth = 0;
  const renames: TextEdit[] = [];
  while (depth < path.length) {
    const segment = path[depth] ?? '';
    let pair: Pair | undefined = getPair(current, segment);
    if (pair === undefined) {
      const nearMiss = nearMissEntry(current, segment);
      if (nearMiss === 'ambiguous') return undefined;
      if (nearMiss) {
        const value = nearMiss.value;
        // A misspelt key holding something other than a mapping is not ours to reinterpret.
        if (!isMap(value) && !(value === null || isNothing(value))) return undefined;
        renames.push({ range: nodeRange(nearMiss.key as never), text: segment });
        pair = nearMiss;
      }
    }
    const next = pair?.value;
    if (next === undefined || next === null || isNothing(next)) break;
    if (!isMap(next)) return undefined;
    current = next;
    depth++;
  }
  const edit = setInMapPath(text, current, path.slice(depth), key, value);
  if (!edit) return undefined;
  return renames.length === 0 ? edit : combineEdits(text, [...renames, edit]);
}

function setInMapPath(
  text: string,
  current: YAMLMap,
  remaining: readonly string[],
  key: string,
  value: string,
): TextEdit | undefined {
  const atEnd = remaining.length === 0;
  const existing = atEnd ? getPair(current, key) : undefined;
  if (existing?.value) {
    if (isNothing(existing.value)) {
      // `key:` with nothing after it: the value goes after the colon.
      const keyEnd = (existing.key as { range?: [number, number, number] })?.range?.[1] ?? 0;
      const colon = text.indexOf(':', keyEnd) + 1;
      return { range: [colon, colon], text: ` ${value}` };
    }
    return { range: nodeRange(existing.value as never), text: value };
  }
  if (atEnd) {
    // A misspelt `key` beside the one added would stay a typo: offer nothing (input/schema offers the rename).
    if (!existing && nearMissEntry(current, key) !== undefined) return undefined;
    return addMapEntry(text, current, key, [value]);
  }
  const first = remaining[0] ?? '';
  // `securityContext:` with nothing after it (a comment at most), or its misspelling, being renamed.
  const emptyParent = getPair(current, first) ?? emptyNearMiss(current, first);
  if (isFlow(current) && emptyParent === undefined) {
    // Inside `{ ... }` the missing mappings are written in flow style too: `a: { b: value }`.
    const nested = remaining
      .slice(1)
      .reduceRight((inner, segment) => `{ ${segment}: ${inner} }`, `{ ${key}: ${value} }`);
    return addMapEntry(text, current, first, [nested]);
  }
  const lines: string[] = [];
  for (const [level, segment] of remaining.entries()) lines.push(`${'  '.repeat(level)}${segment}:`);
  lines.push(`${'  '.repeat(remaining.length)}${key}: ${value}`);
  const [firstKey = '', ...nested] = lines;
  const separator = firstKey.indexOf(':');
  if (emptyParent) {
    // The new lines go below it.
    const keyEnd = (emptyParent.key as { range?: [number, number, number] })?.range?.[1] ?? 0;
    const keyIndent = ' '.repeat(mappingIndent(text, current));
    const body = nested.map((line) => `${keyIndent}${line}`).join('\n');
    const lineEnd = endOfLine(text, keyEnd);
    return { range: [lineEnd, lineEnd], text: `\n${body}` };
  }
  return addMapEntry(text, current, firstKey.slice(0, separator), ['', ...nested]);
}

function emptyNearMiss(map: YAMLMap, key: string): Pair | undefined {
  const nearMiss = nearMissEntry(map, key);
  return nearMiss && nearMiss !== 'ambiguous' && (nearMiss.value === null || isNothing(nearMiss.value))
    ? nearMiss
    : undefined;
}

/** Several edits of one text as one, spanning them all (they must not overlap). */
function combineEdits(text: string, edits: readonly TextEdit[]): TextEdit {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const start = sorted[0]?.range[0] ?? 0;
  let end = start;
  let replacement = '';
  for (const edit of sorted) {
    replacement += text.slice(end, edit.range[0]) + edit.text;
    end = Math.max(end, edit.range[1]);
  }
  return { range: [start, end], text: replacement };
}

function endOfLine(text: string, offset: number): number {
  const lineBreak = text.indexOf('\n', offset);
  const end = lineBreak === -1 ? text.length : lineBreak;
  return text[end - 1] === '\r' ? end - 1 : end;
}

/**
 * Adds `key: value` right after the entry `afterKey` of a mapping (`namespace:` after `name:`), on its
 * own line in a block mapping. Falls back to the end of the mapping when `afterKey` is absent or its
 * value spans several lines.
 */
export function insertMapEntryAfter(
  text: string,
  map: YAMLMap,
  afterKey: string,
  key: string,
  value: string,
): TextEdit {
  const pair = getPair(map, afterKey);
  if (!pair) return addMapEntry(text, map, key, [value]);
  const [start, end] = pairRange(pair);
  if (isFlow(map)) return { range: [end, end], text: `, ${flowEntry(text, map, key, value)}` };
  const lineEnd = endOfLine(text, start);
  if (end > lineEnd) return addMapEntry(text, map, key, [value]);
  const newline = text[lineEnd] === '\r' ? '\r\n' : '\n';
  const indent = ' '.repeat(mappingIndent(text, map));
  return { range: [lineEnd, lineEnd], text: `${newline}${indent}${key}: ${value}` };
}

/** Replaces a scalar's text, keeping its quotes: `"batch/v1beta1"` becomes `"batch/v1"`. */
export function replaceScalarText(text: string, range: readonly [number, number], value: string): TextEdit {
  const quote = text[range[0]];
  if ((quote === '"' || quote === "'") && text[range[1] - 1] === quote && range[1] - range[0] >= 2) {
    return { range: [range[0] + 1, range[1] - 1], text: value };
  }
  return { range: [range[0], range[1]], text: value };
}
