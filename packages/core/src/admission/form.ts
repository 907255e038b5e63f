// The admission form of a rule: its decision as CEL over one object, which the assembler turns into a
// ValidatingAdmissionPolicy. Rules hold their own form (rules/<rule>.ts); this file holds only the shapes.
import type { ClusterConfig, ResolvedConfig } from '../config/model.ts';
import type { Severity } from '../types.ts';

/** What the CEL of a check can ask the assembler for, so that suppressions hold inside a rule's loops. */
export interface CelScope {
  /** The configuration the policy is exported with (file sets, registries). */
  config: ResolvedConfig;
  /** The cluster the policy is exported for (its role decides the rules judged only on some clusters). */
  target: ClusterConfig;
  /** CEL, true when findings of this rule about the container whose name is the CEL expression `name` are suppressed. */
  containerSuppressed(name: string): string;
}

export interface AdmissionCheck {
  /** The severity the rule gives these findings, before configuration overrides it. */
  severity: Severity;
  /** CEL, true when the object passes (the rule reports no finding of this kind). */
  expression(scope: CelScope): string;
  /** The rule's message for these findings; the policy prefixes the rule's name. */
  message: string;
  /** Whether the rule makes these findings on the target at all (default: on every target). */
  when?(scope: CelScope): boolean;
}

export interface AdmissionForm {
  /**
   * Which objects the checks are about: objects with a pod template (`volumes`: and PersistentVolumes),
   * every namespaced object, or RBAC roles.
   */
  match: 'workloads' | 'volumes' | 'namespaced' | 'roles' | 'bindings' | 'exposures';
  checks: readonly AdmissionCheck[];
  /** Variables of the rule's own, declared after the workload variables (CEL has no let). */
  variables?(scope: CelScope): { name: string; expression: string }[];
  /** The policy reads the approved-ports ConfigMap as its `params`. */
  params?: 'approvedPorts';
  /** Why nothing is exported for a target on which no check applies. */
  whyNotOnTarget?: string;
}
