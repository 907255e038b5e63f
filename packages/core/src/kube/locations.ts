// Which kubeconfig files are read, and which one a change is written to: kubectl's own rules
// (k8s.io/client-go/tools/clientcmd: ClientConfigLoadingRules and PathOptions.GetDefaultFilename).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

export interface KubeconfigLocationOptions {
  /** `--kubeconfig`: the only file read and written; it must exist. */
  explicitPath?: string | undefined;
  /** Defaults to `process.env`; `KUBECONFIG` and `HOME` are read from it. */
  env?: NodeJS.ProcessEnv;
  /** Relative paths are taken from here; defaults to `process.cwd()`. */
  cwd?: string;
}

export interface KubeconfigLocations {
  /** Where the files come from. */
  source: 'flag' | 'env' | 'home';
  /** Absolute paths in loading order (the first file to define a name wins). Missing files are allowed except for `flag`. */
  precedence: string[];
}

export function kubeconfigLocations(options: KubeconfigLocationOptions = {}): KubeconfigLocations {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  if (options.explicitPath !== undefined && options.explicitPath !== '') {
    return { source: 'flag', precedence: [resolve(cwd, options.explicitPath)] };
  }
  const fromEnv = env.KUBECONFIG;
  if (fromEnv !== undefined && fromEnv !== '') {
    const files: string[] = [];
    for (const entry of fromEnv.split(delimiter)) {
      if (entry === '') continue;
      const absolute = resolve(cwd, entry);
      // kubectl deduplicates the list, keeping the first occurrence.
      if (!files.includes(absolute)) files.push(absolute);
    }
    if (files.length > 0) return { source: 'env', precedence: files };
  }
  const home = env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir();
  return { source: 'home', precedence: [join(home, '.kube', 'config')] };
}

/**
 * The file that receives new entries and `current-context` (kubectl's GetDefaultFilename): the
 * explicit file; else, with several KUBECONFIG files, the first that exists, or the last one when
 * none exists; else ~/.kube/config.
 */
export function defaultWriteTarget(
  locations: KubeconfigLocations,
  exists: (path: string) => boolean = existsSync,
): string {
  const files = locations.precedence;
  if (locations.source === 'env' && files.length > 1) {
    const existing = files.find((file) => exists(file));
    if (existing !== undefined) return existing;
    return files[files.length - 1] as string;
  }
  return files[0] as string;
}
