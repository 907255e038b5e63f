// The rule names are a contract (CLI, SARIF ruleId, editor codes, suppressions, docs): none may go missing.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { rules } from './index.ts';

const contract = [
  'cluster/api-version',
  'container/minimal-packages',
  'container/no-build-tools',
  'container/single-purpose',
  'filesets/allowed-paths',
  'filesets/audience',
  'filesets/group-access',
  'filesets/read-only',
  'filesets/scratch-ephemeral',
  'image/local-registry',
  'image/pinned',
  'image/supported-base',
  'image/trusted-source',
  'image/verified-downloads',
  'input/invalid',
  'input/schema',
  'input/suppression',
  'namespace/explicit',
  'namespace/matches-context',
  'network/public-exposure',
  'rbac/least-privilege',
  'rbac/namespace-scoped',
  'security/no-privilege-escalation',
  'security/run-as-non-root',
];

test('every rule of the catalogue is registered, in name order', () => {
  const names = rules.map((rule) => rule.name);
  for (const name of contract) assert.ok(names.includes(name), `${name} is not registered`);
  assert.deepEqual(names, [...names].sort());
  assert.equal(new Set(names).size, names.length, 'duplicate rule names');
});

test('each rule lives in a file named after it, with tests beside it', () => {
  for (const rule of rules) {
    const source = fileURLToPath(new URL(`./${rule.name}.ts`, import.meta.url));
    assert.ok(existsSync(source), `${rule.name}: missing ${source}`);
    if (rule.name.startsWith('input/')) continue; // Reported by the engine; tested through it.
    assert.ok(existsSync(source.replace(/\.ts$/, '.test.ts')), `${rule.name}: missing its tests`);
  }
});

test('metadata is complete', () => {
  for (const rule of rules) {
    assert.match(rule.guideline, /^1\.(1|2(\.[1-6])?)$/, `${rule.name}: guideline section`);
    assert.ok(rule.description.length > 20, `${rule.name}: description`);
    assert.ok(rule.appliesTo.length > 0, `${rule.name}: appliesTo`);
    assert.equal(rule.fixable, Boolean(rule.fixable), `${rule.name}: fixable`);
  }
});
