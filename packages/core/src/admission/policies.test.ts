import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultResolvedConfig, mergeConfig } from '../config/load.ts';
import type { ClusterConfig } from '../config/model.ts';
import { rules } from '../rules/index.ts';
import { daysBeforePattern, globToRegex } from './cel-text.ts';
import { evaluateCel, evaluatePolicies } from './evaluate.ts';
import { celFunctionsOf, kubernetesCelFunctions } from './kubernetes-cel.ts';
import { admissionApiVersion, exportPolicies } from './policies.ts';

const now = new Date('2026-11-27T12:00:00Z');
const cluster = (kubernetesVersion: string, role: ClusterConfig['role'] = 'production'): ClusterConfig => ({
  name: 'c',
  role,
  kubernetesVersion,
});

/** Every CEL expression of an export: match conditions, variables and validations. */
function expressions(objects: Record<string, unknown>[]): string[] {
  const found: string[] = [];
  for (const object of objects) {
    if (object.kind !== 'ValidatingAdmissionPolicy') continue;
    const spec = object.spec as Record<string, { expression: string }[]>;
    for (const key of ['matchConditions', 'variables', 'validations']) {
      for (const item of spec[key] ?? []) found.push(item.expression);
    }
  }
  return found;
}

describe('policy export', () => {
  test('the API version follows the target: v1 from 1.30, v1beta1 on 1.28 and 1.29, nothing before', () => {
    assert.equal(admissionApiVersion('1.31').apiVersion, 'admissionregistration.k8s.io/v1');
    assert.equal(admissionApiVersion('1.30').apiVersion, 'admissionregistration.k8s.io/v1');
    const beta = admissionApiVersion('1.29');
    assert.equal(beta.apiVersion, 'admissionregistration.k8s.io/v1beta1');
    assert.match(beta.note ?? '', /--runtime-config=admissionregistration.k8s.io\/v1beta1=true/);
    const old = exportPolicies({ config: defaultResolvedConfig(), target: cluster('1.27'), rules, now });
    assert.deepEqual(old.objects, []);
    assert.match(old.problem ?? '', /Kubernetes 1\.27 cannot run these policies.*Upgrade/);
  });

  test('bindings act by role, and --action overrides it', () => {
    const actions = (role: ClusterConfig['role'], action?: 'deny' | 'warn' | 'audit') => {
      const result = exportPolicies({
        config: defaultResolvedConfig(),
        target: cluster('1.31', role),
        rules,
        now,
        ...(action ? { action } : {}),
      });
      const binding = result.objects.find(
        (object) =>
          object.kind === 'ValidatingAdmissionPolicyBinding' &&
          (object.metadata as { name: string }).name === 'lsst-security-run-as-non-root',
      );
      return (binding?.spec as { validationActions: string[] } | undefined)?.validationActions;
    };
    assert.deepEqual(actions('production'), ['Deny']);
    assert.deepEqual(actions('development'), ['Warn', 'Audit']);
    assert.deepEqual(actions('development', 'deny'), ['Deny']);
    assert.deepEqual(actions('production', 'audit'), ['Audit']);
  });

  test('the actions of each role come from the configuration, and Deny with Warn is refused', () => {
    const configured = (development: string[]) =>
      exportPolicies({
        config: mergeConfig(defaultResolvedConfig(), { admission: { validationActions: { development } } } as never),
        target: cluster('1.31', 'development'),
        rules,
        now,
      });
    const audit = configured(['Audit']);
    const bindings = audit.objects.filter(
      (object) =>
        object.kind === 'ValidatingAdmissionPolicyBinding' &&
        !(object.metadata as { name: string }).name.endsWith('-advice'),
    );
    assert.ok(bindings.length > 0);
    for (const binding of bindings)
      assert.deepEqual((binding.spec as { validationActions: string[] }).validationActions, ['Audit']);
    const both = configured(['Deny', 'Warn']);
    assert.deepEqual(both.objects, []);
    assert.match(both.problem ?? '', /both Deny and Warn/);
  });

  test('rules CEL cannot express are listed with why; rules turned off are not exported', () => {
    const config = mergeConfig(defaultResolvedConfig(), {
      rules: { 'namespace/explicit': { severity: 'off' } },
    } as never);
    const result = exportPolicies({ config, target: cluster('1.31'), rules, now });
    const why = new Map(result.notExported.map((entry) => [entry.rule, entry.why]));
    assert.match(why.get('container/no-build-tools') ?? '', /Dockerfiles/);
    assert.match(why.get('namespace/explicit') ?? '', /turned off/);
    assert.ok(!result.objects.some((object) => JSON.stringify(object).includes('namespace-explicit')));
  });

  test('every message names its rule, and a non-suppressible rule has no suppression condition', () => {
    const config = mergeConfig(defaultResolvedConfig(), {
      rules: { 'security/run-as-non-root': { severity: 'error', suppressible: false } },
    } as never);
    const result = exportPolicies({ config, target: cluster('1.31'), rules, now });
    for (const object of result.objects.filter((item) => item.kind === 'ValidatingAdmissionPolicy')) {
      const rule = (object.metadata as { annotations: Record<string, string> }).annotations['lsst.io/rule'] as string;
      const spec = object.spec as { validations: { message: string }[]; matchConditions: { name: string }[] };
      for (const validation of spec.validations) assert.ok(validation.message.startsWith(`${rule}: `));
      const suppressible = rule !== 'security/run-as-non-root';
      assert.equal(
        spec.matchConditions.some((condition) => condition.name === 'not-suppressed'),
        suppressible,
        rule,
      );
    }
  });

  test('the expressions call only functions of the Kubernetes CEL environment of every target version', () => {
    const used = new Set<string>();
    for (const minor of [28, 29, 30, 31, 32, 33]) {
      const result = exportPolicies({ config: defaultResolvedConfig(), target: cluster(`1.${minor}`), rules, now });
      const available = kubernetesCelFunctions(minor);
      for (const expression of expressions(result.objects)) {
        for (const name of celFunctionsOf(expression)) {
          assert.ok(available.has(name), `1.${minor} has no CEL function ${name} (in ${expression})`);
          used.add(name);
        }
      }
    }
    // The list docs/admission.md gives; a new function must be checked against every target and documented.
    assert.deepEqual(
      [...used].sort(),
      [
        '!_',
        '@in',
        '@not_strictly_false',
        '_!=_',
        '_&&_',
        '_+_',
        '_==_',
        '_>_',
        '_?_:_',
        '_[_]',
        '_||_',
        '_<=_',
        '_>=_',
        'comprehension',
        'contains',
        'endsWith',
        'has',
        'indexOf',
        'int',
        'lastIndexOf',
        'lowerAscii',
        'matches',
        'size',
        'split',
        'startsWith',
        'substring',
        'trim',
      ].sort(),
    );
  });
});

describe('rbac/namespace-scoped in the cluster', () => {
  test('a ClusterRoleBinding of a built-in role that grants only cluster-scoped rights draws no warning; one with namespaced rights does', () => {
    const exported = exportPolicies({ config: defaultResolvedConfig(), target: cluster('1.31'), rules, now });
    const warned = (role: string) =>
      evaluatePolicies(exported.objects, {
        object: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'binding' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
          subjects: [{ kind: 'ServiceAccount', name: 'vault', namespace: 'vault' }],
        },
      })
        .filter((verdict) => verdict.rule === 'rbac/namespace-scoped')
        .map((verdict) => verdict.actions.join());
    for (const role of ['system:auth-delegator', 'system:discovery', 'system:basic-user'])
      assert.deepEqual(warned(role), [], role);
    for (const role of ['system:heapster', 'system:kube-dns', 'app-reader'])
      assert.deepEqual(warned(role), ['Warn'], role);
  });
});

describe('CEL text', () => {
  test('globs become whole-name RE2 patterns that match as the configuration globs do', () => {
    const matches = (glob: string, name: string) => {
      const regex = globToRegex(glob);
      assert.ok(regex);
      return evaluateCel(`${regex.negated ? '!' : ''}name.matches(pattern)`, { name, pattern: regex.pattern }) === true;
    };
    assert.ok(matches('node-*', 'node-exporter'));
    assert.ok(!matches('node-*', 'xnode-exporter'));
    assert.ok(matches('node-{exporter,agent}', 'node-agent'));
    assert.ok(!matches('node-{exporter,agent}', 'node-other'));
    assert.ok(matches('a?c', 'abc'));
    assert.ok(matches('[!x]b', 'ab'));
    assert.ok(!matches('[!x]b', 'xb'));
    assert.ok(matches('a.b', 'a.b'));
    assert.ok(!matches('a.b', 'axb'));
    assert.ok(matches('!kube-*', 'science'));
    assert.equal(globToRegex('a\\'), undefined);
  });

  test('the days before a day, as a pattern, sort before it', () => {
    const pattern = `^${daysBeforePattern('2026-11-27')}$`;
    const before = (day: string) => evaluateCel('day.matches(pattern)', { day, pattern }) === true;
    for (const day of ['2026-11-26', '2026-10-31', '2025-12-31', '1999-01-01', '2026-11-09'])
      assert.ok(before(day), day);
    for (const day of ['2026-11-27', '2026-11-28', '2026-12-01', '2027-01-01', '2099-12-31'])
      assert.ok(!before(day), day);
  });
});
