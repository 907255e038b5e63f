// The in-editor suite. `run()` is what @vscode/test-electron calls (it rejects on failure);
// `runSuite()` returns each result, for the code-server host that reports them to the test runner.
import { runRegistered, type TestResult } from './framework.ts';
import './diagnostics.ts';
import './code-actions.ts';
import './commands.ts';
import './charts.ts';

export function runSuite(log?: (line: string) => void): Promise<TestResult[]> {
  return runRegistered(log);
}

export async function run(): Promise<void> {
  const results = await runSuite((line) => console.log(line));
  const failed = results.filter((result) => !result.ok);
  console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
  if (failed.length > 0)
    throw new Error(`${failed.length} in-editor tests failed: ${failed.map((r) => r.name).join('; ')}`);
}
