import { defineRule } from '../rule.ts';

// Reported by the engine itself while reading the input; the rule carries the metadata.
export const invalidInput = defineRule({
  name: 'input/invalid',
  guideline: '1.2',
  description: 'The file must parse: YAML syntax, unique keys, known Dockerfile instructions, apiVersion and kind.',
  defaultSeverity: 'error',
  appliesTo: ['manifest', 'dockerfile'],
  fixable: false,
});
