import { testRule } from '../testing/rule-tester.ts';
import { rbacLeastPrivilege } from './least-privilege.ts';

testRule(rbacLeastPrivilege, {
  valid: [
    `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: developer, namespace: qserv }
rules:
  - apiGroups: ["", apps]
    resources: [pods, pods/log, deployments, services, configmaps]
    verbs: [get, list, watch, create, update, patch, delete]
`,
    {
      name: 'getting the secrets named in resourceNames',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: hub-config, namespace: jupyter-lsst }
rules:
  - apiGroups: [""]
    resources: [secrets]
    resourceNames: [hub-oauth]
    verbs: [get]
`,
    },
    {
      name: 'writing secrets without reading them, and secrets of another group',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: sealer }
rules:
  - apiGroups: [""]
    resources: [secrets]
    verbs: [create, update]
  - apiGroups: [bitnami.com]
    resources: [secrets]
    verbs: [get]
`,
    },
    {
      name: 'a ClusterRole that only aggregates',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: monitoring }
aggregationRule:
  clusterRoleSelectors: [{ matchLabels: { rbac.example.org/aggregate-to-monitoring: "true" } }]
`,
    },
    {
      name: 'a kind named Role in another group',
      text: 'apiVersion: example.org/v1\nkind: Role\nmetadata: { name: x, namespace: y }\nrules: [{ verbs: ["*"] }]\n',
    },
  ],
  invalid: [
    {
      name: 'a "*" in verbs, resources and apiGroups: one error at each',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: developer
rules:
  - apiGroups: ["*"]
    resources:
      - "*"
    verbs: ['*']
`,
      findings: [
        { line: 6, column: 17, endColumn: 20, severity: 'error', message: 'every API group' },
        { line: 8, column: 9, endColumn: 12, message: 'every resource' },
        { line: 9, column: 13, endColumn: 16, message: 'every verb' },
      ],
    },
    {
      name: 'escalate, bind and impersonate',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: deployer, namespace: ci }
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [roles, rolebindings]
    verbs: [create, bind, escalate]
  - apiGroups: [""]
    resources: [users, serviceaccounts]
    verbs: [impersonate]
`,
      findings: [
        { line: 7, column: 21, endColumn: 25, message: 'the verb "bind"' },
        { line: 7, column: 27, endColumn: 35, message: 'the verb "escalate"' },
        { line: 10, column: 13, endColumn: 24, message: 'act as other users' },
      ],
    },
    {
      name: 'reading secrets: a warning at the secrets item, also with names when it can list them',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: developer, namespace: qserv }
rules:
  - apiGroups: [""]
    resources: [configmaps, secrets]
    verbs: [get, list]
  - resources: [secrets]
    resourceNames: [db-password]
    verbs: [get, watch]
`,
      findings: [
        { line: 6, column: 29, endColumn: 36, severity: 'warning', message: 'can read secrets (get, list)' },
        { line: 8, column: 17, endColumn: 24, severity: 'warning', message: '(get, watch)' },
      ],
    },
    {
      name: 'a "*" verb on secrets: the wildcard and the read access',
      text: `apiVersion: rbac.authorization.k8s.io/v1beta1
kind: ClusterRole
metadata: { name: secret-reader }
rules: [{ apiGroups: [""], resources: [secrets], verbs: ["*"] }]
`,
      findings: [
        { line: 4, column: 40, endColumn: 47, severity: 'warning' },
        { line: 4, column: 58, endColumn: 61, severity: 'error' },
      ],
    },
    {
      name: 'a Role in a List',
      text: `apiVersion: v1
kind: List
items:
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata: { name: all, namespace: dev }
    rules:
      - { apiGroups: [apps], resources: [deployments], verbs: ["*"] }
`,
      findings: [{ line: 8, column: 64, endColumn: 67 }],
    },
  ],
});
