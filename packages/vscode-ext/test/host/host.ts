// Loaded as a second extension in code-server (which cannot take --extensionTestsPath): runs the
// in-editor suite once the workbench is up and writes the results where the test runner waits.
import { renameSync, writeFileSync } from 'node:fs';
import { runSuite } from '../suite/index.ts';

export async function activate(): Promise<void> {
  const resultsFile = process.env.LSST_SUITE_RESULTS;
  if (!resultsFile) return;
  const lines: string[] = [];
  let payload: unknown;
  try {
    const results = await runSuite((line) => lines.push(line));
    payload = { results, log: lines };
  } catch (error) {
    payload = { error: error instanceof Error ? (error.stack ?? error.message) : String(error), log: lines };
  }
  // Written whole and renamed, so that the runner never reads half a file.
  writeFileSync(`${resultsFile}.partial`, JSON.stringify(payload, null, 2));
  renameSync(`${resultsFile}.partial`, resultsFile);
}

export function deactivate(): void {}
