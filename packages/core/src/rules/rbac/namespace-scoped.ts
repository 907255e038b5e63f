import { celString, celStringList } from '../../admission/cel-text.ts';
import type { AdmissionForm } from '../../admission/form.ts';
import { BUILT_IN_CLUSTER_ROLES, builtInClusterRoleRules } from '../../data/built-in-cluster-roles.ts';
import { getMap, getPair, headRange, nodeRange, stringAt } from '../../documents/yaml.ts';
import type { OffsetRange } from '../../types.ts';
import { sentenceList } from '../message-lists.ts';
import { defineRule, type ManifestRuleContext } from '../rule.ts';
import { describeSubject, isRbacObject, isSystemSubject, type Subject, splitByScope, subjectsOf } from './rbac.ts';

/** Built-in ClusterRoles that give control over everything in their scope. */
export const powerfulClusterRoles: readonly string[] = ['cluster-admin', 'admin', 'edit'];

export const rbacNamespaceScoped = defineRule({
  name: 'rbac/namespace-scoped',
  guideline: '1.2.4',
  description:
    'People and workloads get their roles in a namespace (RoleBinding), not across the cluster; cluster-admin, admin and edit are never granted cluster-wide.',
  defaultSeverity: 'warning',
  appliesTo: ['manifest'],
  fixable: false,
  checkManifest,
  admission: admissionForm(),
});

function checkManifest(context: ManifestRuleContext): void {
  const { object } = context;
  const clusterWide = isRbacObject(object, ['ClusterRoleBinding']);
  if (!clusterWide && !isRbacObject(object, ['RoleBinding'])) return;
  const everyone = subjectsOf(object);
  const subjects = everyone.filter((subject) => !isSystemSubject(subject));
  const binding = `${object.kind} "${object.name ?? ''}"`;
  const roleRef = getMap(object.map, 'roleRef');
  const roleKind = stringAt(roleRef, 'kind');
  const roleName = stringAt(roleRef, 'name');
  // cluster-admin is full control whoever receives it: a kube-system service account is no exception.
  const grantees = roleKind === 'ClusterRole' && roleName === 'cluster-admin' ? everyone : subjects;
  if (grantees.length === 0) return;

  if (clusterWide) {
    const grants = knownGrants(context, roleKind, roleName);
    // Only a ClusterRoleBinding can grant rights on cluster-scoped resources (tokenreviews for an auth proxy,
    // nodes for a metrics agent) or non-resource URLs: a RoleBinding is no alternative.
    const clusterScopedOnly = grants !== undefined && grants.namespaced.length === 0;
    for (const subject of clusterScopedOnly ? [] : subjects) {
      const clusterScoped =
        grants && grants.clusterScoped.length > 0
          ? `, and ${sentenceList(grants.clusterScoped)}, which are cluster-scoped and need a ClusterRoleBinding`
          : '';
      const what = grants ? ` It grants ${sentenceList(grants.namespaced)} in every namespace${clusterScoped}.` : '';
      const remedy =
        grants && grants.clusterScoped.length > 0
          ? 'keep the cluster-scoped rights in a ClusterRole of their own bound cluster-wide, and give the rest with a RoleBinding in each namespace where the access is needed'
          : 'bind it with a RoleBinding in the namespace where the access is needed';
      context.report({
        range: subjectRange(context, subject),
        message: `${binding} gives ${describeSubject(subject, context)} the role ${roleName ?? ''} in every namespace.${what} Namespaces keep applications from affecting each other, and roles are restricted to their needs (guideline 1.2.4): ${remedy}.`,
      });
    }
  }

  // A RoleBinding of admin or edit is how a team gets its own namespace; cluster-admin is never needed there.
  const powerful = clusterWide ? powerfulClusterRoles : ['cluster-admin'];
  const namePair = roleRef ? getPair(roleRef, 'name') : undefined;
  if (roleKind === 'ClusterRole' && roleName && powerful.includes(roleName) && namePair?.value) {
    const who = grantees.map((grantee) => describeSubject(grantee, context));
    const whom = who.length > 2 ? `${who.slice(0, 2).join(', ')} and ${who.length - 2} more` : who.join(' and ');
    const scope = clusterWide
      ? `full ${roleName === 'cluster-admin' ? 'control of the whole cluster' : `${roleName} rights in every namespace, secrets included`}`
      : 'full control of the namespace, beyond what the admin and edit roles give';
    context.report({
      range: nodeRange(namePair.value),
      severity: 'error',
      message: `${binding} grants ${roleName} to ${whom}: ${scope}. Users have roles restricted to their needs, not full admin access (guideline 1.2.4). ${clusterWide ? `Bind edit (or a Role of your own) with a RoleBinding in the namespace instead.` : 'Bind admin or edit, or a Role of your own, instead.'}`,
    });
  }
}

/**
 * What the bound ClusterRole grants, split by scope, when the file or its folder defines it with rules, or when it is
 * one the cluster creates itself (system:auth-delegator grants only cluster-scoped reviews).
 */
function knownGrants(
  context: ManifestRuleContext,
  roleKind: string | undefined,
  roleName: string | undefined,
): { clusterScoped: string[]; namespaced: string[] } | undefined {
  if (roleKind !== 'ClusterRole' || roleName === undefined) return undefined;
  const rules = context.clusterRoleRules?.(roleName) ?? builtInClusterRoleRules(roleName);
  // No rules may mean an aggregated role, filled in by the cluster: what it grants is not known.
  if (!rules || rules.length === 0) return undefined;
  const grants = splitByScope(rules);
  return grants.clusterScoped.length + grants.namespaced.length > 0 ? grants : undefined;
}

/** The names of the built-in ClusterRoles whose every right is cluster-scoped or a non-resource URL. */
export function builtInClusterScopedOnlyRoles(): string[] {
  return [...BUILT_IN_CLUSTER_ROLES]
    .filter(([, rules]) => splitByScope(rules).namespaced.length === 0)
    .map(([name]) => name);
}

function subjectRange(context: ManifestRuleContext, subject: Subject): OffsetRange {
  return headRange(subject.map, context.text);
}

/** CEL over `s`: a subject that is one of the cluster's own components (isSystemSubject). */
function systemSubjectExpression(): string {
  const name = `(has(s.name) ? s.name : '')`;
  const everybody = celStringList([
    'system:authenticated',
    'system:unauthenticated',
    'system:anonymous',
    'system:serviceaccounts',
  ]);
  return `(has(s.kind) && s.kind == 'ServiceAccount' ? (has(s.namespace) && s.namespace == 'kube-system') : (${name}.startsWith('system:') && !(${name} in ${everybody}) && (${name}.matches('^system:serviceaccounts:.+$') ? ${name} == 'system:serviceaccounts:kube-system' : (${name}.matches('^system:serviceaccount:[^:]+:') ? ${name}.startsWith('system:serviceaccount:kube-system:') : true))))`;
}

/** The same decisions in CEL: the binding's subjects, and the powerful ClusterRoles it must not grant. */
function admissionForm(): AdmissionForm {
  const subjects = `(has(object.subjects) ? object.subjects : [])`;
  const people = `${subjects}.filter(s, !${systemSubjectExpression()})`;
  const clusterWide = `object.kind == 'ClusterRoleBinding'`;
  const roleKind = `(has(object.roleRef) && has(object.roleRef.kind) ? object.roleRef.kind : '')`;
  const roleName = `(has(object.roleRef) && has(object.roleRef.name) ? object.roleRef.name : '')`;
  const grantees = `(${roleKind} == 'ClusterRole' && ${roleName} == 'cluster-admin' ? size(${subjects}) : size(${people}))`;
  const powerful = `(${clusterWide} ? ${roleName} in ${celStringList(powerfulClusterRoles)} : ${roleName} == ${celString('cluster-admin')})`;
  // The built-in roles that grant only what a ClusterRoleBinding can grant: a RoleBinding is no alternative.
  const clusterScopedOnly = `(${roleKind} == 'ClusterRole' && ${roleName} in ${celStringList(builtInClusterScopedOnlyRoles())})`;
  return {
    match: 'bindings',
    checks: [
      {
        severity: 'error',
        expression: () => `!(${roleKind} == 'ClusterRole' && ${powerful} && ${grantees} > 0)`,
        message:
          'The binding grants cluster-admin (or, cluster-wide, admin or edit) to people or workloads: full control of the cluster, of every namespace, or beyond what admin and edit give in one. Users have roles restricted to their needs, not full admin access (guideline 1.2.4): bind edit, admin or a Role of your own with a RoleBinding in the namespace instead.',
      },
      {
        severity: 'warning',
        expression: () => `!(${clusterWide} && size(${people}) > 0 && !${clusterScopedOnly})`,
        message:
          'The ClusterRoleBinding gives people or workloads a role in every namespace. Namespaces keep applications from affecting each other, and roles are restricted to their needs (guideline 1.2.4): bind it with a RoleBinding in the namespace where the access is needed.',
      },
    ],
  };
}
