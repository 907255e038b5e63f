// `check --jobs N`: the files are checked by N worker threads side by side, and their results are
// reported in the order of the files, so that the report is the one a serial run prints.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { CheckResult } from '@lsst-kube/core';

/** What a worker needs to check files as the serial run does; plain data (it is copied to the thread). */
export interface WorkerSetup {
  cwd: string;
  env: Record<string, string | undefined>;
  configFlag: string | undefined;
  targets: string[] | undefined;
  allTargets: boolean;
  /** The check date as an ISO string. */
  now: string | undefined;
  contextNamespace: string | undefined;
  /** Files that define CustomResourceDefinitions, in the order the serial run reads them. */
  crdFiles: { path: string; absolute: string }[];
  fingerprinted: boolean;
  quiet: boolean;
  /** Send the checked text back for files with listed findings (code frames of the terminal format). */
  keepTexts: boolean;
  showSuppressed: boolean;
}

export interface FileToCheck {
  path: string;
  absolute: string;
}

export interface CheckedFile {
  index: number;
  result: CheckResult;
  text?: string;
}

export interface WorkerFailure {
  index: number;
  error: { name: string; message: string; exitCode?: number; stack?: string };
}

/** Files are handed out one at a time; at most this many per worker are ahead of the report. */
const aheadPerWorker = 16;

/**
 * Checks the files in `jobs` worker threads and passes each result to `take` in the order of
 * `files`, waiting for `take` before the next. An error in a worker (a configuration error of a
 * folder, say) stops the others and is thrown here as it would be in a serial run.
 */
export async function checkInWorkers(
  files: readonly FileToCheck[],
  jobs: number,
  setup: WorkerSetup,
  take: (checked: CheckedFile) => Promise<void>,
): Promise<void> {
  const arrived = new Map<number, CheckedFile | WorkerFailure>();
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  let nextToSend = 0;
  let nextToTake = 0;
  const idle: Worker[] = [];
  const send = () => {
    while (idle.length > 0 && nextToSend < files.length && nextToSend < nextToTake + aheadPerWorker * jobs) {
      const worker = idle.pop() as Worker;
      const index = nextToSend++;
      worker.postMessage({ index, ...files[index] });
    }
  };
  const workers = Array.from({ length: Math.min(jobs, files.length) }, () => {
    const worker = startWorker(setup);
    worker.on('message', (message: CheckedFile | WorkerFailure) => {
      arrived.set(message.index, message);
      idle.push(worker);
      send();
      notify();
    });
    worker.on('error', (error) => {
      failure ??= error;
      notify();
    });
    worker.on('exit', (code) => {
      if (code !== 0 && nextToTake < files.length) failure ??= new Error(`a check worker stopped (exit code ${code})`);
      notify();
    });
    idle.push(worker);
    return worker;
  });
  try {
    send();
    while (nextToTake < files.length) {
      if (failure) throw failure;
      const checked = arrived.get(nextToTake);
      if (!checked) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        continue;
      }
      arrived.delete(nextToTake);
      // The files before it were reported, as a serial run would have.
      if ('error' in checked) throw rebuildError(checked.error);
      nextToTake += 1;
      send();
      await take(checked);
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** Whether the worker's code is there: a copy of the plugin without it checks in one thread. */
export function workersAvailable(): boolean {
  if (!import.meta.url.endsWith('.cjs')) return true;
  return existsSync(fileURLToPath(new URL('./check-worker.cjs', import.meta.url)));
}

function startWorker(setup: WorkerSetup): Worker {
  // Loaded here, not at start-up: a small check never starts a worker.
  const { Worker } = process.getBuiltinModule('node:worker_threads') as typeof import('node:worker_threads');
  // The bundle (dist/cli.cjs) has its worker beside it; from source, the worker is TypeScript, run through tsx.
  if (import.meta.url.endsWith('.cjs'))
    return new Worker(new URL('./check-worker.cjs', import.meta.url), {
      workerData: setup,
      // Under --debug the launcher reads stack traces through the source maps (the bundles have short names).
      ...((process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled
        ? { execArgv: [...process.execArgv, '--enable-source-maps'] }
        : {}),
    });
  // A worker does not inherit tsx's hooks: it registers them itself, through tsx's ESM API (its .mjs twin).
  const tsxApi = createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const tsx = pathToFileURL(tsxApi).href;
  const source = new URL('./check-worker.ts', import.meta.url).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); });`,
    {
      eval: true,
      workerData: setup,
    },
  );
}

/** The worker's error as the serial run would throw it: the CLI recognises errors by name. */
function rebuildError(described: WorkerFailure['error']): Error {
  const error = new Error(described.message) as Error & { exitCode?: number };
  error.name = described.name;
  if (described.exitCode !== undefined) error.exitCode = described.exitCode;
  if (described.stack !== undefined) error.stack = described.stack;
  return error;
}
