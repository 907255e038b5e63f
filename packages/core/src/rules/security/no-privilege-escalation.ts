import { isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { AdmissionForm } from '../../admission/form.ts';
import type { ContainerRef } from '../../documents/workloads.ts';
import { podSpecOf } from '../../documents/workloads.ts';
import { getMap, getPair, getSeq, nodeRange, pairRange, stringAt } from '../../documents/yaml.ts';
import { replaceScalarText, setMapPath } from '../../fix/yaml-edit.ts';
import type { Fix, TextEdit } from '../../types.ts';
import { defineRule, type ManifestRuleContext } from '../rule.ts';

/** The one capability a container may add: binding a port below 1024 without being root. */
export const allowedCapabilities: readonly string[] = ['NET_BIND_SERVICE'];

const reason =
  'guideline 1.2.4: no developer process runs as root, and access to sensitive parts of the system is restricted';

export const noPrivilegeEscalation = defineRule({
  name: 'security/no-privilege-escalation',
  guideline: '1.2.4',
  description:
    'Containers cannot gain privileges: not privileged, allowPrivilegeEscalation: false, no added capabilities beyond NET_BIND_SERVICE, no host PID or IPC namespace.',
  defaultSeverity: 'error',
  appliesTo: ['manifest'],
  fixable: true,
  checkManifest,
  admission: admissionForm(),
});

function checkManifest(context: ManifestRuleContext): void {
  const pod = podSpecOf(context.object);
  if (pod) {
    for (const key of ['hostPID', 'hostIPC'] as const) {
      const pair = getPair(pod.spec, key);
      if (pair && isTrueValue(pair.value)) {
        const what =
          key === 'hostPID'
            ? "every process of the node (the node's PID namespace), and signal them"
            : "the node's shared memory and IPC namespace";
        context.report({
          range: pairRange(pair),
          message: `${key}: true lets the pod see ${what}, outside its own container (${reason}). Remove ${key}.`,
        });
      }
    }
  }
  // Kubernetes refuses allowPrivilegeEscalation in a pod for Windows nodes.
  const windows = pod ? stringAt(pod.spec, 'os', 'name') === 'windows' : false;
  for (const container of context.containers) checkContainer(context, container, windows);
}

function checkContainer(context: ManifestRuleContext, container: ContainerRef, windows: boolean): void {
  const label = `Container "${container.name ?? `#${container.index + 1}`}"`;
  const scoped = container.name ? { container: container.name } : {};
  const securityContext = getMap(container.map, 'securityContext');
  const privileged = securityContext ? getPair(securityContext, 'privileged') : undefined;
  const privilegedTrue = privileged !== undefined && isTrueValue(privileged.value);
  const privilegedOff = privilegedTrue && privileged ? falseEdit(context.text, privileged) : undefined;

  if (privilegedTrue && privileged && privilegedOff) {
    context.report({
      range: pairRange(privileged),
      message: `${label} is privileged: it has every capability and access to the node's devices, as root on the node (${reason}). Set privileged: false, and add only the capability it needs.`,
      fix: { description: 'Set privileged: false', edits: [privilegedOff] },
      ...scoped,
    });
  }

  const added = addedCapabilities(securityContext);
  for (const item of added) {
    if (allowedCapabilities.includes(capabilityName(item.value))) continue;
    context.report({
      range: nodeRange(item),
      message: `${label} adds the capability ${String(item.value)}, a share of root's power (${reason}). Remove it; only NET_BIND_SERVICE may be added (to bind a port below 1024).`,
      ...scoped,
    });
  }

  if (windows) return;
  const escalation = securityContext ? getPair(securityContext, 'allowPrivilegeEscalation') : undefined;
  const escalationValue = escalation?.value;
  if (escalation && isScalar(escalationValue) && escalationValue.value === false) return;
  // Kubernetes refuses allowPrivilegeEscalation: false next to CAP_SYS_ADMIN; that capability is reported above.
  const sysAdmin = added.some((item) => capabilityName(item.value) === 'SYS_ADMIN');
  const fix = sysAdmin ? undefined : escalationFix(container, context.text, privilegedOff);
  if (escalation && isTrueValue(escalationValue)) {
    context.report({
      range: pairRange(escalation),
      message: `${label} sets allowPrivilegeEscalation: true, so its processes can gain more privileges than they started with (setuid binaries such as sudo) (${reason}). Set allowPrivilegeEscalation: false.`,
      ...(fix ? { fix } : {}),
      ...scoped,
    });
    return;
  }
  // A kustomize patch holds only what it changes: the container it patches may set it.
  if (context.kustomizePatch) return;
  context.report({
    range: escalation ? pairRange(escalation) : container.headRange,
    severity: 'warning',
    message: `${label} does not set allowPrivilegeEscalation: false, so its processes can gain more privileges than they started with (setuid binaries such as sudo) (${reason}). Set allowPrivilegeEscalation: false in its securityContext.`,
    ...(fix ? { fix } : {}),
    ...scoped,
  });
}

function isTrueValue(node: unknown): boolean {
  return isScalar(node) && node.value === true;
}

function capabilityName(value: unknown): string {
  return String(value ?? '')
    .trim()
    .toUpperCase()
    .replace(/^CAP_/, '');
}

function addedCapabilities(securityContext: YAMLMap | undefined): Array<Node & { value?: unknown }> {
  const add = getSeq(securityContext, 'capabilities', 'add');
  if (!add) return [];
  return add.items.filter((item): item is Node & { value?: unknown } => isScalar(item) && item.value !== null);
}

function falseEdit(text: string, pair: Pair): TextEdit | undefined {
  const value = pair.value as Node | null;
  return value ? replaceScalarText(text, nodeRange(value), 'false') : undefined;
}

function escalationFix(container: ContainerRef, text: string, privilegedOff: TextEdit | undefined): Fix | undefined {
  const edit = setMapPath(text, container.map, ['securityContext'], 'allowPrivilegeEscalation', 'false');
  if (!edit) return undefined;
  // A privileged container escalates anyway, and Kubernetes refuses the two together.
  const edits = privilegedOff ? [edit, privilegedOff] : [edit];
  return {
    description: `Set allowPrivilegeEscalation: false${privilegedOff ? ' and privileged: false' : ''} in the container's securityContext`,
    edits,
  };
}

/** The same decisions in CEL, over the workload variables of admission/cel-text.ts. */
function admissionForm(): AdmissionForm {
  const pod = 'variables.podSpec';
  const windows = `(has(${pod}.os) && has(${pod}.os.name) && ${pod}.os.name == 'windows')`;
  const field = (name: string) => `(has(c.securityContext) && has(c.securityContext.${name}))`;
  const hostNamespace = (key: 'hostPID' | 'hostIPC', what: string) => ({
    severity: 'error' as const,
    expression: () => `!(has(${pod}.${key}) && ${pod}.${key} == true)`,
    message: `${key}: true lets the pod see ${what}, outside its own container (${reason}). Remove ${key}.`,
  });
  return {
    match: 'workloads',
    checks: [
      hostNamespace('hostPID', 'every process of the node (and signal them)'),
      hostNamespace('hostIPC', "the node's shared memory and IPC namespace"),
      {
        severity: 'error',
        expression: (scope) =>
          `variables.containers.all(c, ${scope.containerSuppressed('c')} || !(${field('privileged')} && c.securityContext.privileged == true))`,
        message: `A container is privileged: it has every capability and access to the node's devices, as root on the node (${reason}). Set privileged: false, and add only the capability it needs.`,
      },
      {
        severity: 'error',
        expression: (scope) =>
          `variables.containers.all(c, ${scope.containerSuppressed('c')} || !${field('capabilities')} || !has(c.securityContext.capabilities.add) || c.securityContext.capabilities.add.all(cap, cap.matches(r'^\\s*(?i:(?:CAP_)?${allowedCapabilities.join('|')})\\s*$')))`,
        message: `A container adds a capability, a share of root's power (${reason}). Remove it; only ${allowedCapabilities.join(', ')} may be added (to bind a port below 1024).`,
      },
      {
        severity: 'error',
        expression: (scope) =>
          `${windows} || variables.containers.all(c, ${scope.containerSuppressed('c')} || !(${field('allowPrivilegeEscalation')} && c.securityContext.allowPrivilegeEscalation == true))`,
        message: `A container sets allowPrivilegeEscalation: true, so its processes can gain more privileges than they started with (setuid binaries such as sudo) (${reason}). Set allowPrivilegeEscalation: false.`,
      },
      {
        severity: 'warning',
        expression: (scope) =>
          `${windows} || variables.containers.all(c, ${scope.containerSuppressed('c')} || (${field('allowPrivilegeEscalation')} && (c.securityContext.allowPrivilegeEscalation == false || c.securityContext.allowPrivilegeEscalation == true)))`,
        message: `A container does not set allowPrivilegeEscalation: false, so its processes can gain more privileges than they started with (setuid binaries such as sudo) (${reason}). Set allowPrivilegeEscalation: false in its securityContext.`,
      },
    ],
  };
}
