// Runs helm, an external program: found by path, checked to be Helm 3, run offline (never
// `helm dependency update`), with a timeout and bounded output, several at a time.
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface HelmVersion {
  ok: true;
  version: string;
}

export interface HelmUnavailable {
  ok: false;
  /** What went wrong and what to do, for one message naming the charts not checked. */
  reason: string;
}

/** `helm version`: Helm 3 (or later 3.x-compatible) only; a clear reason otherwise. */
export function helmVersion(
  binary: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  timeoutMs = 10_000,
): Promise<HelmVersion | HelmUnavailable> {
  return new Promise((resolve) => {
    execFile(
      binary,
      ['version', '--template', '{{.Version}}'],
      { timeout: timeoutMs, maxBuffer: 64 * 1024, encoding: 'utf8', env: env as NodeJS.ProcessEnv },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          resolve({
            ok: false,
            reason:
              code === 'ENOENT'
                ? `helm was not found (${binary}). Install Helm 3 (https://helm.sh/docs/intro/install/), or name it with --helm PATH or helm.binary in .lsst.yaml`
                : `\`${binary} version\` failed: ${firstLine(stderr || error.message)}`,
          });
          return;
        }
        const version = stdout.trim();
        if (!/^v3\./.test(version)) {
          resolve({ ok: false, reason: `${binary} is Helm ${version || '(unknown version)'}; Helm 3 is needed` });
          return;
        }
        resolve({ ok: true, version });
      },
    );
  });
}

export interface RenderRequest {
  /** The chart's folder. */
  chartDirectory: string;
  releaseName: string;
  namespace?: string;
  /** Values files in order (later wins). */
  valuesFiles: readonly string[];
  /** `--set` assignments, in order. */
  set: readonly string[];
}

export type RenderOutcome =
  | { ok: true; text: string; milliseconds: number }
  | { ok: false; reason: string; missingDependencies: boolean; cancelled?: boolean; milliseconds: number };

export interface RenderSettings {
  binary: string;
  timeoutMs: number;
  /** Bytes of output; a larger render fails. */
  maxBytes: number;
  cwd: string;
  /** The environment helm runs in (PATH, HELM_*); the caller's. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Ends helm early: a newer render of the same chart made this one useless. */
  signal?: AbortSignal;
}

/** `helm template` of one chart: its objects, or helm's own message. Never throws. */
export function renderChart(request: RenderRequest, settings: RenderSettings): Promise<RenderOutcome> {
  const args = ['template', request.releaseName, request.chartDirectory];
  if (request.namespace !== undefined) args.push('--namespace', request.namespace);
  for (const file of request.valuesFiles) args.push('--values', file);
  for (const assignment of request.set) args.push('--set', assignment);
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      settings.binary,
      args,
      {
        cwd: settings.cwd,
        timeout: settings.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: settings.maxBytes,
        encoding: 'utf8',
        env: (settings.env ?? process.env) as NodeJS.ProcessEnv,
        ...(settings.signal ? { signal: settings.signal } : {}),
      },
      (error, stdout, stderr) => {
        const milliseconds = performance.now() - started;
        if (!error) {
          resolve({ ok: true, text: stdout, milliseconds });
          return;
        }
        const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
        let reason: string;
        if (failure.name === 'AbortError' || settings.signal?.aborted) {
          resolve({ ok: false, reason: 'cancelled', missingDependencies: false, cancelled: true, milliseconds });
          return;
        }
        if (failure.killed && failure.code !== 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          reason = `helm template did not finish within ${Math.round(settings.timeoutMs / 1000)} s; raise helm.timeoutSeconds in .lsst.yaml if the chart is that large`;
        } else if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          reason = `helm template printed more than ${settings.maxBytes} bytes; raise limits.maxFileSize in .lsst.yaml`;
        } else if (failure.code === 'ENOENT') {
          reason = `helm was not found (${settings.binary})`;
        } else {
          reason = cleanHelmError(stderr || error.message);
        }
        resolve({ ok: false, reason, missingDependencies: /missing in charts\/ directory/.test(stderr), milliseconds });
      },
    );
  });
}

/**
 * helm's message without its "Error: " prefix and its advice about --debug. The warnings helm prints before
 * it (`coalesce.go:301: warning: ...`, which can quote a whole values table) are left out: the error comes first.
 */
export function cleanHelmError(stderr: string): string {
  const all = stderr.split('\n').map((line) => line.trim());
  const errorAt = all.findIndex((line) => line.startsWith('Error: '));
  const lines = (errorAt === -1 ? all : all.slice(errorAt)).filter(
    (line) =>
      line !== '' &&
      !/^Use --debug flag/.test(line) &&
      !/^walk\.go|^install\.go/.test(line) &&
      !/^\S+\.go:\d+: warning: /.test(line) &&
      !/^WARNING: /.test(line),
  );
  return (
    lines
      .join(' ')
      .replace(/^Error: /, '')
      .slice(0, 2000) || 'helm template failed'
  );
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

/** Runs tasks with at most `limit` at a time, keeping their order in the results. */
export async function runLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** As many renders at once as there are cores. */
export function renderParallelism(): number {
  return availableParallelism();
}
