// A minimal OpenAPI v3 publication: one PATCH operation per kind carrying the `fieldValidation` query
// parameter, which tells kubectl that the server validates fields itself (so `kubectl apply` needs
// no client-side schema) and nothing more.
import { groupVersionOf, type ResourceType } from './resources.ts';

function documentPath(groupVersion: string): string {
  return groupVersion.includes('/') ? `apis/${groupVersion}` : `api/${groupVersion}`;
}

export function openApiRoot(resourceTypes: readonly ResourceType[]): {
  paths: Record<string, { serverRelativeURL: string }>;
} {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const t of resourceTypes) {
    const path = documentPath(groupVersionOf(t));
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=0` };
  }
  return { paths };
}

/** The document for `api/v1` or `apis/<group>/<version>`; undefined for other paths. */
export function openApiDocument(resourceTypes: readonly ResourceType[], path: string): unknown {
  const types = resourceTypes.filter((t) => documentPath(groupVersionOf(t)) === path && !t.review);
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const t of types) {
    const scope = t.namespaced ? '/namespaces/{namespace}' : '';
    paths[`/${path}${scope}/${t.resource}/{name}`] = {
      patch: {
        operationId: `patch${t.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
        parameters: [{ name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } }],
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1' }, paths };
}
