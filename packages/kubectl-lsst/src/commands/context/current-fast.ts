// `kubectl lsst context current` without oclif: it runs at every shell prompt. It reads only the
// kubeconfig (with `yaml`) and the configuration, and never loads the Kubernetes client; its
// answer is kept in a small per-user cache, reused while no file it came from has changed (one
// stat per file), so that a prompt does not even load the YAML parser.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readBoundedTextFile } from '@lsst-kube/core/kube/bounded-read';
import { configFingerprint, kubeconfigFingerprint } from '@lsst-kube/core/kube/fingerprint';
import { contextCurrentFlagSpecs } from '../../lib/context-flags.ts';
import { CliError } from '../../lib/errors.ts';
import { parseFlagsFast } from '../../lib/flag-spec.ts';
import type { CliIo } from '../../lib/io.ts';
import { currentNote, renderCurrent } from './current-format.ts';

export interface FastIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** Bumped when the cached shape changes. */
const cacheVersion = 2;

function cacheFile(env: NodeJS.ProcessEnv, key: string): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  // FNV-1a: a file name per key, without loading node:crypto on the hot path.
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) hash = Math.imul(hash ^ key.charCodeAt(index), 0x01000193) >>> 0;
  return join(base, 'kubectl-lsst', `context-current-${hash.toString(16)}.json`);
}

/** A summary is a few hundred bytes. */
const maxCacheBytes = 64 * 1024;

function readCache(path: string, key: string): unknown {
  try {
    // The cache is ours, but a bounded read keeps a file put in its place from filling memory.
    const cached = JSON.parse(readBoundedTextFile(path, maxCacheBytes)) as { key?: string; summary?: unknown };
    return cached.key === key ? cached.summary : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(path: string, key: string, summary: unknown): void {
  try {
    mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ key, summary }), { mode: 0o600 });
    renameSync(temp, path);
  } catch {
    // A cache that cannot be written only costs speed.
  }
}

/**
 * Runs `context current` with `argv` = the words after `context current`; returns the exit code.
 * Errors are printed here (one line, what to do), never thrown.
 */
export async function runContextCurrent(argv: string[], io: FastIo): Promise<number> {
  const cwd = process.cwd();
  const cliIo: CliIo = {
    stdout: { write: (text: string) => io.stdout(text) },
    stderr: { write: (text: string) => io.stderr(text) },
    // A getter: creating process.stdin costs milliseconds (it loads fs streams), and this never reads it.
    get stdin() {
      return process.stdin;
    },
    env: io.env,
    cwd,
    isTTY: { stdin: false, stdout: false, stderr: false },
  };
  const parsed = parseFlagsFast(contextCurrentFlagSpecs, argv);
  try {
    if (parsed === undefined || parsed.args.length > 0) {
      throw new CliError(
        `context current: unexpected arguments "${argv.join(' ')}". It takes --kubeconfig FILE, --config FILE, --json and --format TEMPLATE; see \`kubectl lsst context current --help\`.`,
      );
    }
    const flags = parsed.flags;
    const useCache = io.env.KUBECTL_LSST_NO_CACHE === undefined || io.env.KUBECTL_LSST_NO_CACHE === '';
    // Taken before reading, so that a change during the read shows up as a new key next time.
    const key = [
      `v${cacheVersion}`,
      cwd,
      io.env.KUBECONFIG ?? '',
      io.env.KUBECTL_LSST_SHELL_GUARD ?? '',
      kubeconfigFingerprint({ explicitPath: flags.kubeconfig, env: io.env, cwd }),
      configFingerprint({ explicitPath: flags.config, env: io.env, cwd }),
    ].join('\n');
    const path = cacheFile(io.env, key);
    const cached = useCache ? readCache(path, key) : undefined;
    if (cached !== undefined) {
      const summary = cached as Parameters<typeof renderCurrent>[0];
      io.stdout(renderCurrent(summary, flags));
      io.stderr(currentNote(summary, flags));
      return 0;
    }
    // Only now the YAML parser and the configuration loader.
    const { readCurrentContext } = await import('./current-print.ts');
    const summary = await readCurrentContext(cliIo, flags);
    if (useCache) writeCache(path, key, summary);
    io.stdout(renderCurrent(summary, flags));
    io.stderr(currentNote(summary, flags));
    return 0;
  } catch (error) {
    const exitCode = error instanceof CliError ? error.exitCode : 2;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`kubectl-lsst: ${message}\n`);
    return exitCode;
  }
}
