// The exported YAML is valid for the admissionregistration.k8s.io API of each target's Kubernetes
// version, by the per-version OpenAPI schemas in data/schemas (through input/schema).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultResolvedConfig, mergeConfig } from '../config/load.ts';
import { checkText } from '../engine/check.ts';
import { rules, rulesByName } from '../rules/index.ts';
import { schemaVersions } from '../schema/kubernetes.ts';
import { exportPolicies } from './policies.ts';
import { policyDocuments } from './policy-yaml.ts';

const now = new Date('2026-11-27T12:00:00Z');
const schemaRule = rulesByName.get('input/schema');

function schemaFindings(text: string, version: string): string[] {
  const config = mergeConfig(defaultResolvedConfig(), {
    clusters: [{ name: 'target', role: 'production', kubernetesVersion: version }],
    targets: ['target'],
  } as never);
  const result = checkText({ path: 'policies.yaml', text }, { config, now, rules: schemaRule ? [schemaRule] : [] });
  return result.findings.map((finding) => `${finding.start.line}: ${finding.message}`);
}

test('exported policies and bindings are valid for the API of every target version with schema data', () => {
  const versions = schemaVersions().filter((version) => Number(version.split('.')[1]) >= 28);
  assert.ok(versions.includes('1.29') && versions.includes('1.31'), `schema data for ${versions.join(', ')}`);
  const exemptions = [
    { rule: 'security/run-as-non-root', namespace: 'x*', kind: 'Deployment', reason: 'vendor image' },
    { rule: 'security/no-privilege-escalation', container: 'side*', reason: 'needs ptrace' },
  ];
  const config = mergeConfig(defaultResolvedConfig(), { exemptions } as never);
  for (const version of versions) {
    const exported = exportPolicies({
      config,
      target: { name: 'target', role: 'production', kubernetesVersion: version },
      rules,
      now,
    });
    assert.equal(exported.problem, undefined);
    assert.ok(exported.objects.length >= 6);
    const text = policyDocuments(exported.objects);
    assert.deepEqual(schemaFindings(text, version), [], `Kubernetes ${version}`);
  }
});

test('the schema check would see a wrong field in an exported policy', () => {
  const exported = exportPolicies({
    config: defaultResolvedConfig(),
    target: { name: 'target', role: 'production', kubernetesVersion: '1.31' },
    rules,
    now,
  });
  const text = policyDocuments(exported.objects).replace('validationActions:', 'validationAction:');
  assert.ok(schemaFindings(text, '1.31').some((finding) => /validationAction\b/.test(finding)));
  // And a v1 policy on a cluster that only serves v1beta1.
  assert.ok(schemaFindings(policyDocuments(exported.objects), '1.29').length > 0);
});
