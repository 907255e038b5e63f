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
 * Identity of the configuration discovery (as config/discover.ts searches): the system's and the
 * user's files, then the explicit file, or every candidate from the working folder upward up to the
 * first that exists.
 */
export function configFingerprint(options: ConfigFingerprintOptions = {}): string {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const home = env.HOME || homedir();
  // The XDG rules of config/discover.ts, repeated here so that a prompt does not load the config module.
  const absolute = (path: string | undefined): path is string => path?.startsWith('/') === true;
  const systemDirectories = (env.XDG_CONFIG_DIRS ?? '').split(':').filter(absolute);
  const userConfigHome = absolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(home, '.config');
  const seen = [
    ...(systemDirectories.length > 0 ? systemDirectories : ['/etc/xdg']).map((directory) =>
      fileIdentity(join(directory, 'lsst', 'config.yaml')),
    ),
    fileIdentity(join(userConfigHome, 'lsst', 'config.yaml')),
    fileIdentity(join(home, '.lsst.yaml')),
  ];
  const explicit = options.explicitPath || env.LSST_CONFIG;
  if (explicit) {
    seen.push(fileIdentity(isAbsolute(explicit) ? explicit : resolve(cwd, explicit)));
    return seen.join('\n');
  }
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
  return seen.join('\n');
}
