// The plain JSON value of a YAML node, as `node.toJSON()` gives it, without yaml's general machinery
// (a context per call, anchor bookkeeping, merge-key checks on every pair): a CRD's schema is read
// through it, megabytes of them in one repository. Anything beyond plain maps, sequences and
// strings, numbers, booleans and nulls goes to toJSON, which alone knows tags, aliases and merges.
import { isMap, isScalar, isSeq, type Node } from 'yaml';

export type PlainValue = null | boolean | number | string | PlainValue[] | { [key: string]: PlainValue };

/** Not read here: the caller asks toJSON. */
const beyondPlain = Symbol('beyond plain');

/** `node.toJSON()`, the same value, read directly when the node holds only plain maps, sequences and scalars. */
export function plainValue(node: Node): unknown {
  const value = readPlain(node);
  return value === beyondPlain ? node.toJSON() : value;
}

function readPlain(node: unknown): PlainValue | typeof beyondPlain {
  if (isScalar(node)) {
    if (node.tag !== undefined) return beyondPlain;
    const value = node.value;
    return value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number'
      ? value
      : beyondPlain;
  }
  if (isMap(node)) {
    if (node.tag !== undefined) return beyondPlain;
    const result: { [key: string]: PlainValue } = {};
    for (const pair of node.items) {
      const key = pair.key;
      // A key that is not a plain string (a number, a merge key, an inherited name) is toJSON's to spell.
      if (!isScalar(key) || key.tag !== undefined || typeof key.value !== 'string') return beyondPlain;
      const name = key.value;
      if (name === '<<' || name in result) return beyondPlain;
      const value = pair.value === null ? null : readPlain(pair.value);
      if (value === beyondPlain) return beyondPlain;
      result[name] = value;
    }
    return result;
  }
  if (isSeq(node)) {
    if (node.tag !== undefined) return beyondPlain;
    const result: PlainValue[] = [];
    for (const item of node.items) {
      const value = readPlain(item);
      if (value === beyondPlain) return beyondPlain;
      result.push(value);
    }
    return result;
  }
  return beyondPlain;
}
