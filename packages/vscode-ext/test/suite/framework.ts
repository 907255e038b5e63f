// A small test registry that runs inside the extension host (VS Code or code-server), where
// node:test's own runner and reporters are not available. Tests run one after another.
export interface TestResult {
  name: string;
  ok: boolean;
  error?: string;
  durationMs: number;
}

type TestBody = () => Promise<void> | void;
const registered: Array<{ name: string; body: TestBody; timeoutMs: number }> = [];
let prefix = '';

export function suite(name: string, define: () => void): void {
  const outer = prefix;
  prefix = `${outer}${name} › `;
  try {
    define();
  } finally {
    prefix = outer;
  }
}

export function test(name: string, body: TestBody, timeoutMs = 30_000): void {
  registered.push({ name: `${prefix}${name}`, body, timeoutMs });
}

export async function runRegistered(log: (line: string) => void = () => undefined): Promise<TestResult[]> {
  const results: TestResult[] = [];
  // LSST_SUITE_GREP runs only the tests whose name contains it (for working on one test).
  const grep = process.env.LSST_SUITE_GREP;
  for (const { name, body, timeoutMs } of registered) {
    if (grep && !name.includes(grep)) continue;
    const started = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(body),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      results.push({ name, ok: true, durationMs: Date.now() - started });
      log(`ok ${name}`);
    } catch (error) {
      const full = error instanceof Error ? (error.stack ?? error.message) : String(error);
      const message = full.length > 1500 ? `${full.slice(0, 1500)}…` : full;
      results.push({ name, ok: false, error: message, durationMs: Date.now() - started });
      log(`not ok ${name}\n${message}`);
    } finally {
      clearTimeout(timer);
    }
  }
  return results;
}
