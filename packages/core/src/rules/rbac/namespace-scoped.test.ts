import { testRule } from '../testing/rule-tester.ts';
import { rbacNamespaceScoped } from './namespace-scoped.ts';

testRule(rbacNamespaceScoped, {
  valid: [
    {
      name: 'edit for a developer group in its namespace',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: qserv-developers, namespace: qserv }
subjects:
  - { kind: Group, name: qserv-dev, apiGroup: rbac.authorization.k8s.io }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
`,
    },
    {
      name: 'a ClusterRoleBinding for kube-system service accounts and system: names',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: csi-provisioner }
subjects:
  - kind: ServiceAccount
    name: csi-provisioner
    namespace: kube-system
  - kind: Group
    name: system:nodes
  - kind: User
    name: system:serviceaccount:kube-system:coredns
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:csi-external-provisioner }
`,
    },
    {
      name: "an operator's auth proxy: its ClusterRole, in the same file, grants only cluster-scoped reviews",
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: proxy-role }
rules:
  - apiGroups: [authentication.k8s.io]
    resources: [tokenreviews]
    verbs: [create]
  - apiGroups: [authorization.k8s.io]
    resources: [subjectaccessreviews]
    verbs: [create]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: proxy-rolebinding }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: proxy-role }
subjects: [{ kind: ServiceAccount, name: controller-manager, namespace: qserv-operator-system }]
`,
    },
    {
      name: "a secrets server's token reviews: the built-in system:auth-delegator grants only cluster-scoped reviews",
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: vault-server-binding }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:auth-delegator }
subjects: [{ kind: ServiceAccount, name: vault, namespace: vault }]
`,
    },
    {
      name: 'a metrics server reading the API discovery documents: system:discovery is non-resource URLs only',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: metrics-server-discovery }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:discovery }
subjects: [{ kind: ServiceAccount, name: metrics-server, namespace: monitoring }]
`,
    },
    {
      name: "a certificate controller's approval of its own signers: signers exist only for authorization, cluster-wide",
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: certificates-approve }
rules:
  - apiGroups: [certificates.k8s.io]
    resources: [signers]
    verbs: [approve]
    resourceNames: [issuers.example.io/*, clusterissuers.example.io/*]
  - apiGroups: [certificates.k8s.io]
    resources: [certificatesigningrequests, certificatesigningrequests/status]
    verbs: [get, list, watch, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: certificates-approve }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: certificates-approve }
subjects: [{ kind: ServiceAccount, name: certificates, namespace: certificates }]
`,
    },
    {
      name: 'a metrics reader: non-resource URLs only, which only a ClusterRoleBinding grants',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: metrics-reader }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: metrics-reader }
subjects: [{ kind: ServiceAccount, name: prometheus, namespace: monitoring }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: metrics-reader }
rules: [{ nonResourceURLs: [/metrics], verbs: [get] }, { apiGroups: [""], resources: [nodes, nodes/metrics], verbs: [get] }]
`,
    },
    {
      name: 'a RoleBinding of admin',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: owners, namespace: jupyter-lsst }
subjects: [{ kind: User, name: alice }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin }
`,
    },
  ],
  invalid: [
    {
      name: 'cluster-admin for a kube-system service account: an error whoever receives it',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: argocd-application-controller }
subjects:
  - kind: ServiceAccount
    name: argocd-application-controller
    namespace: kube-system
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
`,
      findings: [
        {
          line: 11,
          column: 9,
          endColumn: 22,
          severity: 'error',
          message:
            'ClusterRoleBinding "argocd-application-controller" grants cluster-admin to ServiceAccount "argocd-application-controller" in kube-system: full control of the whole cluster',
        },
      ],
    },
    {
      name: 'cluster-admin in a RoleBinding for kube-system only',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: addon-manager, namespace: kube-system }
subjects: [{ kind: ServiceAccount, name: addon-manager, namespace: kube-system }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
`,
      findings: [{ line: 5, column: 74, endColumn: 87, severity: 'error', message: 'grants cluster-admin to' }],
    },
    {
      name: 'a ClusterRoleBinding for a user: a warning at the subject',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: alice-view
subjects:
  - kind: User # from the identity provider
    name: alice
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
`,
      findings: [
        {
          line: 6,
          column: 5,
          endColumn: 15,
          severity: 'warning',
          message: 'ClusterRoleBinding "alice-view" gives User "alice" the role view in every namespace',
        },
      ],
    },
    {
      name: 'cluster-admin for people: a warning per subject and an error at the role name',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: developers-admin }
subjects:
  - { kind: Group, name: developers, apiGroup: rbac.authorization.k8s.io }
  - { kind: ServiceAccount, name: ci, namespace: ci }
  - { kind: Group, name: "system:masters" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
`,
      findings: [
        { line: 5, column: 7, severity: 'warning', message: 'Group "developers"' },
        { line: 6, column: 7, severity: 'warning', message: 'ServiceAccount "ci" in ci' },
        {
          line: 8,
          column: 74,
          endColumn: 87,
          severity: 'error',
          message:
            'grants cluster-admin to Group "developers", ServiceAccount "ci" in ci and 1 more: full control of the whole cluster',
        },
      ],
    },
    {
      name: 'system: groups that stand for everybody are not exempt',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: everyone-edits }
subjects:
  - { kind: Group, name: "system:authenticated" }
  - { kind: Group, name: "system:serviceaccounts:jupyter-lsst" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
`,
      findings: [
        { line: 5, column: 7, severity: 'warning' },
        { line: 6, column: 7, severity: 'warning' },
        { line: 7, column: 74, endColumn: 78, severity: 'error', message: 'edit rights in every namespace' },
      ],
    },
    {
      name: 'a RoleBinding of cluster-admin to a user is an error',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: bob-admin, namespace: qserv }
subjects: [{ kind: User, name: bob }]
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin # temporary
`,
      findings: [
        {
          line: 8,
          column: 9,
          endColumn: 22,
          severity: 'error',
          message: 'RoleBinding "bob-admin" grants cluster-admin to User "bob"',
        },
      ],
    },
    {
      name: 'a ClusterRole with namespaced and cluster-scoped rights: the warning says which is which',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: registry-operator }
rules:
  - { apiGroups: [apiextensions.k8s.io], resources: [customresourcedefinitions], verbs: [get, list, watch] }
  - { apiGroups: [""], resources: [namespaces, configmaps], verbs: [get, list, watch] }
  - { apiGroups: [apps], resources: [deployments], verbs: [get, create, patch] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: registry-operator }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: registry-operator }
subjects: [{ kind: ServiceAccount, name: registry-operator, namespace: kafka }]
`,
      findings: [
        {
          line: 13,
          column: 14,
          severity: 'warning',
          message:
            'It grants configmaps and deployments in every namespace, and customresourcedefinitions and namespaces, which are cluster-scoped and need a ClusterRoleBinding.',
        },
      ],
    },
    {
      name: 'the built-in system:heapster: the warning names what it grants in every namespace and what is cluster-scoped',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: metrics-collector }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:heapster }
subjects: [{ kind: ServiceAccount, name: collector, namespace: monitoring }]
`,
      findings: [
        {
          line: 5,
          column: 14,
          severity: 'warning',
          message:
            'It grants events, pods and deployments in every namespace, and namespaces and nodes, which are cluster-scoped and need a ClusterRoleBinding.',
        },
      ],
    },
    {
      name: 'a ClusterRole of the same name in the input is the one bound: its rules decide, not the built-in ones',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: system:auth-delegator }
rules:
  - { apiGroups: [""], resources: [secrets], verbs: [get] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: shadowed }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:auth-delegator }
subjects: [{ kind: ServiceAccount, name: app, namespace: apps }]
`,
      findings: [{ line: 11, column: 14, severity: 'warning', message: 'It grants secrets in every namespace.' }],
    },
    {
      name: 'an aggregated ClusterRole (no rules of its own): what it grants is not known, so the warning stays as it was',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: monitoring }
aggregationRule: { clusterRoleSelectors: [{ matchLabels: { rbac.example.com/aggregate-to-monitoring: "true" } }] }
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: monitoring }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring }
subjects: [{ kind: User, name: alice }]
`,
      findings: [
        { line: 11, column: 14, message: 'bind it with a RoleBinding in the namespace where the access is needed.' },
      ],
    },
    {
      name: 'many subjects are summed up',
      text: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: team, namespace: qserv }
subjects: [{ kind: User, name: a }, { kind: User, name: b }, { kind: User, name: c }, { kind: User, name: d }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
`,
      findings: [{ line: 5, column: 74, message: 'User "a", User "b" and 2 more' }],
    },
  ],
});
