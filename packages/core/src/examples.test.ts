// The bundled examples tell the truth: good files give no error or warning, and each bad file
// fires exactly the rules that examples/README.md lists for it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config/load.ts';
import { checkText } from './engine/check.ts';
import { rulesByName } from './rules/index.ts';
import type { Finding } from './types.ts';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
// The check date of the README, so that end-of-life dates and expiries give the same answer every day.
const now = new Date('2026-11-27T12:00:00Z');
// The quick start's target: the configuration's default (development).
const targets = ['dev'];
const config = loadConfig(readFileSync(join(examples, '.lsst.yaml'), 'utf8'), { file: 'examples/.lsst.yaml' });

function check(relativePath: string): Finding[] {
  const text = readFileSync(join(examples, relativePath), 'utf8');
  const result = checkText({ path: `examples/${relativePath}`, text }, { config, now, targets });
  assert.equal(result.skipped, undefined, `${relativePath} was skipped: ${result.skipped}`);
  return result.findings.filter((finding) => !finding.suppression);
}

function describeFinding(finding: Finding): string {
  return `${finding.start.line}:${finding.start.column} ${finding.severity} ${finding.rule}: ${finding.message}`;
}

/** `bad/x.yaml` -> the rule names in the README's table row for it. */
function readmeRules(): Map<string, string[]> {
  const readme = readFileSync(join(examples, 'README.md'), 'utf8');
  const rows = new Map<string, string[]>();
  for (const line of readme.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
    const file = /^`(bad\/[^`]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!file) continue;
    rows.set(
      file,
      [...(cells[3] ?? '').matchAll(/`([a-z]+\/[a-z-]+)`/g)].map((match) => match[1] ?? ''),
    );
  }
  return rows;
}

const files = (folder: string) => readdirSync(join(examples, folder)).sort();

describe('examples', () => {
  test('there are good and bad manifests and Dockerfiles', () => {
    for (const folder of ['good', 'bad']) {
      assert.ok(
        files(folder).some((file) => file.endsWith('.yaml')),
        `${folder}: a manifest`,
      );
      assert.ok(
        files(folder).some((file) => file.endsWith('Dockerfile')),
        `${folder}: a Dockerfile`,
      );
    }
  });

  for (const file of files('good')) {
    test(`good/${file} has no error or warning`, () => {
      const findings = check(`good/${file}`).filter((finding) => finding.severity !== 'info');
      assert.deepEqual(findings.map(describeFinding), []);
    });
  }

  const expected = readmeRules();
  test('the README lists every bad file, and only those', () => {
    assert.deepEqual(
      [...expected.keys()].sort(),
      files('bad').map((file) => `bad/${file}`),
    );
  });

  for (const file of files('bad')) {
    test(`bad/${file} fires the rules the README lists`, () => {
      const listed = expected.get(`bad/${file}`) ?? [];
      assert.ok(listed.length >= 2, 'a bad example shows several findings');
      for (const name of listed) assert.ok(rulesByName.has(name), `the README names an unknown rule ${name}`);
      const wanted = [...listed].sort();
      const fired = [...new Set(check(`bad/${file}`).map((finding) => finding.rule))].sort();
      assert.deepEqual(fired, wanted);
    });
  }
});
