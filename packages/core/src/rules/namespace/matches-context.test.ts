import { testRule } from '../testing/rule-tester.ts';
import { namespaceMatchesContext } from './matches-context.ts';

const configMap = (namespace: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hub-config\n  namespace: ${namespace}\ndata: { mode: lab }\n`;

testRule(namespaceMatchesContext, {
  valid: [
    { name: 'no kube context in play: the rule is off', text: configMap('qserv') },
    { name: 'the same namespace', text: configMap('jupyter-lsst'), contextNamespace: 'jupyter-lsst' },
    {
      name: 'no namespace: it goes where the context points (namespace/explicit reports it)',
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: hub-config }\n',
      contextNamespace: 'jupyter-lsst',
    },
    {
      name: 'cluster-scoped kinds',
      text: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: qserv }\n',
      contextNamespace: 'jupyter-lsst',
    },
  ],
  invalid: [
    {
      name: 'another namespace: info at the value',
      text: configMap('qserv'),
      contextNamespace: 'jupyter-lsst',
      findings: [
        {
          line: 5,
          column: 14,
          endColumn: 19,
          severity: 'info',
          message:
            'ConfigMap "hub-config" is in namespace "qserv", but the kube context in use works in "jupyter-lsst"',
        },
      ],
    },
    {
      name: 'each item of a List',
      text: `apiVersion: v1
kind: List
items:
  - { apiVersion: v1, kind: ConfigMap, metadata: { name: a, namespace: qserv } }
  - { apiVersion: v1, kind: ConfigMap, metadata: { name: b, namespace: jupyter-lsst } }
  - { apiVersion: v1, kind: Secret, metadata: { name: c, namespace: default } }
`,
      contextNamespace: 'jupyter-lsst',
      findings: [
        { line: 4, column: 72, endColumn: 77 },
        { line: 6, column: 69, endColumn: 76, message: '"default"' },
      ],
    },
    {
      name: 'a file of many objects in other namespaces: one finding per namespace, at its first object',
      text: [
        ...Array.from({ length: 100 }, (_, index) => configMap('qserv').replace('hub-config', `config-${index}`)),
        configMap('jupyter-lsst'),
        configMap('monitoring'),
        configMap('qserv'),
      ].join('---\n'),
      contextNamespace: 'jupyter-lsst',
      findings: [
        { line: 5, column: 14, endColumn: 19, message: 'ConfigMap "config-0" is in namespace "qserv"' },
        { line: 5 + 7 * 101, column: 14, message: '"monitoring"' },
      ],
    },
    {
      name: 'the first object suppressed: the next one in that namespace is reported',
      text: `# lsst-ignore-file namespace/matches-context -- this one belongs to the database team
${configMap('qserv')}---
${configMap('qserv').replace('hub-config', 'second')}`,
      contextNamespace: 'jupyter-lsst',
      findings: [{ line: 13, column: 14, message: 'ConfigMap "second"' }],
    },
  ],
});
