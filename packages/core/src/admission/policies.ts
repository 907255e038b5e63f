// Assembling ValidatingAdmissionPolicies and their bindings from the rules' admission forms, for one
// target cluster: its Kubernetes version chooses the API version, its role the binding's actions.
import type { ClusterConfig, Exemption, ResolvedConfig, ValidationAction } from '../config/model.ts';
import { approvedPortsConfigMapName } from '../port-request-id.ts';
import type { Rule } from '../rules/rule.ts';
import { isExpired, isoDay } from '../suppress/judge.ts';
import type { Severity } from '../types.ts';
import { celString, daysBeforePattern, globToRegex, regexLiteral, workloadVariables } from './cel-text.ts';
import type { AdmissionCheck, AdmissionForm, CelScope } from './form.ts';
import { resourceOf } from './resources.ts';

export type { ValidationAction } from '../config/model.ts';
export type ActionChoice = 'deny' | 'warn' | 'audit';

const choiceActions: Readonly<Record<ActionChoice, readonly ValidationAction[]>> = {
  deny: ['Deny'],
  warn: ['Warn', 'Audit'],
  audit: ['Audit'],
};

export interface PolicyExportOptions {
  config: ResolvedConfig;
  target: ClusterConfig;
  /** The rules to export (those without an admission form are listed as not exported). */
  rules: readonly Rule[];
  /** Overrides the actions the target's role gives. */
  action?: ActionChoice;
  /** Suppressions and exemptions past their date are left out as of this day. */
  now: Date;
}

export interface NotExported {
  rule: string;
  why: string;
}

export interface PolicyExport {
  target: string;
  /** The admissionregistration.k8s.io version the target serves the kinds in; undefined when it cannot run them. */
  apiVersion?: string;
  /** Policies and bindings, each binding after its policy. */
  objects: Record<string, unknown>[];
  notExported: NotExported[];
  /** What a sysadmin must know about this export (beta API, exemptions the cluster cannot see). */
  notes: string[];
  /** Set when the target cannot run ValidatingAdmissionPolicies at all. */
  problem?: string;
}

export const managedByLabel = { 'app.kubernetes.io/managed-by': 'kubectl-lsst' };
export const ruleAnnotation = 'lsst.io/rule';

/** Which version of the kinds a Kubernetes version serves: v1 from 1.30, v1beta1 in 1.28 and 1.29 (off by default). */
export function admissionApiVersion(kubernetesVersion: string): {
  apiVersion?: string;
  note?: string;
  problem?: string;
} {
  const match = /^(\d+)\.(\d+)/.exec(kubernetesVersion);
  const minor = match && match[1] === '1' ? Number(match[2]) : undefined;
  if (minor === undefined) {
    return {
      problem: `its kubernetesVersion "${kubernetesVersion}" is not a 1.x version; set it as "1.30" in .lsst.yaml.`,
    };
  }
  if (minor >= 30) return { apiVersion: 'admissionregistration.k8s.io/v1' };
  if (minor >= 28) {
    return {
      apiVersion: 'admissionregistration.k8s.io/v1beta1',
      note: `Kubernetes 1.${minor} serves ValidatingAdmissionPolicy as v1beta1, off by default: the API server needs --feature-gates=ValidatingAdmissionPolicy=true and --runtime-config=admissionregistration.k8s.io/v1beta1=true.`,
    };
  }
  return {
    problem: `Kubernetes 1.${minor} cannot run these policies: ValidatingAdmissionPolicy is alpha before 1.28 and lacks the variables and match conditions they use. Upgrade the cluster to 1.30 (or 1.28 with the beta enabled), or check its manifests with kubectl lsst check.`,
  };
}

/** The policy's name: the rule's, prefixed, with `/` as `-` (object names allow no `/`). */
export function policyName(rule: string, advice = false): string {
  return `lsst-${rule.replace(/\//g, '-')}${advice ? '-advice' : ''}`;
}

const workloadResources = [
  {
    apiGroups: [''],
    apiVersions: ['*'],
    resources: ['pods', 'pods/ephemeralcontainers', 'podtemplates', 'replicationcontrollers'],
  },
  { apiGroups: ['apps'], apiVersions: ['*'], resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'] },
  { apiGroups: ['batch'], apiVersions: ['*'], resources: ['cronjobs', 'jobs'] },
];
const namespacedResources = [{ apiGroups: ['*'], apiVersions: ['*'], resources: ['*'], scope: 'Namespaced' }];
// OpenShift serves the same Role shapes under its own group (rules/rbac/rbac.ts).
const roleResources = [
  {
    apiGroups: ['rbac.authorization.k8s.io', 'authorization.openshift.io'],
    apiVersions: ['*'],
    resources: ['clusterroles', 'roles'],
  },
];
const volumeResources = [
  ...workloadResources.map((rule) =>
    rule.apiGroups[0] === '' ? { ...rule, resources: [...rule.resources, 'persistentvolumes'].sort() } : rule,
  ),
];
const bindingResources = [
  {
    apiGroups: ['rbac.authorization.k8s.io', 'authorization.openshift.io'],
    apiVersions: ['*'],
    resources: ['clusterrolebindings', 'rolebindings'],
  },
];

/** What can open a port outside the cluster (rules/network/public-exposure.ts), with the configured ingress-like kinds. */
function exposureResources(config: ResolvedConfig): Record<string, unknown>[] {
  const byGroup = new Map<string, Set<string>>([
    ['*', new Set(['ingresses', 'routes'])],
    ['gateway.networking.k8s.io', new Set(['gateways', 'httproutes'])],
  ]);
  for (const entry of config.network.ingressKinds) {
    const dot = entry.indexOf('.');
    const group = dot === -1 ? '*' : entry.slice(dot + 1);
    const kind = dot === -1 ? entry : entry.slice(0, dot);
    const resources = byGroup.get(group) ?? new Set<string>();
    resources.add(resourceOf(kind));
    byGroup.set(group, resources);
  }
  return [
    ...workloadResources.map((rule) =>
      rule.apiGroups[0] === '' ? { ...rule, resources: [...rule.resources, 'services'].sort() } : rule,
    ),
    ...[...byGroup].map(([group, resources]) => ({
      apiGroups: [group],
      apiVersions: ['*'],
      resources: [...resources].sort(),
    })),
  ];
}

function resourcesOf(form: AdmissionForm, config: ResolvedConfig): Record<string, unknown>[] {
  switch (form.match) {
    case 'workloads':
      return workloadResources;
    case 'volumes':
      return volumeResources;
    case 'namespaced':
      return namespacedResources;
    case 'roles':
      return roleResources;
    case 'bindings':
      return bindingResources;
    case 'exposures':
      return exposureResources(config);
  }
}

/** The ConfigMap of approved port request ids that request-port approve and deny keep, as the export creates it. */
export function approvedPortsConfigMap(namespace: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: approvedPortsConfigMapName,
      namespace,
      labels: { ...managedByLabel },
      annotations: {
        'lsst.io/description':
          'Approved port requests, one key per request id: kept by kubectl lsst request-port approve and deny, read by the policy lsst-network-public-exposure. Apply, never replace.',
      },
    },
  };
}

/**
 * The cluster's own components (the control plane, nodes, the controllers in kube-system) are not
 * judged: they create Pods from templates that were judged already, and keep kube-system running.
 */
export const controlPlaneCondition = {
  name: 'not-the-cluster-itself',
  expression:
    "!(request.userInfo.username.startsWith('system:') && !request.userInfo.username.startsWith('system:serviceaccount:')) && !request.userInfo.username.startsWith('system:serviceaccount:kube-system:')",
};

/** Exports every rule for one target. */
export function exportPolicies(options: PolicyExportOptions): PolicyExport {
  const { config, target } = options;
  const result: PolicyExport = { target: target.name, objects: [], notExported: [], notes: [] };
  const version = admissionApiVersion(target.kubernetesVersion);
  if (version.problem || !version.apiVersion) {
    result.problem = `Cluster "${target.name}" (Kubernetes ${target.kubernetesVersion}): ${version.problem}`;
    return result;
  }
  result.apiVersion = version.apiVersion;
  if (version.note) result.notes.push(`Cluster "${target.name}": ${version.note}`);
  const actions = options.action ? choiceActions[options.action] : config.admission.validationActions[target.role];
  if (actions.includes('Deny') && actions.includes('Warn')) {
    result.problem = `Cluster "${target.name}": admission.validationActions.${target.role} in .lsst.yaml has both Deny and Warn, which Kubernetes refuses in one binding. Keep one of them (Audit goes with either).`;
    return result;
  }
  const today = isoDay(options.now);
  let needsApprovedPorts = false;

  for (const rule of options.rules) {
    const form = rule.admission;
    const configured = config.rules[rule.name]?.severity;
    if (!form) {
      result.notExported.push({ rule: rule.name, why: notExpressible(rule) });
      continue;
    }
    if (configured === 'off') {
      result.notExported.push({ rule: rule.name, why: 'turned off in the configuration' });
      continue;
    }
    const suppressible = config.rules[rule.name]?.suppressible !== false;
    const suppression = suppressible
      ? suppressionCel(rule.name, config.exemptions, options.now, today, result.notes)
      : undefined;
    const scope: CelScope = {
      config,
      target,
      containerSuppressed: (container) => suppression?.container(container) ?? 'false',
    };
    const bySeverity = (severity: Severity) => (configured ?? severity) === 'error';
    const applicable = form.checks.filter((check) => check.when?.(scope) ?? true);
    if (applicable.length === 0) {
      result.notExported.push({
        rule: rule.name,
        why: `${form.whyNotOnTarget ?? 'judges nothing'} ("${target.name}" is ${target.role})`,
      });
      continue;
    }
    const errors = applicable.filter((check) => bySeverity(check.severity));
    const advice = applicable.filter((check) => !bySeverity(check.severity));
    const groups: [AdmissionCheck[], boolean, readonly ValidationAction[]][] = [
      [errors, false, actions],
      [advice, true, options.action === 'audit' ? ['Audit'] : ['Warn']],
    ];
    for (const [checks, isAdvice, groupActions] of groups) {
      if (checks.length === 0) continue;
      const name = policyName(rule.name, isAdvice);
      const metadata = {
        name,
        labels: { ...managedByLabel },
        annotations: { [ruleAnnotation]: rule.name, 'lsst.io/guideline': rule.guideline },
      };
      const matchConditions = [controlPlaneCondition];
      if (suppression?.object) matchConditions.push({ name: 'not-suppressed', expression: `!(${suppression.object})` });
      const variables = [
        ...(form.match === 'workloads' || form.match === 'volumes' || form.match === 'exposures'
          ? workloadVariables.map((variable) => ({ ...variable }))
          : []),
        ...(form.variables?.(scope) ?? []),
      ];
      if (form.params) needsApprovedPorts = true;
      result.objects.push({
        apiVersion: version.apiVersion,
        kind: 'ValidatingAdmissionPolicy',
        metadata,
        spec: {
          failurePolicy: 'Fail',
          ...(form.params ? { paramKind: { apiVersion: 'v1', kind: 'ConfigMap' } } : {}),
          matchConstraints: {
            resourceRules: resourcesOf(form, config).map((resourceRule) => ({
              ...resourceRule,
              operations: ['CREATE', 'UPDATE'],
            })),
          },
          matchConditions,
          ...(variables.length > 0 ? { variables } : {}),
          validations: checks.map((check) => ({
            expression: check.expression(scope),
            message: `${rule.name}: ${check.message}`,
            reason: 'Forbidden',
          })),
        },
      });
      result.objects.push({
        apiVersion: version.apiVersion,
        kind: 'ValidatingAdmissionPolicyBinding',
        metadata: { name, labels: { ...managedByLabel }, annotations: { [ruleAnnotation]: rule.name } },
        spec: {
          policyName: name,
          ...(form.params
            ? {
                paramRef: {
                  name: approvedPortsConfigMapName,
                  namespace: config.portRequests.namespace,
                  parameterNotFoundAction: 'Deny',
                },
              }
            : {}),
          validationActions: [...groupActions],
        },
      });
    }
  }
  if (needsApprovedPorts) {
    result.objects.push(approvedPortsConfigMap(config.portRequests.namespace));
    result.notes.push(
      `network/public-exposure reads the approved port requests from the ConfigMap ${config.portRequests.namespace}/${approvedPortsConfigMapName}, which this export creates empty and kubectl lsst request-port approve and deny keep: apply the export (never replace it), after creating the namespace ${config.portRequests.namespace}. While that ConfigMap is missing, the API server refuses every object the policy matches.`,
    );
  }
  return result;
}

/** Why a rule has no admission form, for rules whose reason is particular. */
const reasonsNotExported: Readonly<Record<string, string>> = {
  'cluster/api-version': 'the API server itself refuses the API versions it does not serve',
  'container/single-purpose': 'judges Dockerfiles and the text of commands, which CEL cannot parse as a shell does',
  'image/supported-base': 'depends on the date, and CEL in Kubernetes has no clock',
  'namespace/matches-context': "compares with a person's kube context, which the API server does not know",
};

function notExpressible(rule: Rule): string {
  if (!rule.appliesTo.includes('manifest')) return 'judges Dockerfiles, which the API server never sees';
  if (rule.name.startsWith('input/')) return 'judges the text of files, not the objects the API server receives';
  const notYet = 'its admission form (CEL) is not written yet: it is checked in files and by check --cluster only';
  return (
    reasonsNotExported[rule.name] ??
    (rule.defaultSeverity === 'error' ? notYet : `it only warns (a ${rule.defaultSeverity} by default), and ${notYet}`)
  );
}

interface SuppressionCel {
  /** CEL true when the whole object is exempt or suppressed for the rule; undefined when nothing can be. */
  object?: string;
  /** CEL true when findings about the container (a CEL expression for it) are suppressed. */
  container(container: string): string;
}

// A rule word of an lsst.io/ignore value: anything between commas and blanks except the `--` that starts the reason.
const ruleWord = String.raw`(?:[^\s,-][^\s,]*|-|-[^\s,-][^\s,]*|--[^\s,]+)`;

/** The suppressions the cluster can see: the lsst.io/ignore annotations and the configured exemptions. */
function suppressionCel(
  rule: string,
  exemptions: readonly Exemption[],
  now: Date,
  today: string,
  notes: string[],
): SuppressionCel {
  const names = String.raw`^\s*(?:${ruleWord}[\s,]+)*${regexLiteral(rule)}(?:[\s,]|$)`;
  const expired = String.raw`(?:^|\s)until\s+${daysBeforePattern(today)}\s*$`;
  const annotations = 'object.metadata.annotations';
  const annotation = (key: string) =>
    `(has(${annotations}) && ${key} in ${annotations} && ${annotations}[${key}].matches(${celString(names)}) && !${annotations}[${key}].matches(${celString(expired)}))`;
  const objectParts = [annotation(celString('lsst.io/ignore'))];
  const containerExemptions: string[] = [];
  for (const exemption of exemptions) {
    if (exemption.rule !== rule || isExpired(exemption.until, now)) continue;
    if (exemption.path !== undefined) {
      notes.push(
        `The exemption of ${rule} for files "${exemption.path}" is not exported: the API server sees objects, not files. Exempt by namespace, kind and name for the cluster.`,
      );
      continue;
    }
    const parts: string[] = [];
    const glob = (value: string, pattern: string, field: string): boolean => {
      const regex = globToRegex(pattern);
      if (!regex) {
        notes.push(
          `The exemption of ${rule} with ${field} "${pattern}" is not exported: write the glob with *, ?, [] and {} only.`,
        );
        return false;
      }
      parts.push(`${regex.negated ? '!' : ''}${value}.matches(${celString(regex.pattern)})`);
      return true;
    };
    if (exemption.kind !== undefined) parts.push(`object.kind == ${celString(exemption.kind)}`);
    if (exemption.namespace !== undefined) {
      parts.push("request.namespace != ''");
      if (!glob('request.namespace', exemption.namespace, 'namespace')) continue;
    }
    if (exemption.name !== undefined) {
      parts.push('has(object.metadata.name)');
      if (!glob('object.metadata.name', exemption.name, 'name')) continue;
    }
    if (exemption.until !== undefined) {
      notes.push(
        `The exemption of ${rule} (${describeExemption(exemption)}) ends after ${exemption.until}, but the API server has no clock for CEL: export the policies again after that day.`,
      );
    }
    if (exemption.container !== undefined) {
      const regex = globToRegex(exemption.container);
      if (!regex) {
        notes.push(
          `The exemption of ${rule} with container "${exemption.container}" is not exported: write the glob with *, ?, [] and {} only.`,
        );
        continue;
      }
      const containerTest = `${regex.negated ? '!' : ''}CONTAINER.name.matches(${celString(regex.pattern)})`;
      containerExemptions.push(`(${[...parts, 'has(CONTAINER.name)', containerTest].join(' && ')})`);
      continue;
    }
    objectParts.push(parts.length === 0 ? 'true' : `(${parts.join(' && ')})`);
  }
  return {
    object: objectParts.join(' || '),
    container: (container) => {
      const key = `'lsst.io/ignore.' + ${container}.name`;
      const own = `(has(${container}.name) && ${annotation(key)})`;
      const exempt = containerExemptions.map((text) => text.replaceAll('CONTAINER', container));
      return `(${[own, ...exempt].join(' || ')})`;
    },
  };
}

function describeExemption(exemption: Exemption): string {
  return (['namespace', 'kind', 'name', 'container'] as const)
    .filter((key) => exemption[key] !== undefined)
    .map((key) => `${key} ${exemption[key]}`)
    .join(', ');
}
