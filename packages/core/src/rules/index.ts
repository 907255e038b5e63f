// The rule registry: every rule, listed explicitly and sorted by name.
import { imagePinned } from './image/pinned.ts';
import { invalidInput } from './input/invalid.ts';
import { suppressionProblems } from './input/suppression.ts';
import type { Rule } from './rule.ts';
import { runAsNonRoot } from './security/run-as-non-root.ts';

export const rules: readonly Rule[] = [imagePinned, invalidInput, suppressionProblems, runAsNonRoot].sort((a, b) =>
  a.name.localeCompare(b.name),
);

export const rulesByName: ReadonlyMap<string, Rule> = new Map(rules.map((rule) => [rule.name, rule]));
