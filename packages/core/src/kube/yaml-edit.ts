// Edits of a kubeconfig as text splices located through the parsed YAML nodes, so that every byte
// outside the changed value stays as it was (comments, key order, quoting, indentation, extensions).
// Layouts the splices do not handle (a flow-style or JSON root) fall back to the Document API.
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { applyEdits } from '../fix/apply.ts';
import { yamlString } from '../fix/yaml-edit.ts';
import type { KubeconfigFile } from './kubeconfig-file.ts';

export interface Splice {
  start: number;
  end: number;
  text: string;
}

export interface NewContext {
  name: string;
  cluster: string;
  user: string | undefined;
  namespace: string;
}

/** A YAML 1.1 scalar as kubectl's decoder reads it back as the same string (quotes `yes`, `123`...). */
export const formatScalar = yamlString;

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Whether the splice editor can work on this file; otherwise edit through the Document API. */
export function canSplice(file: KubeconfigFile): boolean {
  const root = file.document?.contents;
  if (root === undefined || root === null) return true;
  if (!isMap(root) || root.flow === true) return false;
  // A document end marker or a second document would put appended keys in the wrong place.
  return !/^(\.\.\.|---)\s*$/m.test(file.text.slice((root.range?.[2] ?? 0) - 1));
}

export function applySplices(text: string, splices: Splice[]): string {
  return applyEdits(
    text,
    splices.map((splice) => ({ range: [splice.start, splice.end], text: splice.text })),
  );
}

function topLevelPair(file: KubeconfigFile, key: string): Pair<Node, Node | null> | undefined {
  const root = file.document?.contents;
  if (!isMap(root)) return undefined;
  return root.items.find((pair) => isScalar(pair.key) && pair.key.value === key) as Pair<Node, Node | null> | undefined;
}

function appendAtEnd(file: KubeconfigFile, lines: string[]): Splice {
  const eol = eolOf(file.text);
  const needsBreak = file.text.length > 0 && !file.text.endsWith('\n');
  return { start: file.text.length, end: file.text.length, text: `${needsBreak ? eol : ''}${lines.join(eol)}${eol}` };
}

/** Sets a top-level string such as `current-context`. */
export function spliceTopLevelScalar(file: KubeconfigFile, key: string, value: string): Splice {
  const pair = topLevelPair(file, key);
  const formatted = formatScalar(value);
  if (pair === undefined) return appendAtEnd(file, [`${key}: ${formatted}`]);
  const valueNode = pair.value;
  const keyEnd = pair.key.range?.[1] ?? 0;
  if (valueNode === null || valueNode.range === undefined || valueNode.range === null) {
    return { start: keyEnd, end: keyEnd + 1, text: `: ${formatted}` };
  }
  // Replace from the colon so that `key:` with no value gets its space.
  return { start: keyEnd, end: valueNode.range[1], text: `: ${formatted}` };
}

function blockContextLines(indent: string, context: NewContext): string[] {
  const lines = [`${indent}- context:`, `${indent}    cluster: ${formatScalar(context.cluster)}`];
  lines.push(`${indent}    namespace: ${formatScalar(context.namespace)}`);
  if (context.user !== undefined) lines.push(`${indent}    user: ${formatScalar(context.user)}`);
  lines.push(`${indent}  name: ${formatScalar(context.name)}`);
  return lines;
}

function flowContext(context: NewContext): string {
  const body = [`cluster: ${formatScalar(context.cluster)}`, `namespace: ${formatScalar(context.namespace)}`];
  if (context.user !== undefined) body.push(`user: ${formatScalar(context.user)}`);
  return `{context: {${body.join(', ')}}, name: ${formatScalar(context.name)}}`;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The offset just after the line that holds the last content before `offset`. */
function endOfLineAfter(text: string, offset: number): number {
  let last = offset - 1;
  while (last > 0 && /\s/.test(text[last] as string)) last--;
  const newline = text.indexOf('\n', last);
  return newline === -1 ? text.length : newline + 1;
}

/** Adds a context entry to the `contexts` list, in the list's own layout. */
export function spliceAppendContext(file: KubeconfigFile, context: NewContext): Splice {
  const eol = eolOf(file.text);
  const pair = topLevelPair(file, 'contexts');
  if (pair === undefined) return appendAtEnd(file, ['contexts:', ...blockContextLines('', context)]);
  const keyEnd = pair.key.range?.[1] ?? 0;
  const keyColumn = columnOf(file.text, pair.key.range?.[0] ?? 0);
  const seq = pair.value;
  const indent = ' '.repeat(keyColumn);
  if (
    seq === null ||
    seq.range === undefined ||
    seq.range === null ||
    (isScalar(seq) && seq.value === null) ||
    (isSeq(seq) && seq.items.length === 0)
  ) {
    const end = seq?.range?.[1] ?? keyEnd + 1;
    return { start: keyEnd, end, text: `:${eol}${blockContextLines(indent, context).join(eol)}` };
  }
  if (!isSeq(seq)) throw new Error('contexts is not a list');
  if (seq.flow === true) {
    const close = file.text.lastIndexOf(']', seq.range[1]);
    return { start: close, end: close, text: `, ${flowContext(context)}` };
  }
  const last = seq.items[seq.items.length - 1] as Node;
  const at = endOfLineAfter(file.text, last.range?.[1] ?? seq.range[1]);
  const dashIndent = ' '.repeat(columnOf(file.text, seq.range[0]));
  const prefix = at === file.text.length && !file.text.endsWith('\n') ? eol : '';
  return { start: at, end: at, text: `${prefix}${blockContextLines(dashIndent, context).join(eol)}${eol}` };
}

/** Sets `key` inside the body mapping (e.g. `context:`) of a list item. */
export function spliceBodyScalar(
  file: KubeconfigFile,
  item: YAMLMap,
  bodyKey: string,
  key: string,
  value: string,
): Splice | undefined {
  const body = item.get(bodyKey, true);
  if (!isMap(body) || body.range === undefined || body.range === null) return undefined;
  const formatted = formatScalar(value);
  const pair = body.items.find((candidate) => isScalar(candidate.key) && candidate.key.value === key) as
    | Pair<Node, Node | null>
    | undefined;
  if (pair !== undefined) {
    const keyEnd = pair.key.range?.[1] ?? 0;
    const end = pair.value?.range?.[1] ?? keyEnd + 1;
    return { start: keyEnd, end, text: `: ${formatted}` };
  }
  if (body.flow === true) {
    const close = file.text.lastIndexOf('}', body.range[1]);
    return { start: close, end: close, text: `${body.items.length > 0 ? ', ' : ''}${key}: ${formatted}` };
  }
  const first = body.items[0];
  if (first === undefined) return undefined;
  const indent = ' '.repeat(columnOf(file.text, (first.key as Node).range?.[0] ?? 0));
  const lastPair = body.items[body.items.length - 1] as Pair<Node, Node | null>;
  const at = endOfLineAfter(
    file.text,
    lastPair.value?.range?.[1] ?? (lastPair.key as Node).range?.[1] ?? body.range[1],
  );
  const eol = eolOf(file.text);
  const prefix = at === file.text.length && !file.text.endsWith('\n') ? eol : '';
  return { start: at, end: at, text: `${prefix}${indent}${key}: ${formatted}${eol}` };
}

/** A whole new kubeconfig for a file that did not exist (or was empty). */
export function newKubeconfigText(contexts: NewContext[], currentContext: string | undefined): string {
  const lines = ['apiVersion: v1', 'kind: Config'];
  if (contexts.length > 0) {
    lines.push('contexts:');
    for (const context of contexts) for (const line of blockContextLines('', context)) lines.push(line);
  }
  if (currentContext !== undefined) lines.push(`current-context: ${formatScalar(currentContext)}`);
  return `${lines.join('\n')}\n`;
}
