// What the schema says at a place in a manifest, for the editor: the fields a mapping may hold
// (completion) and the type of the field under the cursor (hover), for the first target's version.
import { isMap, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ClusterConfig } from '../config/model.ts';
import { type KubeObject, keyText, parseManifest } from '../documents/yaml.ts';
import type { CompactNode, CompactShape, OpenApiSchema } from './compact.ts';
import type { CustomResourceCatalog } from './custom-resources.ts';
import { definitionDescription } from './descriptions.ts';
import { type KubernetesSchema, kubernetesSchema } from './kubernetes.ts';

export interface SchemaField {
  name: string;
  /** `string`, `integer`, `list of Container`, `map of string` ... */
  type: string;
  required: boolean;
  /** Allowed values, when the field has an enumeration. */
  values?: readonly string[];
  /** What the field is for, as the schema describes it (hover only). */
  description?: string;
}

export interface FieldsAtOptions {
  target: ClusterConfig;
  customResources?: CustomResourceCatalog;
}

// Stands for the word being typed, so that the line parses as a key of its mapping.
const probe = 'lsstCompletionProbe';

/** The fields the mapping at the offset may hold that it does not hold yet; undefined outside a known object. */
export function fieldsAt(text: string, offset: number, options: FieldsAtOptions): SchemaField[] | undefined {
  const lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const lineEnd = text.indexOf('\n', offset) === -1 ? text.length : text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd);
  const indent = /^(\s*(?:-\s+)*)/.exec(line)?.[1] ?? '';
  const probed = `${text.slice(0, lineStart)}${indent}${probe}: x${text.slice(lineEnd)}`;
  const located = locate(probed, lineStart + indent.length, options);
  if (!located?.parentShape) return undefined;
  const present = new Set(located.parent?.items.map((item) => keyText(item as Pair)) ?? []);
  return describeFields(located.parentShape, located.schema).filter((field) => !present.has(field.name));
}

/** The field whose key is at the offset, with its type; undefined when the schema does not know it. */
export function fieldAt(text: string, offset: number, options: FieldsAtOptions): SchemaField | undefined {
  const located = locate(text, offset, options);
  if (!located?.parentShape || located.key === undefined) return undefined;
  const field = describeFields(located.parentShape, located.schema).find((candidate) => candidate.name === located.key);
  if (!field) return undefined;
  const description = describe(located, located.key);
  return description === undefined ? field : { ...field, description };
}

/** A field's description: from the built-in definition that holds it, else from the CRD's own schema. */
function describe(located: Located, key: string): string | undefined {
  if (located.parentDefinition !== undefined) return definitionDescription(located.parentDefinition, key);
  let schema: OpenApiSchema | undefined = located.customSchema;
  for (const step of [...(located.path ?? []), key]) {
    if (!schema) return undefined;
    if (step === '[]') {
      schema = Array.isArray(schema.items) ? undefined : schema.items;
      continue;
    }
    const additional = schema.additionalProperties;
    schema = schema.properties?.[step] ?? (typeof additional === 'object' ? additional : undefined);
  }
  return typeof schema?.description === 'string' ? schema.description : undefined;
}

interface Located {
  /** The mapping holding the key at the offset, and its schema. */
  parent?: YAMLMap;
  parentShape?: CompactShape;
  key?: string;
  schema: KubernetesSchema;
  /** The built-in definition the mapping is, when it is one (`core.v1.Container`). */
  parentDefinition?: string;
  /** The CRD's schema as written, and the keys from the object to the mapping (`[]` for a list item). */
  customSchema?: OpenApiSchema;
  path?: string[];
}

function locate(text: string, offset: number, options: FieldsAtOptions): Located | undefined {
  const schema = kubernetesSchema(options.target.kubernetesVersion);
  if (!schema) return undefined;
  const manifest = parseManifest(text);
  const object = manifest.documents
    .flatMap((document) => document.objects)
    .find((candidate) => candidate.range[0] <= offset && offset <= candidate.range[1]);
  if (!object?.apiVersion || !object.kind) return undefined;
  const root = rootSchema(object, schema, options);
  if (root === undefined) return undefined;
  const customSchema = options.customResources?.get(object.apiVersion as string, object.kind as string)?.openApiSchema;
  let node: Node = object.map;
  let shape: CompactNode = root;
  const path: string[] = [];
  for (let depth = 0; depth < 100; depth++) {
    const definition = definitionName(shape, schema);
    const resolved = resolve(shape, schema);
    if (isMap(node)) {
      const mapShape = typeof resolved === 'object' && (resolved.p || resolved.m) ? resolved : undefined;
      const pair = (node.items as Pair<Node, Node>[]).find(
        (item) => contains(item.key, offset) || contains(item.value, offset),
      );
      if (!pair) return undefined;
      const key = keyText(pair);
      if (contains(pair.key, offset) || key === probe) {
        return {
          parent: node,
          ...(mapShape ? { parentShape: mapShape } : {}),
          ...(key ? { key } : {}),
          schema,
          ...(definition !== undefined ? { parentDefinition: definition } : {}),
          ...(customSchema ? { customSchema, path } : {}),
        };
      }
      if (!mapShape || key === undefined) return undefined;
      const next = mapShape.p?.[key] ?? mapShape.m;
      if (next === undefined) return undefined;
      node = pair.value as Node;
      shape = next;
      path.push(key);
    } else if (isSeq(node)) {
      const item = node.items.find((candidate) => contains(candidate as Node, offset)) as Node | undefined;
      if (!item || typeof resolved !== 'object' || resolved.a === undefined) return undefined;
      node = item;
      shape = resolved.a;
      path.push('[]');
    } else return undefined;
  }
  return undefined;
}

function rootSchema(object: KubeObject, schema: KubernetesSchema, options: FieldsAtOptions): CompactNode | undefined {
  const custom = options.customResources?.get(object.apiVersion as string, object.kind as string);
  if (custom) return custom.schema;
  const definition = schema.kinds.get(object.apiVersion as string)?.get(object.kind as string);
  return definition ? `@${definition}` : undefined;
}

function contains(node: unknown, offset: number): boolean {
  const range = (node as Node | null)?.range;
  return range !== undefined && range !== null && range[0] <= offset && offset <= range[1];
}

/** The name of the last definition a reference leads to (`@core.v1.Container` -> `core.v1.Container`). */
function definitionName(shape: CompactNode, schema: KubernetesSchema): string | undefined {
  let name: string | undefined;
  let current = shape;
  for (let step = 0; step < 8 && typeof current === 'string' && current.startsWith('@'); step++) {
    name = current.slice(1);
    current = schema.definitions.get(name) ?? '*';
  }
  return name;
}

function resolve(shape: CompactNode, schema: KubernetesSchema): CompactNode {
  let current = shape;
  for (let step = 0; step < 8 && typeof current === 'string' && current.startsWith('@'); step++) {
    current = schema.definitions.get(current.slice(1)) ?? '*';
  }
  return current;
}

function describeFields(shape: CompactShape, schema: KubernetesSchema): SchemaField[] {
  const required = new Set(shape.r ?? []);
  return Object.entries(shape.p ?? {})
    .filter(([name]) => name !== probe)
    .map(([name, node]) => {
      const resolved = resolve(node, schema);
      const field: SchemaField = { name, type: typeName(node, schema), required: required.has(name) };
      if (typeof resolved === 'object' && resolved.e)
        field.values = resolved.e.filter((value) => value !== '').map(String);
      return field;
    });
}

const scalarNames: Readonly<Record<string, string>> = {
  s: 'string',
  i: 'integer',
  n: 'number',
  b: 'boolean',
  o: 'integer or string',
  q: 'quantity',
  '*': 'any',
  O: 'object',
};

function typeName(node: CompactNode, schema: KubernetesSchema, depth = 0): string {
  if (typeof node === 'string') {
    if (node.startsWith('@')) {
      const resolved = resolve(node, schema);
      if (typeof resolved === 'string') return scalarNames[resolved] ?? 'any';
      return resolved.t ? (scalarNames[resolved.t] ?? 'any') : (node.split('.').pop() ?? 'object');
    }
    return scalarNames[node] ?? 'any';
  }
  if (depth > 3) return 'any';
  if (node.t) return scalarNames[node.t] ?? 'any';
  if (node.a !== undefined) return `list of ${typeName(node.a, schema, depth + 1)}`;
  if (node.m !== undefined && node.p === undefined) return `map of ${typeName(node.m, schema, depth + 1)}`;
  return 'object';
}
