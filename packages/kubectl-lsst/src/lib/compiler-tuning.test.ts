import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const folder = mkdtempSync(join(tmpdir(), 'lsst-compiler-tuning-'));
after(() => rmSync(folder, { recursive: true, force: true }));

const tuning = new URL('./compiler-tuning.ts', import.meta.url).pathname;

/** Small files to check, `count` of them, and a large one when asked. */
function files(count: number, largeBytes = 0): string[] {
  const paths = Array.from({ length: count }, (_, index) => {
    const path = join(folder, `${count}-${largeBytes}-${index}.yaml`);
    writeFileSync(path, 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: small }\n');
    return path;
  });
  if (largeBytes > 0) writeFileSync(paths[0] as string, 'x'.repeat(largeBytes));
  return paths;
}

/**
 * Tunes the compiler for the paths in a process of its own (V8's flags are the process's), then has V8
 * optimise a caller of a small function there: says whether it was inlined, through V8's own trace.
 */
function tuneInChild(paths: readonly string[]): { tuned: boolean; marked: boolean; inlined: boolean } {
  const script = `
    import { compilerFlagsChanged, tuneCompilerForInput } from ${JSON.stringify(tuning)};
    const tuned = await tuneCompilerForInput(${JSON.stringify(paths)});
    function callee(value) { return value + 1; }
    function caller(value) { return callee(value) * 2; }
    %PrepareFunctionForOptimization(callee);
    %PrepareFunctionForOptimization(caller);
    caller(1);
    caller(2);
    %OptimizeFunctionOnNextCall(caller);
    caller(3);
    // On stderr: V8's trace, on stdout, may be flushed at any time.
    console.error('verdict ' + JSON.stringify({ tuned, marked: globalThis[compilerFlagsChanged] === true }));
  `;
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--allow-natives-syntax', '--trace-turbo-inlining', '--input-type=module', '-e', script],
    { encoding: 'utf8', cwd: new URL('.', import.meta.url).pathname },
  );
  assert.equal(child.status, 0, child.stderr);
  const verdict = JSON.parse(child.stderr.match(/^verdict (.*)$/m)?.[1] ?? 'null');
  assert.ok(verdict, child.stderr);
  return { ...verdict, inlined: /Inlining .*callee.* into .*caller/.test(child.stdout) };
}

describe('compiling a check of many files', () => {
  it('turns inlining off for many files that together are not large, and says so to the launcher', () => {
    assert.deepEqual(tuneInChild(files(64)), { tuned: true, marked: true, inlined: false });
  });

  it('leaves V8 as it is for a few files, or for an input large enough for inlining to pay', () => {
    assert.deepEqual(tuneInChild(files(63)), { tuned: false, marked: false, inlined: true });
    assert.deepEqual(tuneInChild(files(64, 16 * 1024 * 1024)), { tuned: false, marked: false, inlined: true });
  });

  it('counts a file it cannot read as empty (the check reports it)', () => {
    const missing = Array.from({ length: 64 }, (_, index) => join(folder, `missing-${index}.yaml`));
    assert.equal(tuneInChild(missing).tuned, true);
  });
});
