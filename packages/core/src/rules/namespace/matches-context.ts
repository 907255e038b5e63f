import { nodeRange } from '../../documents/yaml.ts';
import { defineRule, type ManifestRuleContext } from '../rule.ts';
import { describeObject, livesInNamespace, namespacePair } from './namespaces.ts';

export const namespaceMatchesContext = defineRule({
  name: 'namespace/matches-context',
  guideline: '1.2.6',
  description:
    'The namespace an object names is the one of the kube context in use (checked in the editor, or with --context-aware).',
  defaultSeverity: 'info',
  appliesTo: ['manifest'],
  fixable: false,
  // One finding per namespace and file: a file of a hundred objects in one other namespace is one surprise, not a hundred.
  oncePerFile: (finding) => finding.object?.namespace ?? '',
  checkManifest,
});

function checkManifest(context: ManifestRuleContext): void {
  const expected = context.contextNamespace;
  if (expected === undefined || expected === '') return;
  const { object } = context;
  if (!livesInNamespace(object)) return;
  const pair = namespacePair(object);
  if (!pair || object.namespace === undefined || object.namespace === expected) return;
  context.report({
    range: nodeRange(pair.value),
    message: `${describeObject(object)} is in namespace "${object.namespace}", but the kube context in use works in "${expected}" (said once per file for each namespace, at its first object). Working within a namespace context is how access is kept to one namespace (guideline 1.2.6), and this object would be created outside it. Check the namespace, or switch with \`kubectl lsst context ns ${object.namespace}\`.`,
  });
}
