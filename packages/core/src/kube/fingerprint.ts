// Cheap identities of the files `context current` depends on (stat only, no parsing), so that its
// answer can be reused at every prompt until one of them changes. Imports node built-ins only.
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { type KubeconfigLocationOptions, kubeconfigLocations } from './locations.ts';

function fileIdentity(path: string): string {
  try {
    const stat = statSync(path, { bigint: true });
    // Atomic renames change the inode; kubectl's in-place writes change size or mtime (ns).
    return `${path}|${stat.ino}|${stat.size}|${stat.mtimeNs}|${stat.ctimeNs}`;
  } catch {
    return `${path}|-`;
  }
}

/** Identity of every kubeconfig file of the loading list. */
export function kubeconfigFingerprint(options: KubeconfigLocationOptions = {}): string {
  return kubeconfigLocations(options).precedence.map(fileIdentity).join('\n');
}

export interface ConfigFingerprintOptions {
  explicitPath?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Identity of the configuration discovery (as config/discover.ts searches): the explicit file, or
 * every candidate from the working folder upward and ~/.lsst.yaml up to the first that exists.
 */
export function configFingerprint(options: ConfigFingerprintOptions = {}): string {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.explicitPath || env.LSST_CONFIG;
  if (explicit) return fileIdentity(isAbsolute(explicit) ? explicit : resolve(cwd, explicit));
  const seen: string[] = [];
  let directory = resolve(cwd);
  for (;;) {
    for (const name of ['.lsst.yaml', '.lsst.yml']) {
      const identity = fileIdentity(join(directory, name));
      seen.push(identity);
      if (!identity.endsWith('|-')) return seen.join('\n');
    }
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  seen.push(fileIdentity(join(env.HOME || homedir(), '.lsst.yaml')));
  return seen.join('\n');
}
