// A configuration is data and only data: no tag runs code or builds an object, and keys named
// after Object.prototype's members are unknown keys, never a way to reach or replace a prototype.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig, validateConfigText } from './load.ts';

const prototypeKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** Every value reachable from `value` is a string, number, boolean, null, array or plain object. */
function assertPlainData(value: unknown, path = 'config'): void {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) assertPlainData(item, `${path}[${index}]`);
    return;
  }
  assert.equal(typeof value, 'object', `${path} is ${typeof value}`);
  assert.equal(Object.getPrototypeOf(value), Object.prototype, `${path} has a plain prototype`);
  for (const [key, item] of Object.entries(value as object)) assertPlainData(item, `${path}.${key}`);
}

function assertNotPolluted(): void {
  const probe: Record<string, unknown> = {};
  for (const name of ['polluted', 'targets', 'clusters', 'maxFileSize', 'default'])
    assert.equal(probe[name], undefined, `Object.prototype.${name}`);
  assert.equal((globalThis as Record<string, unknown>).lsstExecuted, undefined, 'no code ran');
}

describe('configuration safety', () => {
  it('keys named after prototype members are unknown keys, at every level', () => {
    for (const key of prototypeKeys) {
      const texts = [
        `${key}:\n  polluted: yes\n  targets: [prod]\n`,
        `registries:\n  ${key}: { polluted: true }\n`,
        `namespaces:\n  ${key}: { default: x }\n`,
        `limits:\n  ${key}: { maxFileSize: 1 }\n`,
        `portRequests:\n  ${key}: { namespace: x }\n`,
        `clusters:\n  - name: x\n    role: development\n    kubernetesVersion: "1.29"\n    ${key}: { polluted: true }\n`,
        `rules:\n  ${key}: error\n`,
      ];
      for (const text of texts) {
        const validation = validateConfigText(text, { knownRules: ['image/pinned'] });
        assert.ok(validation.problems.length > 0, `${JSON.stringify(text)} is refused`);
        assert.match(validation.problems.map((problem) => problem.message).join('\n'), new RegExp(`"${key}"`));
        assert.throws(() => loadConfig(text, { file: '.lsst.yaml', knownRules: ['image/pinned'] }), /"/);
        assertNotPolluted();
      }
    }
  });

  it('without the rule list too (the editor validates as you type), a __proto__ rule name is refused', () => {
    const validation = validateConfigText('rules:\n  __proto__: { severity: off }\n');
    assert.ok(validation.problems.length > 0);
    assertNotPolluted();
  });

  it('JavaScript and custom tags run nothing and construct nothing', () => {
    const texts = [
      'targets: !!js/function "function () { globalThis.lsstExecuted = true }"\n',
      'targets: [!!js/function "() => { globalThis.lsstExecuted = true }"]\n',
      'registries:\n  local: [!!js/regexp /evil/]\n',
      'registries:\n  mirror: !!js/undefined ""\n',
      'registries:\n  mirror: !<tag:yaml.org,2002:js/function> "function () {}"\n',
      'registries:\n  mirror: !custom { a: 1 }\n',
      'registries:\n  local: !!set { a.example.org }\n',
      'namespaces: !!omap [ { science: ["nb-*"] } ]\n',
      'registries:\n  mirror: !!binary aGVsbG8=\n',
      'exemptions:\n  - { rule: image/pinned, reason: r, until: !!timestamp 2027-06-30 }\n',
    ];
    for (const text of texts) {
      const validation = validateConfigText(text, { knownRules: ['image/pinned'] });
      if (validation.contents !== undefined) assertPlainData(validation.contents);
      assertNotPolluted();
    }
  });

  it('merge keys copy data only', () => {
    const text = [
      'clusters:',
      '  - &base { name: dev, role: development, kubernetesVersion: "1.31", match: { contexts: ["dev*"] } }',
      '  - { <<: *base, name: prod, role: production }',
      'targets: [dev]',
      '',
    ].join('\n');
    const validation = validateConfigText(text);
    if (validation.contents !== undefined) {
      assertPlainData(validation.contents);
      const config = loadConfig(text, { file: '.lsst.yaml' });
      assertPlainData(config);
      assert.deepEqual(
        config.clusters.map((cluster) => [cluster.name, cluster.role]),
        [
          ['dev', 'development'],
          ['prod', 'production'],
        ],
      );
    } else assert.ok(validation.problems.length > 0);
    assertNotPolluted();
  });

  it('a valid configuration loads as plain data', () => {
    const config = loadConfig(
      'registries:\n  local: [registry.example.org]\nnamespaces:\n  science: ["nb-*"]\nrules:\n  image/pinned: warning\n',
      { file: '.lsst.yaml', knownRules: ['image/pinned'] },
    );
    assertPlainData(config);
  });
});
