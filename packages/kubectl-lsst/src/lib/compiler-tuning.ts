// How V8 compiles a check of many files. A check runs for seconds at most, and its hot functions are compiled
// once: V8's optimising compiler then spent about a third of the CPU, mostly inlining, more than the inlined
// code saved. Without inlining, 10,000 objects took 0.87x the CPU in the same wall time, 1,000 objects 0.83x;
// at 30,000 objects it was even, and at 100,000 inlining paid (docs/performance.md).
import { statSync } from 'node:fs';

/** Past this much input the run is long enough for inlining to pay for itself. */
const inliningPaysFromBytes = 16 * 1024 * 1024;
/** A check of fewer files compiles next to nothing: V8's defaults are left alone. */
const tunedFromFiles = 64;
/** bin/kubectl-lsst writes no code cache from a run whose V8 flags changed: V8 would refuse it under the defaults. */
export const compilerFlagsChanged = Symbol.for('kubectl-lsst.v8-flags-changed');

/** Turns inlining off for a check of many files that together are not large; true when it did. */
export async function tuneCompilerForInput(paths: readonly string[]): Promise<boolean> {
  if (paths.length < tunedFromFiles) return false;
  let bytes = 0;
  for (const path of paths) {
    try {
      bytes += statSync(path).size;
    } catch {
      // The check reports a file it cannot read; here it only counts for nothing.
    }
    if (bytes >= inliningPaysFromBytes) return false;
  }
  // Loaded only here: node:v8 costs about 3 ms of every start.
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--no-turbo-inlining');
  (globalThis as Record<symbol, unknown>)[compilerFlagsChanged] = true;
  return true;
}
