// The engine (core without src/kube and src/render) does no I/O and imports no front end, so that the CLI and the
// editor can both call it on any text: this test keeps it that way.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('.', import.meta.url));
const forbidden = [
  /from '(node:)?(fs|fs\/promises|child_process|net|http|https|os|worker_threads)'/,
  /from 'vscode'/,
  /from '@oclif\//,
  /from '@kubernetes\/client-node/,
  /from '\.{1,2}\/(\.\.\/)*kube\//,
  /from '\.{1,2}\/(\.\.\/)*render\//,
];

function engineFiles(directory: string, found: string[] = []): string[] {
  for (const entry of readdirSync(directory)) {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== 'kube' && entry !== 'render') engineFiles(path, found);
    } else if (
      entry.endsWith('.ts') &&
      !entry.endsWith('.test.ts') &&
      !path.includes('/testing/') &&
      !path.includes('/fuzz/')
    ) {
      found.push(path);
    }
  }
  return found;
}

test('the engine imports neither I/O modules nor a front end nor the kube and render entry points', () => {
  const offenders: string[] = [];
  for (const file of engineFiles(source)) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of forbidden) {
      const match = text.match(pattern);
      if (match) offenders.push(`${relative(source, file)}: ${match[0]}`);
    }
  }
  assert.deepEqual(offenders, []);
});
