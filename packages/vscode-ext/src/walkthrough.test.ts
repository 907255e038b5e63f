// The walkthrough's words against what the engine finds in its example, so that they stay true.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkText, defaultResolvedConfig } from '@lsst-kube/core';

const walkthrough = join(import.meta.dirname, '..', 'walkthrough');
const read = (name: string) => readFileSync(join(walkthrough, name), 'utf8');
const example = read('example-deployment.yaml');
const findings = checkText(
  { path: 'example-deployment.yaml', text: example },
  { config: defaultResolvedConfig() },
).findings;
const lineOf = (text: string) => example.split('\n').findIndex((line) => line.includes(text)) + 1;

test('the example has the findings the walkthrough names, and says how many', () => {
  const named = [...read('open-example.md').matchAll(/\(`([a-z-]+\/[a-z-]+)`/g)].map((match) => match[1]);
  assert.deepEqual(named.sort(), findings.map((finding) => finding.rule).sort());
  const count = ['one', 'two', 'three', 'four', 'five'][findings.length - 1];
  assert.match(read('open-example.md'), new RegExp(`it has ${count} findings`));
  assert.match(example.split('\n')[0] ?? '', new RegExp(`with ${count} findings`));
});

test('the quick-fix step names the fixes on "- name: web" in the order the quick-fix menu shows them', () => {
  // The menu lists preferred fixes first, in the order of the diagnostics, which is the engine's.
  const onLine = findings.filter((finding) => finding.start.line === lineOf('- name: web') && finding.fix);
  assert.equal(onLine.length, 2);
  const text = read('apply-fix.md');
  assert.match(text, /Two findings are there/);
  const [first, second] = onLine;
  const firstSetting = first?.fix?.description.match(/^Set (\w+: \w+)/)?.[1];
  const secondSetting = second?.fix?.description.match(/^Set (\w+: \w+)/)?.[1];
  assert.ok(firstSetting && secondSetting);
  assert.match(text, new RegExp(`The first sets \`${firstSetting}\`[^.]*\\(\`${first?.rule}\`\\)`));
  assert.match(text, new RegExp(`the second sets \`${secondSetting}\`[^.]*\\(\`${second?.rule}\`\\)`));
  const unfixable = findings.filter((finding) => !finding.fix).map((finding) => finding.rule);
  for (const rule of unfixable) assert.match(text, new RegExp(`\`${rule}\` has no automatic fix`));
});
