// Evaluating exported policies on one object offline, as the API server would: match the resource,
// then the match conditions, then the variables and validations, with a conformance-tested CEL.
import { type CelEnv, type CelResult, celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { strings as stringsExtension } from '@bufbuild/cel/ext';
import type { ValidationAction } from '../config/model.ts';
import { apiGroupOf, isNamespacedKind } from '../data/cluster-scoped-kinds.ts';
import { ruleAnnotation } from './policies.ts';
import { resourceOf } from './resources.ts';

export interface AdmissionSubject {
  /** The object as JSON (the YAML read as Kubernetes reads it). */
  object: Record<string, unknown>;
  /** The requesting user; a person unless told otherwise. */
  username?: string;
  operation?: 'CREATE' | 'UPDATE';
  /**
   * The objects a binding's paramRef may name (the approved-ports ConfigMap); a binding whose
   * parameter is not among them refuses, as parameterNotFoundAction: Deny does.
   */
  params?: readonly Record<string, unknown>[];
}

export interface AdmissionVerdict {
  policy: string;
  /** The rule the policy enforces. */
  rule: string;
  actions: readonly ValidationAction[];
  /** The message of the failed validation, or what went wrong evaluating it (failurePolicy Fail refuses then). */
  message: string;
  /** Evaluation failed: the object is refused under failurePolicy Fail, for a reason other than the rule. */
  failed?: boolean;
}

export const defaultTestUser = 'lsst-policy-test';

type Json = Record<string, unknown>;
const planned = new Map<string, (bindings: Record<string, unknown>) => CelResult>();
// Made on first use: a module-level call would keep the CEL library in bundles that never evaluate.
let environment: CelEnv | undefined;

function compile(expression: string): (bindings: Record<string, unknown>) => CelResult {
  let run = planned.get(expression);
  if (!run) {
    // Kubernetes adds the strings extension (split, trim, lowerAscii ...) to admission CEL from 1.28 on.
    environment ??= celEnv({ funcs: stringsExtension });
    const evaluator = plan(environment, parse(expression)) as (bindings: Record<string, unknown>) => CelResult;
    run = evaluator;
    if (planned.size > 10_000) planned.clear();
    planned.set(expression, run);
  }
  return run;
}

/** Evaluates one CEL expression; an error (parse or evaluation) comes back as a string. */
export function evaluateCel(expression: string, bindings: Record<string, unknown>): unknown {
  try {
    const value = compile(expression)(bindings);
    if (isCelError(value)) return { error: value.message };
    return value;
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** JSON as CEL values: maps for objects, int for whole numbers (as Kubernetes' schemas type them). */
export function toCel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === 'object') {
    return new Map(Object.entries(value as Json).map(([key, item]) => [key, toCel(item)]));
  }
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return value;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Whether a policy's matchConstraints take the object (resource rules; selectors are not used by our policies). */
function matchesResource(policy: Json, apiVersion: string, kind: string, operation: string): boolean {
  const spec = policy.spec as Json | undefined;
  const rules = ((spec?.matchConstraints as Json | undefined)?.resourceRules ?? []) as Json[];
  const group = apiGroupOf(apiVersion);
  const resource = resourceOf(kind);
  const namespaced = isNamespacedKind(apiVersion, kind);
  return rules.some((rule) => {
    const groups = strings(rule.apiGroups);
    const resources = strings(rule.resources);
    const operations = strings(rule.operations);
    const scope = typeof rule.scope === 'string' ? rule.scope : '*';
    if (!groups.includes('*') && !groups.includes(group)) return false;
    if (!resources.includes('*') && !resources.includes(resource)) return false;
    if (!operations.includes('*') && !operations.includes(operation)) return false;
    if (scope === 'Namespaced' && !namespaced) return false;
    if (scope === 'Cluster' && namespaced) return false;
    return true;
  });
}

/**
 * The verdicts of every binding on the object: one per failed validation (or failed evaluation).
 * Objects that no policy matches, or that pass, give none.
 */
export function evaluatePolicies(objects: readonly Json[], subject: AdmissionSubject): AdmissionVerdict[] {
  const policies = new Map<string, Json>();
  for (const object of objects) {
    if (object.kind === 'ValidatingAdmissionPolicy') policies.set(String((object.metadata as Json)?.name), object);
  }
  const verdicts: AdmissionVerdict[] = [];
  const target = subject.object;
  const apiVersion = typeof target.apiVersion === 'string' ? target.apiVersion : '';
  const kind = typeof target.kind === 'string' ? target.kind : '';
  const metadata = (target.metadata ?? {}) as Json;
  const namespace =
    isNamespacedKind(apiVersion, kind) && typeof metadata.namespace === 'string' ? metadata.namespace : '';
  const operation = subject.operation ?? 'CREATE';
  const request = toCel({
    operation,
    namespace,
    name: typeof metadata.name === 'string' ? metadata.name : '',
    kind: { group: apiGroupOf(apiVersion), version: apiVersion.split('/').pop() ?? '', kind },
    userInfo: { username: subject.username ?? defaultTestUser, groups: ['system:authenticated'] },
  });
  const celObject = toCel(target);
  for (const binding of objects) {
    if (binding.kind !== 'ValidatingAdmissionPolicyBinding') continue;
    const spec = (binding.spec ?? {}) as Json;
    const policy = policies.get(String(spec.policyName));
    if (!policy || !matchesResource(policy, apiVersion, kind, operation)) continue;
    const policySpec = (policy.spec ?? {}) as Json;
    const policyName = String((policy.metadata as Json)?.name);
    const rule = String(((policy.metadata as Json)?.annotations as Json | undefined)?.[ruleAnnotation] ?? policyName);
    const actions = strings(spec.validationActions) as ValidationAction[];
    const fail = (message: string) => verdicts.push({ policy: policyName, rule, actions, message, failed: true });
    const bindings: Record<string, unknown> = { object: celObject, oldObject: null, request };
    const paramRef = spec.paramRef as Json | undefined;
    if (paramRef) {
      // The last one given wins: the cluster's copy given after the export's empty one.
      const param = [...(subject.params ?? [])].reverse().find((candidate) => {
        const meta = (candidate.metadata ?? {}) as Json;
        return meta.name === paramRef.name && (paramRef.namespace ?? namespace) === (meta.namespace ?? '');
      });
      if (!param) {
        if (paramRef.parameterNotFoundAction === 'Allow') continue;
        fail(
          `no params found for policy binding with Deny parameterNotFoundAction: ${String(paramRef.namespace ?? namespace)}/${String(paramRef.name)} does not exist`,
        );
        continue;
      }
      bindings.params = toCel(param);
    } else bindings.params = null;

    let skip = false;
    for (const condition of (policySpec.matchConditions ?? []) as Json[]) {
      const value = evaluateCel(String(condition.expression), bindings);
      if (value === false) {
        skip = true;
        break;
      }
      if (value !== true) {
        fail(`match condition ${String(condition.name)} failed: ${describeError(value)}`);
        skip = true;
        break;
      }
    }
    if (skip) continue;
    const variables = new Map<string, unknown>();
    bindings.variables = variables;
    let broken = false;
    for (const variable of (policySpec.variables ?? []) as Json[]) {
      const value = evaluateCel(String(variable.expression), bindings);
      if (isFailure(value)) {
        fail(`variable ${String(variable.name)} failed: ${describeError(value)}`);
        broken = true;
        break;
      }
      variables.set(String(variable.name), value);
    }
    if (broken) continue;
    for (const validation of (policySpec.validations ?? []) as Json[]) {
      const value = evaluateCel(String(validation.expression), bindings);
      if (value === true) continue;
      if (value === false) verdicts.push({ policy: policyName, rule, actions, message: String(validation.message) });
      else fail(`validation failed to evaluate: ${describeError(value)}`);
    }
  }
  return verdicts;
}

function isFailure(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !(value instanceof Map) && 'error' in (value as Json);
}

function describeError(value: unknown): string {
  if (isFailure(value)) return String((value as Json).error);
  return `expected a bool, got ${typeof value}`;
}

/** The verdicts that refuse the object: a Deny binding's failed validation (or failed evaluation). */
export function deniedBy(verdicts: readonly AdmissionVerdict[]): AdmissionVerdict[] {
  return verdicts.filter((verdict) => verdict.actions.includes('Deny'));
}
