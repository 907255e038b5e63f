import { isMap } from 'yaml';
import { celStringList } from '../../admission/cel-text.ts';
import type { AdmissionForm } from '../../admission/form.ts';
import { getPair, headRange, nodeRange, pairRange } from '../../documents/yaml.ts';
import { insertMapEntryAfter, setMapPath, yamlString } from '../../fix/yaml-edit.ts';
import type { Fix, OffsetRange } from '../../types.ts';
import { sentenceList } from '../message-lists.ts';
import { defineRule, type ManifestRuleContext, type NamespacesAround } from '../rule.ts';
import { describeObject, livesInNamespace, namespacePair, reservedNamespaces } from './namespaces.ts';

const onceNote = '(Said once per file, at its first object.)';

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
  // The note is about the file: a file of twenty objects written for any namespace is one note, not twenty.
  oncePerFile: (finding) => (finding.message.endsWith(onceNote) ? 'written for any namespace' : undefined),
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
  const around: NamespacesAround = context.namespacesAround?.() ?? { inFile: [] };
  const signal = namespaceSignal(context, around);
  if (signal) {
    const target = signal.namespace ?? targetNamespace(context);
    const fix = target ? insertNamespace(context, target) : undefined;
    context.report({
      range: missingRange(context),
      message: `${describeObject(object)} has no metadata.namespace, while ${signal.seen}: it goes to the namespace it is applied with (kubectl apply -n), or else to whatever namespace the current kube context points at, not necessarily that one; ${reason}. Set metadata.namespace${target ? ` (${target})` : ''}.`,
      ...(fix ? { fix } : {}),
    });
    return;
  }
  // Nothing around names a namespace: the files are written for the namespace they are applied in, as DMTN-095
  // 1.2.6 describes working within a namespace context. What matters then is the context, not the file.
  const target = targetNamespace(context);
  const fix = target ? insertNamespace(context, target) : undefined;
  const checkTheContext =
    'Before applying it, make sure of the namespace: kubectl lsst context shows the current one and switches safely';
  const message = context.kustomizeBase
    ? `${describeObject(object)} names no namespace, nor does the kustomization that lists it or an overlay found near it: it takes the namespace it is built into (an overlay's namespace:, or kubectl apply -k DIRECTORY -n NAMESPACE), and without one it goes to whatever namespace the current kube context points at. ${checkTheContext} (guideline 1.2.6). To tie it to one application's namespace, set namespace: in the kustomization or in the overlay that deploys it. ${onceNote}`
    : `${describeObject(object)} names no namespace, and nothing else ${around.inFolder !== undefined ? 'in its file or folder' : 'in its file'} does: it is written for the namespace it is applied in (kubectl apply -n NAMESPACE), and without one it goes to whatever namespace the current kube context points at. ${checkTheContext} (guideline 1.2.6). To tie it to one application's namespace, set metadata.namespace${target ? ` (${target})` : ''}. ${onceNote}`;
  context.report({ range: missingRange(context), severity: 'info', note: true, message, ...(fix ? { fix } : {}) });
}

interface NamespaceSignal {
  /** What was seen that names the namespace the object was meant for, as the message says it. */
  seen: string;
  /** The one namespace that signal names, when it names one. */
  namespace?: string;
}

/**
 * What says the object was meant for a namespace of its own: the other objects of its file, else the other
 * manifests of its folder, name one (reserved ones aside, which are findings of their own), or the configuration
 * names the team's. Undefined when nothing does.
 */
function namespaceSignal(context: ManifestRuleContext, around: NamespacesAround): NamespaceSignal | undefined {
  const inFile = around.inFile.filter((name) => !reservedNamespaces.includes(name));
  if (inFile.length > 0) {
    return {
      seen: `the other objects of this file name theirs (${sentenceList(inFile.map(quoted))})`,
      ...(inFile.length === 1 ? { namespace: inFile[0] } : {}),
    };
  }
  const inFolder = (around.inFolder ?? []).filter((name) => !reservedNamespaces.includes(name));
  if (inFolder.length > 0) {
    return {
      seen: `other manifests of its folder name theirs (${sentenceList(inFolder.map(quoted))})`,
      ...(inFolder.length === 1 ? { namespace: inFolder[0] } : {}),
    };
  }
  const configured = context.config.namespaces.default;
  if (configured !== undefined && configured !== '' && !reservedNamespaces.includes(configured)) {
    // The kube context's namespace, when one is in play, still comes first for the fix, as in the note.
    return { seen: `the configuration names the team's (namespaces.default: ${configured})` };
  }
  return undefined;
}

const quoted = (name: string) => `"${name}"`;

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
