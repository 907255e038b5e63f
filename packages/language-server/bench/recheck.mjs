#!/usr/bin/env node
// Benchmark (prints figures, asserts nothing): the language server as an editor sees it, started
// as users start it (`kubectl-lsst lsp` from the built CLI; run `node scripts/build.mjs` first).
// Start-up to the initialize answer, against `node -e ''`; then, on a 3,000-line, 100-document
// manifest, the time from a one-character didChange to the publishDiagnostics of that version
// (debounce 0), against the whole-file check the incremental one replaces, in this process.
// Usage: node packages/language-server/bench/recheck.mjs [--edits N]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';
import { recheckManifest } from '../../core/test-support/recheck-manifest.mjs';

register();
const args = process.argv.slice(2);
const editsArgument = args.indexOf('--edits');
const editCount = editsArgument >= 0 ? Number(args[editsArgument + 1]) : 200;
const bin = new URL('../../kubectl-lsst/bin/kubectl-lsst', import.meta.url).pathname;
const env = { ...process.env, HOME: mkdtempSync(join(tmpdir(), 'lsst-lsp-bench-')) };
delete env.NODE_EXTRA_CA_CERTS;
delete env.LSST_CONFIG;

function stats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, worst ${sorted.at(-1).toFixed(2)} ms`;
}

/** A minimal LSP client over the child's stdio. */
function start() {
  const child = spawn(bin, ['lsp'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  let buffer = Buffer.alloc(0);
  const listeners = [];
  child.stdout.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      buffer = buffer.subarray(headerEnd + 4 + length);
      for (const listener of [...listeners]) listener(message);
    }
  });
  const send = (message) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  const next = (accept) =>
    new Promise((resolve) => {
      const listener = (message) => {
        if (!accept(message)) return;
        listeners.splice(listeners.indexOf(listener), 1);
        resolve(message);
      };
      listeners.push(listener);
    });
  return { child, send, next };
}

const nodeStarts = [];
for (let i = 0; i < 5; i++) {
  const started = performance.now();
  spawnSync(process.execPath, ['-e', ''], { env });
  nodeStarts.push(performance.now() - started);
}
const serverStarts = [];
for (let i = 0; i < 5; i++) {
  const started = performance.now();
  const server = start();
  const answered = server.next((message) => message.id === 1);
  server.send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  await answered;
  serverStarts.push(performance.now() - started);
  server.send({ id: 2, method: 'shutdown' });
  await server.next((message) => message.id === 2);
  server.send({ method: 'exit' });
  await new Promise((resolve) => server.child.on('exit', resolve));
}
console.log(`start-up to the initialize answer: ${stats(serverStarts)}`);
console.log(`node -e '', for comparison:        ${stats(nodeStarts)}`);

const folder = mkdtempSync(join(tmpdir(), 'lsst-lsp-bench-'));
const file = join(folder, 'services.yaml');
let text = recheckManifest();
writeFileSync(file, text);
const uri = pathToFileURL(file).href;
const server = start();
const answered = server.next((message) => message.id === 1);
server.send({
  id: 1,
  method: 'initialize',
  params: {
    processId: null,
    rootUri: null,
    capabilities: {},
    initializationOptions: { lsst: { debounceMilliseconds: 0 } },
  },
});
await answered;
server.send({ method: 'initialized', params: {} });
let published = server.next(
  (message) => message.method === 'textDocument/publishDiagnostics' && message.params.version === 1,
);
server.send({
  method: 'textDocument/didOpen',
  params: { textDocument: { uri, languageId: 'yaml', version: 1, text } },
});
const first = await published;
const lines = text.split('\n');
const edited = [];
for (let version = 2; version < editCount + 2; version++) {
  // A keystroke in the name of one service: a different document each time.
  const line = lines.findIndex(
    (entry, index) => index > (version * 37) % (lines.length - 40) && entry.startsWith('  name: '),
  );
  const character = lines[line].length;
  lines[line] += 'x';
  published = server.next(
    (message) => message.method === 'textDocument/publishDiagnostics' && message.params.version === version,
  );
  const started = performance.now();
  server.send({
    method: 'textDocument/didChange',
    params: {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: 'x' }],
    },
  });
  await published;
  edited.push(performance.now() - started);
}
text = lines.join('\n');
server.send({ id: 3, method: 'shutdown' });
await server.next((message) => message.id === 3);
server.send({ method: 'exit' });

const { checkText, defaultResolvedConfig } = await import('@lsst-kube/core');
const config = defaultResolvedConfig();
const whole = [];
for (let i = 0; i < 20; i++) {
  const started = performance.now();
  checkText({ path: file, text, kind: 'manifest' }, { config });
  whole.push(performance.now() - started);
}
console.log(
  `didChange -> publishDiagnostics, ${lines.length}-line 100-document manifest, ${editCount} one-character edits, ${first.params.diagnostics.length} diagnostics: ${stats(edited)}`,
);
console.log(`whole-file check in this process, for comparison: ${stats(whole)}`);
