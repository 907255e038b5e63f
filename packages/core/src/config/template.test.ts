import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parseDocument } from 'yaml';
import { schemaPath } from '../../scripts/generate-schema.ts';
import { rules } from '../rules/index.ts';
import { defaultConfig } from './defaults.ts';
import { configYamlOptions, defaultResolvedConfig, loadConfig } from './load.ts';
import type { Config } from './model.ts';
import { configSpec, type Spec } from './schema.ts';
import { configTemplate } from './template.ts';

const knownRules = rules.map((rule) => rule.name);
const template = configTemplate({ rules });

function withoutSource(config: Config & { source?: string }): Config {
  const { source: _source, ...rest } = config;
  return rest;
}

/** Every key the configuration description knows, at any depth. */
function allKeys(spec: Spec, keys = new Set<string>()): Set<string> {
  if (spec.type === 'object') {
    for (const [key, child] of Object.entries(spec.properties)) {
      keys.add(key);
      allKeys(child, keys);
    }
  } else if (spec.type === 'array') allKeys(spec.items, keys);
  else if (spec.type === 'either') allKeys(spec.map, keys);
  else if (spec.type === 'map') allKeys(spec.values, keys);
  return keys;
}

describe('configTemplate', () => {
  it('loads, with the rule names checked, to exactly the embedded defaults', () => {
    const loaded = loadConfig(template, { file: '.lsst.yaml', knownRules });
    assert.equal(loaded.source, '.lsst.yaml');
    assert.deepEqual(withoutSource(loaded), defaultResolvedConfig());
  });

  it('is valid against the published JSON Schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
    const value = parseDocument(template, configYamlOptions).toJS() as unknown;
    assert.equal(validate(value), true, JSON.stringify(validate.errors));
  });

  it('sets every top-level key and names every key of the description', () => {
    // A key with no default (baseline) is shown commented out: setting it would change the defaults.
    for (const key of Object.keys(configSpec.properties))
      assert.match(template, new RegExp(`^${unset(key)}${key}:`, 'm'));
    for (const key of allKeys(configSpec)) assert.match(template, new RegExp(`\\b${key}:`), `mentions ${key}`);
  });

  it('explains every key it sets with a comment', () => {
    const commentBefore = (key: string) => {
      const lines = template.split('\n');
      const index = lines.findIndex((line) => new RegExp(`^${unset(key)}${key}:`).test(line));
      return lines[index - 1]?.startsWith('#') === true;
    };
    for (const key of Object.keys(configSpec.properties)) assert.ok(commentBefore(key), `${key} has a comment`);
  });

  it('lists every registered rule with its default severity in a comment', () => {
    for (const rule of rules) {
      assert.match(template, new RegExp(`^#\\s+${rule.name}\\s+${rule.defaultSeverity}\\b`, 'm'), rule.name);
    }
  });

  it('round-trips a base that sets the optional keys too', () => {
    const base: Config = {
      ...structuredClone(defaultConfig),
      clusters: [
        {
          name: 'prod',
          role: 'production',
          kubernetesVersion: '1.30',
          match: { contexts: ['lsst-prod*'], servers: ['https://prod.example.org:6443'] },
        },
        { name: 'on', role: 'development', kubernetesVersion: '1.33' },
      ],
      targets: ['prod', 'on'],
      registries: {
        local: ['registry.example.org:5000'],
        mirror: 'registry.example.org/hub',
        trustedDockerHubOrganizations: [],
        trusted: ['ghcr.io/example'],
      },
      images: {
        movingTags: ['latest', '*-snapshot'],
        baseImageUsers: { 'ghcr.io/example/base': 'app' },
        developmentOnly: [],
        buildImages: [],
      },
      network: { ingressKinds: [], sharedIngressClasses: [], defaultIngressClass: 'traefik' },
      namespaces: { science: ['nb-*'], default: 'my-team' },
      rules: {
        'image/pinned': { severity: 'off' },
        'security/run-as-non-root': { severity: 'error', suppressible: false },
      },
      exemptions: [{ rule: 'image/pinned', namespace: 'mon*', reason: 'a reason: with a colon', until: '2027-06-30' }],
      portRequests: { namespace: 'port-requests' },
    };
    const loaded = loadConfig(configTemplate({ base, rules }), { file: '.lsst.yaml', knownRules });
    assert.deepEqual(withoutSource(loaded), base);
  });
});

/** `# ` before a key the embedded defaults leave unset, which the template shows commented out. */
function unset(key: string): string {
  return key in defaultConfig ? '' : '# ';
}
