import { isMap } from 'yaml';
import { celStringList } from '../../admission/cel-text.ts';
import type { AdmissionForm } from '../../admission/form.ts';
import { getPair, headRange, nodeRange, pairRange } from '../../documents/yaml.ts';
import { insertMapEntryAfter, setMapPath, yamlString } from '../../fix/yaml-edit.ts';
import type { Fix, OffsetRange } from '../../types.ts';
import { defineRule, type ManifestRuleContext } from '../rule.ts';
import { describeObject, livesInNamespace, namespacePair, reservedNamespaces } from './namespaces.ts';

const reason =
  'namespaces partition applications into their areas (guideline 1.2.6; JupyterLab, for example, is deployed in jupyter-lsst)';

export const namespaceExplicit = defineRule({
  name: 'namespace/explicit',
  guideline: '1.2.6',
  description:
    "Every namespaced object names its namespace, and it is the application's own, not default or a kube- namespace.",
  defaultSeverity: 'warning',
  appliesTo: ['manifest'],
  fixable: true,
  judgesAbsence: true,
  checkManifest,
  admission: admissionForm(),
});

function checkManifest(context: ManifestRuleContext): void {
  const { object } = context;
  if (!livesInNamespace(object)) return;
  // kustomize's namespace: replaces whatever the file says.
  const fromKustomize = context.kustomizeNamespace;
  if (fromKustomize) {
    if (!reservedNamespaces.includes(fromKustomize.namespace)) return;
    context.report({
      range: missingRange(context),
      severity: 'error',
      message: `${describeObject(object)} is put in "${fromKustomize.namespace}" by the kustomization ${fromKustomize.kustomization}, ${whoseNamespace(fromKustomize.namespace)}; ${reason}. Set that kustomization's namespace to the application's own.`,
    });
    return;
  }
  const pair = namespacePair(context.object);
  if (pair && object.namespace !== undefined) {
    if (!reservedNamespaces.includes(object.namespace)) return;
    context.report({
      range: nodeRange(pair.value),
      severity: 'error',
      message: `${describeObject(object)} is in "${object.namespace}", ${whoseNamespace(object.namespace)}; ${reason}. Put it in the application's own namespace.`,
    });
    return;
  }
  const target = targetNamespace(context);
  const fix = target ? insertNamespace(context, target) : undefined;
  const example = target ? ` (e.g. ${target})` : '';
  if (context.kustomizeBase) {
    // A kustomize base leaves the namespace to whoever builds it: an overlay elsewhere may set it.
    context.report({
      range: missingRange(context),
      severity: 'info',
      message: `${describeObject(object)} has no metadata.namespace, and neither the kustomization beside it nor an overlay found near it sets one: its namespace depends on how the kustomization is built (an overlay's namespace:, or kubectl apply -k -n), and applied as it is, it goes to whatever namespace the current kube context points at; ${reason}. Set namespace: in the kustomization, or in the overlay that deploys it, or metadata.namespace${example}.`,
      ...(fix ? { fix } : {}),
    });
    return;
  }
  context.report({
    range: missingRange(context),
    message: `${describeObject(object)} has no metadata.namespace, so it goes to the namespace it is applied with (kubectl apply -n), or else to whatever namespace the current kube context points at, often default; ${reason}. Set metadata.namespace${example}.`,
    ...(fix ? { fix } : {}),
  });
}

function whoseNamespace(namespace: string): string {
  return namespace === 'default'
    ? 'the namespace everything lands in when nobody chose one'
    : "reserved for the cluster's own components";
}

/** The `metadata:` line, or the `kind:` line when there is no metadata. */
function missingRange(context: ManifestRuleContext): OffsetRange {
  const { object, text } = context;
  const metadata = getPair(object.map, 'metadata');
  const kind = getPair(object.map, 'kind');
  const pair = metadata ?? kind;
  if (!pair) return object.headRange;
  const [start, end] = pairRange(pair);
  const lineBreak = text.indexOf('\n', start);
  if (lineBreak === -1 || lineBreak >= end) return [start, end];
  return isMap(pair.value) && metadata ? nodeRange(metadata.key as never) : headRange(object.map, text);
}

/**
 * The namespace the fix inserts: the kube context's (or the --namespace flag's, which the caller
 * passes as the context namespace), else the configured `namespaces.default`; never a reserved one.
 */
function targetNamespace(context: ManifestRuleContext): string | undefined {
  const candidates = [context.contextNamespace, context.config.namespaces.default];
  return candidates.find(
    (name): name is string => name !== undefined && name !== '' && !reservedNamespaces.includes(name),
  );
}

function insertNamespace(context: ManifestRuleContext, namespace: string): Fix | undefined {
  // Quoted where YAML 1.1 would read a boolean, null or number: a namespace must stay a string.
  const value = yamlString(namespace);
  const metadataPair = getPair(context.object.map, 'metadata');
  const metadata = metadataPair?.value;
  const edit =
    isMap(metadata) && getPair(metadata, 'namespace') === undefined
      ? insertMapEntryAfter(context.text, metadata, 'name', 'namespace', value)
      : setMapPath(context.text, context.object.map, ['metadata'], 'namespace', value);
  return edit ? { description: `Set metadata.namespace to ${namespace}`, edits: [edit] } : undefined;
}

/**
 * At admission the API server has already given the object the request's namespace, so only a
 * reserved namespace can be refused there; a missing one is seen in files only.
 */
function admissionForm(): AdmissionForm {
  return {
    match: 'namespaced',
    checks: [
      {
        severity: 'error',
        expression: () => `!(request.namespace in ${celStringList(reservedNamespaces)})`,
        message: `The object is in default or a kube- namespace, reserved for the cluster's own components or for objects nobody placed; ${reason}. Put it in the application's own namespace.`,
      },
    ],
  };
}
