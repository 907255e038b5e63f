// The configuration that gives clusters their roles, found as everywhere else (the system's and the
// user's files, then --config, LSST_CONFIG or the nearest `.lsst.yaml` upward), read with node:fs.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { type ConfigFileSystem, discoverConfig, trustedConfigLocations } from '../config/discover.ts';
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
  const homeDirectory = env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir();
  const discovery: Parameters<typeof discoverConfig>[1] = {
    startDirectory: cwd,
    workingDirectory: cwd,
    homeDirectory,
    ...trustedConfigLocations(env, homeDirectory),
  };
  if (options.explicitPath !== undefined) discovery.explicitPath = options.explicitPath;
  if (env.LSST_CONFIG !== undefined) discovery.env = env.LSST_CONFIG;
  return discoverConfig(nodeConfigFileSystem, discovery);
}
