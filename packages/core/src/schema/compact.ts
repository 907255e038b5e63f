// The compact schema form that validation reads: what the API server checks of a field's shape
// (properties, types, required fields, enumerations, int-or-string, maps against lists), nothing else.
// Built from OpenAPI v3 schemas: by the generator for the built-in kinds, at run time for CRDs.

/**
 * One schema node:
 * - `s` string, `i` integer, `n` number, `b` boolean, `o` int-or-string, `q` quantity (string or number),
 *   `*` anything, `O` any mapping;
 * - `@Name` the definition called Name (built-in kinds only);
 * - an object form for the rest.
 */
export type CompactNode = string | CompactShape;

export interface CompactShape {
  /** Scalar type with an enumeration: `s`, `i`, `n` or `b`. */
  t?: string;
  /** Allowed values. */
  e?: readonly unknown[];
  /** A list of this. */
  a?: CompactNode;
  /** Properties of a mapping. */
  p?: Readonly<Record<string, CompactNode>>;
  /** Required properties. */
  r?: readonly string[];
  /** A mapping whose every other key holds this. */
  m?: CompactNode;
  /** 1: unknown keys are kept (x-kubernetes-preserve-unknown-fields); 2: an embedded object (apiVersion, kind, metadata). */
  x?: 1 | 2 | 3;
}

/** An OpenAPI v3 schema, as far as this module reads it. */
export interface OpenApiSchema {
  $ref?: string;
  description?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: OpenApiSchema | OpenApiSchema[];
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: OpenApiSchema | boolean;
  allOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  anyOf?: OpenApiSchema[];
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

const scalarCodes: Readonly<Record<string, string>> = { string: 's', integer: 'i', number: 'n', boolean: 'b' };

/**
 * The compact form of one schema. `refName` turns a `$ref` into a definition name (built-in kinds);
 * without it (CRDs, which have none) a reference reads as anything.
 */
export function compactSchema(schema: OpenApiSchema | undefined, refName?: (ref: string) => string): CompactNode {
  if (!schema || typeof schema !== 'object') return '*';
  if (schema.$ref !== undefined) return refName ? `@${refName(schema.$ref)}` : '*';
  // Kubernetes wraps a reference in allOf to give it a description or a default.
  if (schema.allOf?.length === 1 && schema.allOf[0]?.$ref !== undefined && schema.type === undefined) {
    return compactSchema(schema.allOf[0], refName);
  }
  if (schema['x-kubernetes-int-or-string'] === true || schema.format === 'int-or-string') return 'o';
  const type = Array.isArray(schema.type) ? (schema.type.length === 1 ? schema.type[0] : undefined) : schema.type;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  if (type === undefined) {
    if (schema.properties !== undefined || embedded) return objectShape(schema, refName, preserve, embedded);
    const alternatives = schema.oneOf ?? schema.anyOf;
    const kinds = new Set(alternatives?.map((alternative) => alternative.type));
    if (kinds.size === 2 && kinds.has('string') && kinds.has('number')) return 'q';
    if (kinds.size === 2 && kinds.has('string') && kinds.has('integer')) return 'o';
    return '*';
  }
  if (type in scalarCodes) {
    const code = scalarCodes[type] as string;
    if (Array.isArray(schema.enum) && schema.enum.length > 0) return { t: code, e: schema.enum };
    return code;
  }
  if (type === 'array') {
    const items = Array.isArray(schema.items) ? undefined : schema.items;
    return { a: compactSchema(items, refName) };
  }
  if (type === 'object') return objectShape(schema, refName, preserve, embedded);
  return '*';
}

function objectShape(
  schema: OpenApiSchema,
  refName: ((ref: string) => string) | undefined,
  preserve: boolean,
  embedded: boolean,
): CompactNode {
  const shape: CompactShape = {};
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  if (names.length > 0) {
    const compacted: Record<string, CompactNode> = {};
    for (const name of names) compacted[name] = compactSchema(properties[name], refName);
    shape.p = compacted;
  }
  const required = (schema.required ?? []).filter((name) => typeof name === 'string');
  if (required.length > 0) shape.r = required;
  const additional = schema.additionalProperties;
  if (additional === true) shape.m = '*';
  else if (additional && typeof additional === 'object') shape.m = compactSchema(additional, refName);
  const flags = (preserve ? 1 : 0) | (embedded ? 2 : 0);
  if (flags !== 0) shape.x = flags as 1 | 2 | 3;
  // A mapping that names no field takes any (RawExtension, FieldsV1, a CRD's free-form object).
  if (shape.p === undefined && shape.m === undefined && !embedded) return preserve || names.length === 0 ? 'O' : shape;
  return shape;
}
