// End-to-end tests run the built bundle: build it once per test run, as `npm run build` does.
// Test files run in parallel processes, so a lock folder makes the others wait for one build.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repositoryRoot = new URL('../../../../', import.meta.url).pathname;
const lock = join(tmpdir(), `kubectl-lsst-build-${Buffer.from(repositoryRoot).toString('hex').slice(-24)}.lock`);
const staleAfterMs = 120_000;
let built = false;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function buildOnce(): void {
  if (built) return;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test process is building: wait for it, then use its build.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age > staleAfterMs) rmSync(lock, { recursive: true, force: true });
      else sleep(100);
      const stillThere = statSync(lock, { throwIfNoEntry: false });
      if (!stillThere && age <= staleAfterMs) {
        built = true;
        return;
      }
    }
  }
  try {
    const result = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repositoryRoot, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
    built = true;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
