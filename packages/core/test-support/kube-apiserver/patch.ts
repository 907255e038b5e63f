// The three patch kinds kube-apiserver accepts: JSON merge patch (RFC 7396), JSON patch (RFC 6902) and
// strategic merge patch, the last for the list-merge keys of the fields the tests and kubectl touch.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const result: JsonObject = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value) as Json;
  }
  return result;
}

/** Merge keys by list field, after Kubernetes' `patchMergeKey` struct tags. */
const mergeKeys: Record<string, string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  imagePullSecrets: ['name'],
  ports: ['containerPort', 'port'],
  hostAliases: ['ip'],
  tolerations: [],
  finalizers: [],
  ownerReferences: ['uid'],
  conditions: ['type'],
};

function mergeKeyFor(field: string, items: unknown[]): string | undefined {
  const candidates = mergeKeys[field] ?? ['name'];
  return candidates.find((key) => items.every((item) => isObject(item) && key in item));
}

export function strategicMergePatch(target: unknown, patch: unknown, field = ''): unknown {
  if (Array.isArray(patch)) return mergeList(field, Array.isArray(target) ? target : [], patch);
  if (!isObject(patch)) return clone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return clone(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const result: JsonObject = isObject(target) ? clone(target) : {};
  const orders: Record<string, Json[]> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith('$setElementOrder/')) {
      orders[key.slice('$setElementOrder/'.length)] = value as Json[];
      continue;
    }
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const list = key.slice('$deleteFromPrimitiveList/'.length);
      const current = result[list];
      if (Array.isArray(current) && Array.isArray(value)) result[list] = current.filter((v) => !value.includes(v));
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const merged = strategicMergePatch(result[key], value, key);
    if (merged === undefined) delete result[key];
    else result[key] = merged as Json;
  }
  for (const [key, order] of Object.entries(orders)) {
    const current = result[key];
    if (!Array.isArray(current)) continue;
    result[key] = orderList(key, current, order);
  }
  return result;
}

function mergeList(field: string, target: Json[], patch: Json[]): Json[] {
  const objects = patch.filter(isObject);
  if (objects.length === 0 || objects.length !== patch.length) return clone(patch);
  const key = mergeKeyFor(field, [...target, ...patch.filter((item) => isObject(item) && item.$patch !== 'delete')]);
  if (key === undefined) return clone(patch);
  const result = clone(target);
  for (const item of objects) {
    const index = result.findIndex((existing) => isObject(existing) && existing[key] === item[key]);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) result[index] = strategicMergePatch(result[index], item, field) as Json;
    else result.push(strategicMergePatch(undefined, item, field) as Json);
  }
  return result;
}

function orderList(field: string, list: Json[], order: Json[]): Json[] {
  const key = mergeKeyFor(field, [...list, ...order]);
  if (key === undefined) return list;
  const position = (item: Json) => order.findIndex((o) => isObject(o) && isObject(item) && o[key] === item[key]);
  return [...list].sort((a, b) => {
    const pa = position(a);
    const pb = position(b);
    return (pa < 0 ? Number.MAX_SAFE_INTEGER : pa) - (pb < 0 ? Number.MAX_SAFE_INTEGER : pb);
  });
}

export class JsonPatchError extends Error {}

interface JsonPatchOperation {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function parentOf(document: unknown, tokens: string[], path: string): { parent: JsonObject | Json[]; last: string } {
  let current: unknown = document;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isObject(current)) current = current[token];
    else current = undefined;
    if (current === undefined) throw new JsonPatchError(`doc is missing path: "${path}"`);
  }
  if (!Array.isArray(current) && !isObject(current)) throw new JsonPatchError(`doc is missing path: "${path}"`);
  return { parent: current, last: tokens[tokens.length - 1] ?? '' };
}

function read(document: unknown, path: string): unknown {
  let current: unknown = document;
  for (const token of pointer(path)) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isObject(current)) current = current[token];
    else current = undefined;
    if (current === undefined) throw new JsonPatchError(`doc is missing path: "${path}"`);
  }
  return current;
}

function add(document: unknown, path: string, value: unknown): unknown {
  const tokens = pointer(path);
  if (tokens.length === 0) return clone(value);
  const { parent, last } = parentOf(document, tokens, path);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length)
      throw new JsonPatchError(`add operation does not apply: index out of bounds: ${path}`);
    parent.splice(index, 0, clone(value) as Json);
  } else parent[last] = clone(value) as Json;
  return document;
}

function remove(document: unknown, path: string): unknown {
  const tokens = pointer(path);
  const { parent, last } = parentOf(document, tokens, path);
  if (Array.isArray(parent)) {
    const index = Number(last);
    if (!(index >= 0 && index < parent.length)) throw new JsonPatchError(`doc is missing path: "${path}"`);
    parent.splice(index, 1);
  } else {
    if (!(last in parent)) throw new JsonPatchError(`doc is missing path: "${path}"`);
    delete parent[last];
  }
  return document;
}

export function jsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new JsonPatchError('a JSON patch is a list of operations');
  let document = clone(target);
  for (const raw of operations as JsonPatchOperation[]) {
    if (!isObject(raw) || typeof raw.path !== 'string')
      throw new JsonPatchError('each operation needs "op" and "path"');
    switch (raw.op) {
      case 'add':
        document = add(document, raw.path, raw.value);
        break;
      case 'remove':
        document = remove(document, raw.path);
        break;
      case 'replace':
        read(document, raw.path);
        document = add(remove(document, raw.path), raw.path, raw.value);
        break;
      case 'move': {
        const value = read(document, raw.from ?? '');
        document = add(remove(document, raw.from ?? ''), raw.path, value);
        break;
      }
      case 'copy':
        document = add(document, raw.path, read(document, raw.from ?? ''));
        break;
      case 'test':
        if (JSON.stringify(read(document, raw.path)) !== JSON.stringify(raw.value))
          throw new JsonPatchError(`testing value ${raw.path} failed`);
        break;
      default:
        throw new JsonPatchError(`unexpected kind of operation: ${String(raw.op)}`);
    }
  }
  return document;
}
