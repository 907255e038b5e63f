// An object of a checked file as the API server would receive it: JSON, read as Kubernetes reads YAML.
import type { KubeObject } from '../documents/yaml.ts';

/** The object as JSON; YAML 1.1 timestamps stay the text they were (Kubernetes' decoder keeps them as strings). */
export function objectJson(object: KubeObject): Record<string, unknown> {
  const value = object.map.toJS(object.document.document, { maxAliasCount: 10_000 }) as unknown;
  return plain(value) as Record<string, unknown>;
}

function plain(value: unknown): unknown {
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, item]) => [String(key), plain(item)]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  }
  return value;
}
