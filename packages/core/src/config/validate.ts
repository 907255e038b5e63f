// Validates a parsed `.lsst.yaml` against the declarative description in schema.ts, walking the
// YAML nodes so that every problem points at the offending key or value. Hand-written rather than
// ajv so that the CLI starts fast; schema.test.ts proves it agrees with ajv on the generated schema.

import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';
import { isCalendarDate } from '../dates.ts';
import { didYouMean } from '../suggest.ts';
import type { OffsetRange } from '../types.ts';
import type { ConfigProblem } from './errors.ts';
import type { ObjectSpec, Spec, StringSpec } from './schema.ts';

/** A value that names something elsewhere (a rule, a cluster), kept with its place for later checks. */
export interface Reference {
  kind: 'rule' | 'cluster' | 'clusterName';
  name: string;
  range: OffsetRange;
}

interface Context {
  document: Document;
  lineCounter: LineCounter;
  problems: ConfigProblem[];
  references: Reference[];
  aliasesResolved: number;
}

const invalid = Symbol('invalid');
type Result = unknown | typeof invalid;

// Aliases in a configuration file are rare; this only stops a pathological file.
const maxAliases = 1000;

export function problemAt(lineCounter: LineCounter, range: OffsetRange, message: string): ConfigProblem {
  const { line, col } = lineCounter.linePos(range[0]);
  return { message, line, column: col, range };
}

function report(context: Context, range: OffsetRange, message: string): typeof invalid {
  context.problems.push(problemAt(context.lineCounter, range, message));
  return invalid;
}

function rangeOf(node: Node | null | undefined, fallback: OffsetRange): OffsetRange {
  return node?.range ? [node.range[0], node.range[1]] : fallback;
}

function resolve(node: unknown, context: Context): Node | null {
  let current = node;
  while (isAlias(current) && context.aliasesResolved < maxAliases) {
    context.aliasesResolved++;
    current = current.resolve(context.document) ?? null;
  }
  return (current as Node | null | undefined) ?? null;
}

/** The value of a pair; null for `key:` with nothing after it, so that messages point at the key. */
function pairValue(pair: Pair, context: Context): Node | null {
  const value = resolve(pair.value, context);
  const empty = isScalar(value) && value.value === null && value.range?.[0] === value.range?.[1];
  return empty ? null : value;
}

/** `number 1.3`, `"prod"`, `a list`: what the file holds, in the words of a message. */
function describe(node: Node | null): string {
  if (node === null || (isScalar(node) && node.value === null)) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const { value } = node;
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number') return `number ${value}`;
    if (typeof value === 'boolean') {
      const written =
        node.source !== undefined && node.source !== String(value) ? ` (YAML reads ${node.source} as ${value})` : '';
      return `boolean ${value}${written}`;
    }
    return String(value);
  }
  return 'something else';
}

/** Quoting helps only a scalar that YAML read as something other than the string written. */
function quoteHint(node: Node | null): string {
  return isScalar(node) && node.value !== null && typeof node.value !== 'string' ? ' Quote it.' : '';
}

function expectation(spec: StringSpec): string {
  if (spec.enum) return `one of ${spec.enum.join(', ')}`;
  if (spec.example !== undefined) return `a string like ${JSON.stringify(spec.example)}`;
  return 'a string';
}

function validateString(node: Node | null, spec: StringSpec, label: string, at: OffsetRange, context: Context): Result {
  const range = rangeOf(node, at);
  if (spec.falseMeans !== undefined && isScalar(node) && node.value === false) return spec.falseMeans;
  if (!isScalar(node) || typeof node.value !== 'string') {
    return report(context, range, `${label} must be ${expectation(spec)} (found ${describe(node)}).${quoteHint(node)}`);
  }
  const value = node.value;
  if (spec.enum && !spec.enum.includes(value)) {
    return report(
      context,
      range,
      `${label} must be ${expectation(spec)} (found ${describe(node)}).${didYouMean(value, spec.enum)}`,
    );
  }
  if (spec.minLength !== undefined && value.length < spec.minLength) {
    return report(context, range, `${label} must not be empty.`);
  }
  if (spec.pattern && !new RegExp(spec.pattern.regex).test(value)) {
    return report(context, range, `${label} must be ${spec.pattern.hint} (found ${describe(node)}).`);
  }
  if (spec.date && !isCalendarDate(value)) {
    return report(
      context,
      range,
      `${label} is not a real date (found ${describe(node)}). Write a calendar date as YYYY-MM-DD.`,
    );
  }
  if (spec.reference) context.references.push({ kind: spec.reference, name: value, range });
  return value;
}

/** Pairs of a map with YAML 1.1 merge keys (`<<: *base`) expanded; explicit keys win. */
function pairsOf(map: Node, context: Context): Pair[] {
  if (!isMap(map)) return [];
  const explicit: Pair[] = [];
  const merged: Pair[] = [];
  for (const pair of map.items) {
    const key = pair.key;
    if (isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<') {
      const source = resolve(pair.value, context);
      const sources = isSeq(source) ? source.items.map((item) => resolve(item, context)) : [source];
      for (const item of sources) if (item) for (const merging of pairsOf(item, context)) merged.push(merging);
    } else {
      explicit.push(pair);
    }
  }
  const seen = new Set(explicit.map((pair) => (isScalar(pair.key) ? pair.key.value : pair.key)));
  for (const pair of merged) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    if (!seen.has(key)) {
      seen.add(key);
      explicit.push(pair);
    }
  }
  return explicit;
}

function keyOf(pair: Pair, context: Context, where: string): { name: string; range: OffsetRange } | undefined {
  const key = resolve(pair.key, context);
  const range = rangeOf(key, [0, 0]);
  if (isScalar(key) && typeof key.value === 'string') return { name: key.value, range };
  report(context, range, `keys${where} must be names (found ${describe(key)}).${quoteHint(key)}`);
  return undefined;
}

function validateObject(
  node: Node | null,
  spec: ObjectSpec,
  label: string,
  path: string,
  at: OffsetRange,
  context: Context,
): Result {
  if (!isMap(node))
    return report(context, rangeOf(node, at), `${label} must be a map of keys (found ${describe(node)}).`);
  const where = path === '' ? '' : ` of ${path}`;
  const known = Object.keys(spec.properties);
  const result: Record<string, unknown> = {};
  let ok = true;
  for (const pair of pairsOf(node, context)) {
    const key = keyOf(pair, context, where);
    if (!key) {
      ok = false;
      continue;
    }
    // Own keys only: `constructor` or `__proto__` must not find Object.prototype's members.
    const child = Object.hasOwn(spec.properties, key.name) ? spec.properties[key.name] : undefined;
    if (!child) {
      const suggestion = didYouMean(key.name, known);
      const hint = suggestion || ` Known keys${where}: ${known.join(', ')}.`;
      report(context, key.range, `unknown key "${key.name}"${where}.${hint} Rename or remove it.`);
      ok = false;
      continue;
    }
    const value = validateNode(
      pairValue(pair, context),
      child,
      `"${key.name}"`,
      join(path, key.name),
      key.range,
      context,
    );
    if (value === invalid) ok = false;
    else result[key.name] = value;
  }
  for (const name of spec.required ?? []) {
    if (name in result) continue;
    const present = pairsOf(node, context).some((pair) => {
      const key = resolve(pair.key, context);
      return isScalar(key) && key.value === name;
    });
    if (present) continue;
    const child = spec.properties[name];
    const detail = child?.type === 'string' ? ` (${expectation(child)})` : '';
    report(
      context,
      rangeOf(node, at),
      `${path === '' ? 'the configuration' : path} is missing "${name}"${detail}. Add it.`,
    );
    ok = false;
  }
  return ok ? result : invalid;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function validateNode(
  node: Node | null,
  spec: Spec,
  label: string,
  path: string,
  at: OffsetRange,
  context: Context,
): Result {
  switch (spec.type) {
    case 'string':
      return validateString(node, spec, label, at, context);
    case 'integer': {
      if (
        isScalar(node) &&
        typeof node.value === 'number' &&
        Number.isInteger(node.value) &&
        node.value >= spec.minimum
      ) {
        return node.value;
      }
      const unquote =
        isScalar(node) && typeof node.value === 'string' && /^\d+$/.test(node.value) ? ' Remove the quotes.' : '';
      return report(
        context,
        rangeOf(node, at),
        `${label} must be a whole number of at least ${spec.minimum} (found ${describe(node)}).${unquote}`,
      );
    }
    case 'boolean': {
      if (isScalar(node) && typeof node.value === 'boolean') return node.value;
      const unquote =
        isScalar(node) && typeof node.value === 'string' && /^(true|false)$/i.test(node.value)
          ? ' Remove the quotes.'
          : '';
      return report(context, rangeOf(node, at), `${label} must be true or false (found ${describe(node)}).${unquote}`);
    }
    case 'array': {
      if (!isSeq(node)) {
        const hint =
          isScalar(node) && node.value !== null ? ` Write it as a list: [${String(node.source ?? node.value)}].` : '';
        return report(context, rangeOf(node, at), `${label} must be a list (found ${describe(node)}).${hint}`);
      }
      if (spec.minItems !== undefined && node.items.length < spec.minItems) {
        return report(
          context,
          rangeOf(node, at),
          `${label} must list at least ${spec.minItems} item${spec.minItems === 1 ? '' : 's'}.`,
        );
      }
      const values: unknown[] = [];
      let ok = true;
      node.items.forEach((item, index) => {
        const itemPath = `${path}[${index}]`;
        const itemLabel = spec.items.type === 'string' ? `each item of ${label}` : itemPath;
        const value = validateNode(resolve(item, context), spec.items, itemLabel, itemPath, rangeOf(node, at), context);
        if (value === invalid) ok = false;
        else values.push(value);
      });
      return ok ? values : invalid;
    }
    case 'object':
      return validateObject(node, spec, label, path, at, context);
    case 'map': {
      if (!isMap(node))
        return report(context, rangeOf(node, at), `${label} must be a map of keys (found ${describe(node)}).`);
      const result: Record<string, unknown> = {};
      let ok = true;
      for (const pair of pairsOf(node, context)) {
        const keyNode = resolve(pair.key, context);
        const name = validateString(
          keyNode,
          spec.keys,
          `the key ${describe(keyNode)} of ${path}`,
          rangeOf(keyNode, at),
          context,
        );
        if (name === invalid || typeof name !== 'string') {
          ok = false;
          continue;
        }
        const value = validateNode(
          pairValue(pair, context),
          spec.values,
          `"${name}"`,
          join(path, name),
          rangeOf(keyNode, at),
          context,
        );
        if (value === invalid) ok = false;
        // A key named `__proto__` stays a plain key: assigning it would replace the object's prototype.
        else Object.defineProperty(result, name, { value, enumerable: true, writable: true, configurable: true });
      }
      return ok ? result : invalid;
    }
    case 'either': {
      if (isMap(node)) return validateObject(node, spec.map, label, path, at, context);
      if (isScalar(node) && node.value !== null) return validateString(node, spec.scalar, label, at, context);
      return report(
        context,
        rangeOf(node, at),
        `${label} must be ${expectation(spec.scalar)}, or a map of settings (found ${describe(node)}).`,
      );
    }
  }
}

export interface SpecValidation {
  /** The validated value (YAML 1.1 `false` read back as `off` where a severity is expected); undefined when invalid. */
  value: unknown;
  problems: ConfigProblem[];
  references: Reference[];
}

/** Validates a parsed YAML document against `spec`; an empty document is an empty map. */
export function validateDocument(document: Document, lineCounter: LineCounter, spec: ObjectSpec): SpecValidation {
  const context: Context = { document, lineCounter, problems: [], references: [], aliasesResolved: 0 };
  const root = resolve(document.contents, context);
  if (root === null || (isScalar(root) && root.value === null)) return { value: {}, problems: [], references: [] };
  const value = validateNode(root, spec, 'the configuration', '', rangeOf(root, [0, 0]), context);
  return { value: value === invalid ? undefined : value, problems: context.problems, references: context.references };
}
