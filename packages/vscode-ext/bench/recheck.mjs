#!/usr/bin/env node
// Benchmark (prints figures, asserts nothing): the editor's re-check after a keystroke on a
// 3,000-line, 100-document manifest — core time from the changed text to diagnostic ranges, the
// engine call the language server makes for the extension (packages/language-server/bench/recheck.mjs
// measures the server's whole round trip) —
// median and worst over many single-character edits; then the extension's activation time in
// code-server, read from the editor's own Running Extensions view.
// Usage: node packages/vscode-ext/bench/recheck.mjs [--edits N] [--no-activation]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { recheckManifest } from '../../core/test-support/recheck-manifest.mjs';

register();
const benchDir = fileURLToPath(new URL('.', import.meta.url));
const extensionRoot = join(benchDir, '..');
const args = process.argv.slice(2);
const editsArgument = args.indexOf('--edits');
const editCount = editsArgument >= 0 ? Number(args[editsArgument + 1]) : 300;

const { checkText, defaultResolvedConfig, IncrementalManifestChecker, LineIndex } = await import('@lsst-kube/core');

function percentile(sorted, fraction) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

/** Turns each finding into a line/column range, as the extension does for diagnostics. */
function toRanges(text, findings) {
  const lines = new LineIndex(text);
  for (const finding of findings) {
    lines.positionAt(finding.range[0]);
    lines.positionAt(finding.range[1]);
  }
  return findings.length;
}

function measure(label, recheck) {
  let text = recheckManifest();
  const lineCount = text.split('\n').length - 1;
  // Edits a person makes: a character typed into a name, somewhere in the file, then deleted.
  const editable = [...text.matchAll(/name: service-\d+/g)].map((match) => (match.index ?? 0) + match[0].length);
  for (let i = 0; i < 20; i++) recheck(text); // warm-up (JIT)
  const times = [];
  let findings = 0;
  for (let i = 0; i < editCount; i++) {
    const offset = editable[Math.floor(i / 2) % editable.length] ?? 0;
    text =
      i % 2 === 0
        ? `${text.slice(0, offset)}x${text.slice(offset)}`
        : `${text.slice(0, offset)}${text.slice(offset + 1)}`;
    const started = performance.now();
    findings = recheck(text);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label}: ${lineCount}-line, 100-document manifest, ${editCount} one-character edits, ${findings} findings`,
  );
  console.log(
    `  median ${percentile(times, 0.5).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms, worst ${times.at(-1)?.toFixed(2)} ms (target: under 15 ms)`,
  );
}

function benchmarkRecheck() {
  const options = { config: defaultResolvedConfig() };
  const checker = new IncrementalManifestChecker();
  measure('editor re-check (only the changed document)', (text) =>
    toRanges(text, checker.check('bench/deployments.yaml', text, options).findings),
  );
  measure('whole-file check, for comparison', (text) =>
    toRanges(text, checkText({ path: 'bench/deployments.yaml', text, kind: 'manifest' }, options).findings),
  );
}

async function benchmarkActivation() {
  const entry = join(extensionRoot, '..', '..', '.cache/code-server/node_modules/code-server/out/node/entry.js');
  if (!existsSync(entry) || !existsSync(join(extensionRoot, 'dist', 'extension.cjs'))) {
    console.log(
      'activation in code-server: not measured (run node scripts/setup-editor-tests.mjs and build the extension first)',
    );
    return;
  }
  const { startEditor } = await import('../test/e2e/harness.ts');
  const editor = await startEditor({ workspaceSource: join(extensionRoot, 'test', 'fixtures', 'workspace') });
  try {
    // The status bar item appears once activate() has run.
    await editor.page.locator('[id="lsst.lsst-guidelines.lsst.kubeContext"]').waitFor({ state: 'visible' });
    await editor.runCommand('Developer: Show Running Extensions');
    const row = editor.page.locator('.runtime-extensions-editor .monaco-list-row', {
      hasText: 'LSST Kubernetes Guidelines',
    });
    const activation = row.locator('.activation-time');
    await activation.waitFor({ state: 'visible' });
    console.log(`activation in code-server (Running Extensions view): ${(await activation.textContent())?.trim()}`);
  } finally {
    await editor.close();
  }
}

benchmarkRecheck();
if (!args.includes('--no-activation')) {
  await benchmarkActivation().catch((error) => {
    console.log(
      `activation in code-server: not measured (${error instanceof Error ? error.message.split('\n')[0] : error})`,
    );
  });
}
