// Policies as YAML text, and back: what `policy export` writes and `policy test --policies` reads.
import { parseAllDocuments, stringify } from 'yaml';

/** Objects as YAML documents, each after `---`. */
export function policyDocuments(objects: readonly Record<string, unknown>[]): string {
  return objects.map((object) => `---\n${stringify(object, { lineWidth: 0 })}`).join('');
}

/**
 * The policies and bindings of an exported file, and ConfigMaps (the approved ports the public-exposure
 * binding reads as params); an error message when the text is not YAML.
 */
export function readPolicyObjects(text: string): { objects: Record<string, unknown>[]; error?: string } {
  const objects: Record<string, unknown>[] = [];
  for (const document of parseAllDocuments(text)) {
    const error = document.errors[0];
    if (error) return { objects, error: error.message };
    const value = document.toJS({ maxAliasCount: 100 }) as unknown;
    if (value === null || typeof value !== 'object') continue;
    const { kind, apiVersion } = value as { kind?: unknown; apiVersion?: unknown };
    if (
      kind === 'ValidatingAdmissionPolicy' ||
      kind === 'ValidatingAdmissionPolicyBinding' ||
      (kind === 'ConfigMap' && apiVersion === 'v1')
    ) {
      objects.push(value as Record<string, unknown>);
    }
  }
  return { objects };
}
