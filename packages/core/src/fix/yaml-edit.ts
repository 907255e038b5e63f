// Text edits that add or change YAML entries while keeping comments and formatting around them.
import { isMap, type YAMLMap } from 'yaml';
import { getPair, nodeRange } from '../documents/yaml.ts';
import type { TextEdit } from '../types.ts';

/** Column (0-based) at which the keys of a block mapping start. */
export function mappingIndent(text: string, map: YAMLMap): number {
  const first = map.items[0]?.key as { range?: [number, number, number] } | undefined;
  const start = first?.range?.[0] ?? map.range?.[0] ?? 0;
  return start - (text.lastIndexOf('\n', start - 1) + 1);
}

function isFlow(map: YAMLMap): boolean {
  return map.flow === true;
}

/** The end of the line on which a mapping's content ends, before any trailing comment's line break. */
function endOfContentLine(text: string, map: YAMLMap): number {
  let end = nodeRange(map)[1];
  while (end > 0 && /\s/.test(text[end - 1] ?? '')) end--;
  const lineBreak = text.indexOf('\n', end);
  const lineEnd = lineBreak === -1 ? text.length : lineBreak;
  return text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
}

/**
 * Adds `key: value` to a mapping (block or flow). `valueLines` is the YAML of the value as lines,
 * the first on the key's line and the rest indented relative to the key.
 */
export function addMapEntry(text: string, map: YAMLMap, key: string, valueLines: readonly string[]): TextEdit {
  if (isFlow(map)) {
    const [start, end] = nodeRange(map);
    const inner = text.slice(start + 1, end - 1).trim();
    const entry = `${key}: ${valueLines.join(' ')}`;
    const close = text.lastIndexOf('}', end);
    if (inner === '') return { range: [start, end], text: `{ ${entry} }` };
    return { range: [close, close], text: `, ${entry} ` };
  }
  const indent = ' '.repeat(mappingIndent(text, map));
  const offset = endOfContentLine(text, map);
  const [first = '', ...rest] = valueLines;
  const lines = [`${indent}${key}: ${first}`.trimEnd(), ...rest.map((line) => `${indent}${line}`)];
  return { range: [offset, offset], text: `\n${lines.join('\n')}` };
}

/**
 * Sets `path.key: value` below a mapping, creating the missing mappings on the way (block style,
 * two-space steps). Returns the edit, or undefined when something on the path is not a mapping.
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
  while (depth < path.length) {
    const next = getPair(current, path[depth] ?? '')?.value;
    if (next === undefined || next === null) break;
    if (!isMap(next)) return undefined;
    current = next;
    depth++;
  }
  const existing = depth === path.length ? getPair(current, key) : undefined;
  if (existing?.value) {
    return { range: nodeRange(existing.value as never), text: value };
  }
  const remaining = path.slice(depth);
  if (remaining.length === 0) return addMapEntry(text, current, key, [value]);
  const lines: string[] = [];
  for (const [level, segment] of remaining.entries()) lines.push(`${'  '.repeat(level)}${segment}:`);
  lines.push(`${'  '.repeat(remaining.length)}${key}: ${value}`);
  const [firstKey = '', ...nested] = lines;
  const separator = firstKey.indexOf(':');
  const parentEmpty = depth < path.length && getPair(current, path[depth] ?? '') !== undefined;
  if (parentEmpty) {
    // `securityContext:` with nothing after it (a comment at most): the new lines go below it.
    const pair = getPair(current, path[depth] ?? '');
    const keyEnd = (pair?.key as { range?: [number, number, number] })?.range?.[1] ?? 0;
    const keyIndent = ' '.repeat(mappingIndent(text, current));
    const body = nested.map((line) => `${keyIndent}  ${line}`).join('\n');
    const lineEnd = endOfLine(text, keyEnd);
    return { range: [lineEnd, lineEnd], text: `\n${body}` };
  }
  return addMapEntry(text, current, firstKey.slice(0, separator), ['', ...nested]);
}

function endOfLine(text: string, offset: number): number {
  const lineBreak = text.indexOf('\n', offset);
  const end = lineBreak === -1 ? text.length : lineBreak;
  return text[end - 1] === '\r' ? end - 1 : end;
}
