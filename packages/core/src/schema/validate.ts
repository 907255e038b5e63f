// Validates a YAML node against a compact schema the way the API server decodes it: YAML 1.1 scalars
// (`yes` is a boolean, `"3"` a string), null accepted everywhere, unknown fields refused (strict field
// validation, kubectl's default), required fields present, enumerations respected.
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { nodeRange, nodeTypeOf, nodeTypes } from '../documents/yaml.ts';
import { nearestNames, withinEditDistance } from '../suggest.ts';
import type { OffsetRange } from '../types.ts';
import type { CompactNode, CompactShape } from './compact.ts';

export interface SchemaIssue {
  range: OffsetRange;
  message: string;
  /** Set on an unknown key that is one edit away from exactly one known field missing from its mapping. */
  rename?: { range: OffsetRange; to: string };
}

export interface ValidationContext {
  /** The definition a `@Name` node names; undefined reads as anything. */
  reference(ref: string): CompactNode | undefined;
  /** Where a mapping lacking a required field is reported: its first line. */
  headRange(map: YAMLMap): OffsetRange;
  /** The kind the object is, for messages. */
  kind: string;
  /** False when something else completes the object (a kustomization): missing required fields are not reported. */
  reportMissing?: boolean;
  /** A strategic merge patch: its directives (`$patch: delete`, `$setElementOrder/containers`) are not fields. */
  patchDirectives?: boolean;
}

// https://github.com/kubernetes/community/blob/master/contributors/devel/sig-api-machinery/strategic-merge-patch.md
const patchDirective = /^\$(?:patch|retainKeys|setElementOrder\/.+|deleteFromPrimitiveList\/.+)$/;

const maxIssuesPerObject = 50;

/** The issues of one object against its kind's schema. */
export function validateObject(map: YAMLMap, schema: CompactNode, context: ValidationContext): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  walk(map, schema, new FieldPath(), context, issues);
  return issues.slice(0, maxIssuesPerObject);
}

/**
 * Where the walk is (`spec.containers[0].image`), kept as a stack of keys and indexes and written out
 * only for an issue: building the text at every node cost a fifth of the validation.
 */
class FieldPath {
  readonly #segments: (string | number)[] = [];

  enter(segment: string | number): void {
    this.#segments.push(segment);
  }

  leave(): void {
    this.#segments.pop();
  }

  /** Keys joined by dots, indexes in brackets; a key met while the text is still empty starts it. */
  toString(): string {
    let text = '';
    for (const segment of this.#segments) {
      if (typeof segment === 'number') text += `[${segment}]`;
      else text = text === '' ? segment : `${text}.${segment}`;
    }
    return text;
  }
}

function resolve(schema: CompactNode, context: ValidationContext): CompactNode {
  let current = schema;
  // Bounded: a definition made only of references to itself reads as anything.
  for (let step = 0; step < 8 && typeof current === 'string' && current.startsWith('@'); step++) {
    current = context.reference(current) ?? '*';
  }
  return typeof current === 'string' && current.startsWith('@') ? '*' : current;
}

function walk(
  node: unknown,
  schema: CompactNode,
  path: FieldPath,
  context: ValidationContext,
  issues: SchemaIssue[],
  /** The key whose value the node is: where a mapping lacking a required field is reported. */
  ownerKey?: Node,
): void {
  if (issues.length >= maxIssuesPerObject) return;
  const resolved = resolve(schema, context);
  if (resolved === '*') return;
  // An alias repeats a node checked where it is defined; a null is the zero value to the API server.
  if (node === null || node === undefined) return;
  // The node's kind, read once (every node of every object comes through here).
  const type = nodeTypeOf(node);
  if (type === nodeTypes.alias) return;
  if (type === nodeTypes.scalar && (node as Scalar).value === null) return;
  // `{namespace}` in a file a program fills in (Python or shell templates): not judged until filled.
  if (type === nodeTypes.map && isPlaceholder(node as Node)) return;
  if (typeof resolved === 'string') {
    if (resolved === 'O') {
      if (type !== nodeTypes.map) issues.push(typeIssue(node as Node, `${path}`, 'a mapping'));
      return;
    }
    checkScalar(node as Node, resolved, undefined, path, issues);
    return;
  }
  if (resolved.t !== undefined) {
    checkScalar(node as Node, resolved.t, resolved.e, path, issues);
    return;
  }
  if (resolved.a !== undefined) {
    if (type !== nodeTypes.seq) {
      issues.push(typeIssue(node as Node, `${path}`, 'a list'));
      return;
    }
    const items = (node as YAMLSeq).items;
    for (let index = 0; index < items.length; index++) {
      path.enter(index);
      walk(items[index], resolved.a, path, context, issues);
      path.leave();
    }
    return;
  }
  if (type !== nodeTypes.map) {
    issues.push(typeIssue(node as Node, `${path}`, 'a mapping'));
    return;
  }
  checkMap(node as YAMLMap, resolved, path, context, issues, ownerKey);
}

function checkMap(
  map: YAMLMap,
  shape: CompactShape,
  path: FieldPath,
  context: ValidationContext,
  issues: SchemaIssue[],
  ownerKey?: Node,
): void {
  const properties = shape.p ?? noProperties;
  // Fields taken for a misspelt one (rare): made on the first.
  let intended: Set<string> | undefined;
  let merges = false;
  for (const pair of map.items as Pair<Node, Node>[]) {
    const key = pairKey(pair);
    if (key === undefined) continue;
    // A YAML merge key brings fields from elsewhere: what it brings is checked where it is written.
    if (key === '<<') {
      merges = true;
      continue;
    }
    if (context.patchDirectives && key.startsWith('$') && patchDirective.test(key)) continue;
    const property = Object.hasOwn(properties, key) ? properties[key] : undefined;
    const value = property ?? shape.m;
    if (value !== undefined) {
      path.enter(key);
      walk(pair.value, value, path, context, issues, pair.key);
      path.leave();
    } else if (shape.x !== undefined && (shape.x & 1) === 1) continue;
    else if (
      shape.x !== undefined &&
      (shape.x & 2) === 2 &&
      (key === 'apiVersion' || key === 'kind' || key === 'metadata')
    )
      continue;
    else {
      const issue = unknownField(map, pair, key, `${path}`, Object.keys(properties), context);
      issues.push(issue);
      // A certain misspelling: check what it holds as the field it was meant to be, and do not call that field missing.
      const meant = issue.rename?.to;
      if (meant !== undefined) {
        intended ??= new Set();
        intended.add(meant);
        path.enter(meant);
        walk(pair.value, properties[meant] as CompactNode, path, context, issues, pair.key);
        path.leave();
      }
    }
  }
  if (merges || context.reportMissing === false) return;
  // Required fields are few: looked up among the keys, not gathered into a set for every mapping.
  for (const name of shape.r ?? []) {
    if (intended?.has(name) || hasKey(map, name)) continue;
    const where = `${path}` === '' ? `${context.kind}` : `${path}`;
    issues.push({
      range: ownerKey ? nodeRange(ownerKey) : context.headRange(map),
      message: `${where} lacks the required field "${name}": the API server refuses the object without it.`,
    });
  }
}

const noProperties: Readonly<Record<string, CompactNode>> = Object.freeze({});

function hasKey(map: YAMLMap, name: string): boolean {
  for (const pair of map.items as Pair<Node, Node>[]) if (pairKey(pair) === name) return true;
  return false;
}

function pairKey(pair: Pair<Node, Node>): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return key.source ?? (key.value === null ? undefined : String(key.value));
  return undefined;
}

function unknownField(
  map: YAMLMap,
  pair: Pair<Node, Node>,
  key: string,
  path: string,
  known: readonly string[],
  context: ValidationContext,
): SchemaIssue {
  const where = path === '' ? `${context.kind}` : `${context.kind} ${path}`;
  const suggestions = nearestNames(key, known, { limit: 2 });
  const hint =
    suggestions.length > 0
      ? ` Did you mean ${suggestions.map((name) => `"${name}"`).join(' or ')}?`
      : ` Known fields here: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', ...' : ''}.`;
  const issue: SchemaIssue = {
    range: nodeRange(pair.key),
    message: `Unknown field "${short(key)}" in ${where}: the API server refuses it (or, without strict validation, drops it).${known.length > 0 ? hint : ''}`,
  };
  // A rename is certain only when one known field is one edit away and that field is not set already.
  const close = known.filter((name) => withinEditDistance(key.toLowerCase(), name.toLowerCase(), 1));
  const target = close[0];
  if (
    close.length === 1 &&
    target !== undefined &&
    !map.items.some((item) => pairKey(item as Pair<Node, Node>) === target)
  ) {
    issue.rename = { range: nodeRange(pair.key), to: target };
  }
  return issue;
}

const typeNames: Readonly<Record<string, string>> = {
  s: 'a string',
  i: 'an integer',
  n: 'a number',
  b: 'a boolean (true or false)',
  o: 'an integer or a string',
  q: 'a quantity (a number, or a string such as 500m or 1Gi)',
};

function checkScalar(
  node: Node,
  code: string,
  allowed: readonly unknown[] | undefined,
  path: FieldPath,
  issues: SchemaIssue[],
): void {
  const expected = typeNames[code];
  if (expected === undefined) return;
  if (!isScalar(node)) {
    issues.push(typeIssue(node, `${path}`, expected));
    return;
  }
  if (!scalarFits(node, code)) {
    issues.push(scalarTypeIssue(node, `${path}`, code, expected));
    return;
  }
  if (allowed && !allowed.some((value) => value === node.value)) {
    const values = allowed.filter((value) => value !== '').map((value) => String(value));
    const suggestion = typeof node.value === 'string' ? nearestNames(node.value, values, { limit: 1 })[0] : undefined;
    issues.push({
      range: nodeRange(node),
      message: `${path} is ${shownValue(node)}, which the API server does not accept: use one of ${values.join(', ')}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    });
  }
}

/** Whether a scalar, read as YAML 1.1 like the API server's decoder, has the type. */
function scalarFits(node: Scalar, code: string): boolean {
  const value = node.value;
  const isString = typeof value === 'string' || value instanceof Date || numberOnlyToThisParser(node);
  const isNumber = typeof value === 'number' || typeof value === 'bigint';
  // 3.0 reaches the server as the JSON number 3, which an integer field takes.
  const isInteger = isNumber && (typeof value === 'bigint' || Number.isInteger(value));
  switch (code) {
    case 's':
      return isString;
    case 'i':
      return isInteger && !numberOnlyToThisParser(node);
    case 'n':
      return isNumber && !numberOnlyToThisParser(node);
    case 'b':
      return typeof value === 'boolean';
    case 'o':
      return isString || isInteger;
    case 'q':
      return isString || isNumber;
    default:
      return true;
  }
}

/**
 * A plain scalar this parser reads as a number (YAML 1.1) but the API server's decoder as a string: base 60
 * (`1:30`), an exponent with no digits before it (`e3`, `E10`), a dot alone (`.`).
 */
function numberOnlyToThisParser(node: Scalar): boolean {
  if ((typeof node.value !== 'number' && typeof node.value !== 'bigint') || node.type !== 'PLAIN') return false;
  return !numberToTheApiServer(node.source ?? '');
}

// The API server reads YAML with go-yaml v2 (sigs.k8s.io/yaml), whose resolver takes a plain scalar for a number
// only in these forms: .inf and .nan spellings; after a dot, Go's float syntax as written; otherwise, with
// underscores removed, Go's integers (0x, 0o, 0b prefixes) and its own float pattern, yamlStyleFloat.
const apiServerSpecialFloat = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const apiServerDotFloat = /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/;
const apiServerInteger = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)$/;
const apiServerFloat = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

function numberToTheApiServer(text: string): boolean {
  if (apiServerSpecialFloat.test(text)) return true;
  if (text.startsWith('.')) return apiServerDotFloat.test(text);
  const plain = text.replace(/_/g, '');
  return apiServerInteger.test(plain) || apiServerFloat.test(plain);
}

function scalarTypeIssue(node: Scalar, path: string, code: string, expected: string): SchemaIssue {
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  let advice = '';
  if (quoted && unquotedFits(String(node.value), code)) advice = ' Remove the quotes.';
  else if (code === 's' && (typeof node.value === 'number' || typeof node.value === 'boolean')) {
    advice = ` Quote it ("${short(node.source ?? String(node.value))}") to make it a string.`;
  }
  return {
    range: nodeRange(node),
    message: `${path} must be ${expected}, but ${shownValue(node)} is ${describeScalar(node)}.${advice}`,
  };
}

/** Whether the text, written without quotes, would read as the type (`"3"` for an integer, `"true"` for a boolean). */
function unquotedFits(text: string, code: string): boolean {
  const integer = /^[-+]?(0|[1-9][0-9]*)$/.test(text);
  const number = integer || /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text);
  if (code === 'i') return integer;
  if (code === 'n') return number;
  if (code === 'b') return /^(true|false)$/i.test(text);
  return false;
}

function typeIssue(node: Node, path: string, expected: string): SchemaIssue {
  const actual = isMap(node)
    ? 'a mapping'
    : isSeq(node)
      ? 'a list'
      : isScalar(node)
        ? describeScalar(node)
        : 'something else';
  return { range: nodeRange(node), message: `${path} must be ${expected}, not ${actual}.` };
}

/** `{name}` or `{{name}}`: a flow mapping of one key and no value, a placeholder of a template. */
function isPlaceholder(node: Node | null): boolean {
  if (!isMap(node) || node.flow !== true || node.items.length !== 1) return false;
  const pair = node.items[0] as Pair<Node, Node | null>;
  const noValue = pair.value === null || (isScalar(pair.value) && pair.value.value === null);
  // `{{name}}`, mustache style, reads as a mapping whose key is `{name}`.
  return noValue && ((isScalar(pair.key) && typeof pair.key.value === 'string') || isPlaceholder(pair.key));
}

function describeScalar(node: Scalar): string {
  const value = node.value;
  if (numberOnlyToThisParser(node)) return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'number' || typeof value === 'bigint') {
    return /^[-+]?[0-9_]+$/.test(node.source ?? '') ? 'an integer' : 'a number';
  }
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return 'a quoted string';
  return 'a string';
}

function shownValue(node: Scalar): string {
  const source = node.source ?? String(node.value);
  return node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? `"${short(source)}"` : short(source);
}

function short(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}...` : oneLine;
}
