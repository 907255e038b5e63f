// The `.lsst.yaml` that gives clusters their roles, found as everywhere else (--config, LSST_CONFIG,
// upward from the working folder, ~/.lsst.yaml, the embedded defaults), read with node:fs.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { type ConfigFileSystem, discoverConfig } from '../config/discover.ts';
import type { ResolvedConfig } from '../config/model.ts';

export interface ContextConfigOptions {
  /** `--config`. */
  explicitPath?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** The configuration file system on node:fs: a missing file (or a file where a folder is expected) reads as undefined. */
export const nodeConfigFileSystem: ConfigFileSystem = {
  async readFile(path: string): Promise<string | undefined> {
    try {
      // Synchronous: configuration files are small, and node:fs/promises costs start-up time to load.
      return readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw error;
    }
  },
};

export function loadContextConfig(options: ContextConfigOptions = {}): Promise<ResolvedConfig> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const discovery: Parameters<typeof discoverConfig>[1] = {
    startDirectory: cwd,
    workingDirectory: cwd,
    homeDirectory: env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir(),
  };
  if (options.explicitPath !== undefined) discovery.explicitPath = options.explicitPath;
  if (env.LSST_CONFIG !== undefined) discovery.env = env.LSST_CONFIG;
  return discoverConfig(nodeConfigFileSystem, discovery);
}
