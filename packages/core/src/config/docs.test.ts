import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from './defaults.ts';
import { loadConfig } from './load.ts';
import { configSpec } from './schema.ts';

const docsPath = fileURLToPath(new URL('../../../../docs/configuration.md', import.meta.url));
const docs = readFileSync(docsPath, 'utf8');
const yamlBlocks = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

describe('docs/configuration.md', () => {
  it('has an annotated example', () => {
    assert.ok(yamlBlocks.length >= 1);
  });

  it('every yaml example is a valid configuration', () => {
    const knownRules = [
      'image/pinned',
      'container/minimal-packages',
      'security/run-as-non-root',
      'filesets/allowed-paths',
    ];
    for (const block of yamlBlocks) loadConfig(block, { file: 'docs/configuration.md', knownRules });
  });

  it('the example sets every top-level key, and its file sets and limits equal the defaults', () => {
    const [example] = yamlBlocks;
    assert.ok(example);
    const config = loadConfig(example, { file: 'docs/configuration.md' });
    for (const key of Object.keys(configSpec.properties)) {
      assert.match(example, new RegExp(`^${key}:`, 'm'), `the example sets ${key}`);
    }
    assert.deepEqual(config.fileSets, defaultConfig.fileSets);
    assert.deepEqual(config.limits, defaultConfig.limits);
    assert.deepEqual(config.targets, ['dev', 'prod']);
  });

  it('documents every key of the description', () => {
    const keys = new Set<string>();
    const walk = (properties: Record<string, unknown>) => {
      for (const [key, child] of Object.entries(properties)) {
        keys.add(key);
        const spec = child as {
          type: string;
          properties?: Record<string, unknown>;
          items?: { properties?: Record<string, unknown> };
        };
        if (spec.properties) walk(spec.properties);
        if (spec.items?.properties) walk(spec.items.properties);
      }
    };
    walk(configSpec.properties);
    for (const key of keys) assert.ok(docs.includes(`\`${key}\``), `docs mention \`${key}\``);
  });
});
