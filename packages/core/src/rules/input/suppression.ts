import { defineRule } from '../rule.ts';

// Reported by the engine while applying suppressions; the rule carries the metadata.
export const suppressionProblems = defineRule({
  name: 'input/suppression',
  guideline: '1.2',
  description:
    'Suppressions need a reason, must name known rules, expire on their until date, and cannot silence rules configured as not suppressible.',
  defaultSeverity: 'warning',
  appliesTo: ['manifest', 'dockerfile'],
  fixable: false,
});
