// yaml tells a node's kind by a symbol-keyed property, which its isScalar, isMap … read. The fast reader
// gives its nodes that property, and code that asks for every node's kind reads it once (yaml.test.ts holds
// these to yaml's own predicates).
export const NODE_TYPE = Symbol.for('yaml.node.type');

export const nodeTypes = {
  alias: Symbol.for('yaml.alias'),
  map: Symbol.for('yaml.map'),
  pair: Symbol.for('yaml.pair'),
  scalar: Symbol.for('yaml.scalar'),
  seq: Symbol.for('yaml.seq'),
} as const;

/** The kind of a yaml node, one of nodeTypes; undefined for anything that is not a node. */
export function nodeTypeOf(node: unknown): symbol | undefined {
  return typeof node === 'object' && node !== null ? (node as { [NODE_TYPE]?: symbol })[NODE_TYPE] : undefined;
}
