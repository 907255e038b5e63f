import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { celStringList } from '../../admission/cel-text.ts';
import type { AdmissionForm } from '../../admission/form.ts';
import { getSeq, nodeRange } from '../../documents/yaml.ts';
import { defineRule, type ManifestRuleContext } from '../rule.ts';
import { isRbacObject } from './rbac.ts';

const reason = 'users have roles restricted to their needs for development (guideline 1.2.4)';

const dangerousVerbs: Readonly<Record<string, string>> = {
  escalate: 'lets the holder create or change roles with permissions it does not have itself',
  bind: 'lets the holder bind any role, with permissions it does not have itself, to anyone',
  impersonate: 'lets the holder act as other users, groups or service accounts, with their permissions',
};

const readVerbs = new Set(['get', 'list', 'watch', '*']);

export const rbacLeastPrivilege = defineRule({
  name: 'rbac/least-privilege',
  guideline: '1.2.4',
  description:
    'Roles grant what the work needs: no "*" in verbs, resources or apiGroups, no escalate, bind or impersonate, no reading secrets.',
  defaultSeverity: 'error',
  appliesTo: ['manifest'],
  fixable: false,
  checkManifest,
  admission: admissionForm(),
});

interface Item {
  node: Node;
  value: string;
}

function items(rule: YAMLMap, key: string): Item[] {
  const found: Item[] = [];
  for (const node of getSeq(rule, key)?.items ?? []) {
    if (isScalar(node) && node.value !== null) found.push({ node, value: String(node.value) });
  }
  return found;
}

function checkManifest(context: ManifestRuleContext): void {
  const { object } = context;
  if (!isRbacObject(object, ['Role', 'ClusterRole'])) return;
  const role = `${object.kind} "${object.name ?? ''}"`;
  for (const rule of getSeq(object.map, 'rules')?.items ?? []) {
    if (!isMap(rule)) continue;
    const verbs = items(rule, 'verbs');
    const resources = items(rule, 'resources');
    const apiGroups = items(rule, 'apiGroups');
    const wildcards: Array<[Item[], string]> = [
      [apiGroups, 'every API group, including those of custom resources installed later'],
      [resources, 'every resource, secrets included, and resources added later'],
      [verbs, 'every verb, including escalate, bind and impersonate'],
    ];
    for (const [list, what] of wildcards) {
      for (const item of list.filter((entry) => entry.value === '*')) {
        context.report({
          range: nodeRange(item.node),
          message: `${role} grants "*", which means ${what}; ${reason}. List what the work needs instead.`,
        });
      }
    }
    for (const verb of verbs) {
      const risk = dangerousVerbs[verb.value];
      if (!risk) continue;
      context.report({
        range: nodeRange(verb.node),
        message: `${role} grants the verb "${verb.value}", which ${risk}; ${reason}. Remove it; cluster administrators grant it where it is needed.`,
      });
    }
    checkSecrets(context, role, rule, verbs, resources, apiGroups);
  }
}

/** Reading secrets: a warning, unless the rule only gets secrets it names (resourceNames). */
function checkSecrets(
  context: ManifestRuleContext,
  role: string,
  rule: YAMLMap,
  verbs: Item[],
  resources: Item[],
  apiGroups: Item[],
): void {
  const read = verbs.filter((verb) => readVerbs.has(verb.value)).map((verb) => verb.value);
  if (read.length === 0) return;
  const coreGroup = apiGroups.length === 0 || apiGroups.some((group) => group.value === '' || group.value === '*');
  if (!coreGroup) return;
  const named = items(rule, 'resourceNames').length > 0;
  if (named && read.every((verb) => verb === 'get')) return;
  for (const resource of resources.filter((entry) => entry.value === 'secrets')) {
    context.report({
      range: nodeRange(resource.node),
      severity: 'warning',
      message: `${role} can read secrets (${read.join(', ')}): passwords, tokens and keys of every workload in ${role.startsWith('ClusterRole') ? 'every namespace it is bound in' : 'the namespace'}; users should not have access to secrets (guideline 1.2.4). Mount the secret a workload needs into its pod, or limit "get" to the secrets it needs with resourceNames.`,
    });
  }
}

/** The same decisions in CEL, rule by rule of the role. */
function admissionForm(): AdmissionForm {
  const has = (key: string, test: string) => `(has(r.${key}) && r.${key}.exists(x, ${test}))`;
  const rules = (test: string) => `!has(object.rules) || object.rules.all(r, ${test})`;
  const coreGroup = `(!has(r.apiGroups) || r.apiGroups.size() == 0 || ${has('apiGroups', "x == '' || x == '*'")})`;
  const onlyNamedGets = `(has(r.resourceNames) && r.resourceNames.size() > 0 && r.verbs.all(x, !(x in ['list', 'watch', '*'])))`;
  return {
    match: 'roles',
    checks: [
      {
        severity: 'error',
        expression: () =>
          rules(
            `!${has('apiGroups', "x == '*'")} && !${has('resources', "x == '*'")} && !${has('verbs', `x == '*' || x in ${celStringList(Object.keys(dangerousVerbs))}`)}`,
          ),
        message: `The role grants "*" in apiGroups, resources or verbs, or the verb escalate, bind or impersonate; ${reason}. List what the work needs instead; cluster administrators grant the rest where it is needed.`,
      },
      {
        severity: 'warning',
        expression: () =>
          rules(
            `!${has('verbs', `x in ${celStringList([...readVerbs])}`)} || !${coreGroup} || ${onlyNamedGets} || !${has('resources', "x == 'secrets'")}`,
          ),
        message:
          'The role can read secrets: passwords, tokens and keys of every workload where it is bound; users should not have access to secrets (guideline 1.2.4). Mount the secret a workload needs into its pod, or limit "get" to the secrets it needs with resourceNames.',
      },
    ],
  };
}
