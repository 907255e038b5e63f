// The rule registry: every rule, listed explicitly and sorted by name.
import { clusterApiVersion } from './cluster/api-version.ts';
import { filesetsAllowedPaths } from './filesets/allowed-paths.ts';
import { filesetsAudience } from './filesets/audience.ts';
import { filesetsGroupAccess } from './filesets/group-access.ts';
import { filesetsReadOnly } from './filesets/read-only.ts';
import { filesetsScratchEphemeral } from './filesets/scratch-ephemeral.ts';
import { imagePinned } from './image/pinned.ts';
import { invalidInput } from './input/invalid.ts';
import { suppressionProblems } from './input/suppression.ts';
import { rbacLeastPrivilege } from './rbac/least-privilege.ts';
import { rbacNamespaceScoped } from './rbac/namespace-scoped.ts';
import type { Rule } from './rule.ts';
import { noPrivilegeEscalation } from './security/no-privilege-escalation.ts';
import { runAsNonRoot } from './security/run-as-non-root.ts';

// Ordinal order: the same on every machine, and localeCompare's collator costs milliseconds at start-up.
export const rules: readonly Rule[] = [
  imagePinned,
  invalidInput,
  suppressionProblems,
  runAsNonRoot,
  clusterApiVersion,
  filesetsAllowedPaths,
  filesetsAudience,
  filesetsGroupAccess,
  filesetsReadOnly,
  filesetsScratchEphemeral,
  noPrivilegeEscalation,
  rbacLeastPrivilege,
  rbacNamespaceScoped,
].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

export const rulesByName: ReadonlyMap<string, Rule> = new Map(rules.map((rule) => [rule.name, rule]));
