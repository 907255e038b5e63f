// The rule registry: every rule, listed explicitly and sorted by name.
import { clusterApiVersion } from './cluster/api-version.ts';
import { containerMinimalPackages } from './container/minimal-packages.ts';
import { containerNoBuildTools } from './container/no-build-tools.ts';
import { containerSinglePurpose } from './container/single-purpose.ts';
import { filesetsAllowedPaths } from './filesets/allowed-paths.ts';
import { filesetsAudience } from './filesets/audience.ts';
import { filesetsGroupAccess } from './filesets/group-access.ts';
import { filesetsReadOnly } from './filesets/read-only.ts';
import { filesetsScratchEphemeral } from './filesets/scratch-ephemeral.ts';
import { imageLocalRegistry } from './image/local-registry.ts';
import { imagePinned } from './image/pinned.ts';
import { imageSupportedBase } from './image/supported-base.ts';
import { imageTrustedSource } from './image/trusted-source.ts';
import { imageVerifiedDownloads } from './image/verified-downloads.ts';
import { invalidInput } from './input/invalid.ts';
import { inputSchema } from './input/schema.ts';
import { suppressionProblems } from './input/suppression.ts';
import { namespaceExplicit } from './namespace/explicit.ts';
import { namespaceMatchesContext } from './namespace/matches-context.ts';
import { publicExposure } from './network/public-exposure.ts';
import { rbacLeastPrivilege } from './rbac/least-privilege.ts';
import { rbacNamespaceScoped } from './rbac/namespace-scoped.ts';
import type { Rule } from './rule.ts';
import { noPrivilegeEscalation } from './security/no-privilege-escalation.ts';
import { runAsNonRoot } from './security/run-as-non-root.ts';

// Ordinal order: the same on every machine, and localeCompare's collator costs milliseconds at start-up.
export const rules: readonly Rule[] = [
  imagePinned,
  invalidInput,
  inputSchema,
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
  containerMinimalPackages,
  containerNoBuildTools,
  containerSinglePurpose,
  imageLocalRegistry,
  imageSupportedBase,
  imageTrustedSource,
  imageVerifiedDownloads,
  publicExposure,
  namespaceExplicit,
  namespaceMatchesContext,
].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

export const rulesByName: ReadonlyMap<string, Rule> = new Map(rules.map((rule) => [rule.name, rule]));
