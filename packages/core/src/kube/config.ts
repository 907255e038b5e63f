// The configuration that gives clusters their roles, found as everywhere else (the system's and the
// user's files, then --config, LSST_CONFIG or the nearest `.lsst.yaml` upward), read with node:fs.
import { homedir } from 'node:os';
import { type ConfigFileSystem, discoverConfig, trustedConfigLocations } from '../config/discover.ts';
import type { ResolvedConfig } from '../config/model.ts';
import { BoundedReadError, readBoundedTextFile } from './bounded-read.ts';

/** Configuration files are a few kilobytes; anything near this is not one. */
export const maxConfigFileBytes = 1024 * 1024;

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
      return readBoundedTextFile(path, maxConfigFileBytes);
    } catch (error) {
      if (error instanceof BoundedReadError) throw new Error(error.reason);
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
