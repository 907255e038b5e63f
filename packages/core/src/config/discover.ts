// Finding the configuration: --config, then LSST_CONFIG, then upward from the checked file's folder,
// then ~/.lsst.yaml, then the embedded defaults. Reads through the caller's file system: no I/O here.
import { posix } from 'node:path';
import { ConfigError } from './errors.ts';
import { defaultResolvedConfig, loadConfig } from './load.ts';
import type { ResolvedConfig } from './model.ts';

/** The one thing discovery needs from a file system; the CLI passes node:fs, the editor its buffers. */
export interface ConfigFileSystem {
  /** The file's text, or undefined when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
}

/** File names looked for in each folder, in order of preference. */
export const configFileNames = ['.lsst.yaml', '.lsst.yml'] as const;

export interface ConfigResolverOptions {
  /** `--config`: used alone; an error when it does not exist. */
  explicitPath?: string;
  /** The value of `LSST_CONFIG`; an empty value counts as unset. */
  env?: string;
  /** Where `~/.lsst.yaml` is looked for. */
  homeDirectory: string;
  /** Relative `explicitPath` and `env` are taken relative to it (the CLI's working directory). */
  workingDirectory?: string;
  /** Passed on to validation: unknown rule names in the file are errors. */
  knownRules?: readonly string[];
  /** How messages name a file (e.g. relative to the working directory); default: the path itself. */
  displayPath?: (path: string) => string;
}

export interface ConfigDiscoveryOptions extends ConfigResolverOptions {
  /** Folder of the checked file (the editor: of the document). Absolute, POSIX separators. */
  startDirectory: string;
}

/**
 * Resolves the configuration for many folders, reading and parsing each file at most once:
 * checking many files in one folder, or in sibling folders, reads their configuration once.
 * Call {@link ConfigResolver.clear} when a configuration file may have changed (the editor).
 */
export class ConfigResolver {
  readonly #fileSystem: ConfigFileSystem;
  readonly #options: ConfigResolverOptions;
  readonly #byDirectory = new Map<string, Promise<ResolvedConfig>>();
  readonly #byFile = new Map<string, Promise<ResolvedConfig | undefined>>();

  constructor(fileSystem: ConfigFileSystem, options: ConfigResolverOptions) {
    this.#fileSystem = fileSystem;
    this.#options = options;
  }

  /** The configuration that applies to files in `directory` (absolute, POSIX separators). */
  forDirectory(directory: string): Promise<ResolvedConfig> {
    const explicit = this.#explicitPath();
    if (explicit) return this.#required(explicit.path, explicit.origin);
    return this.#upward(posix.normalize(directory));
  }

  /** The configuration that applies to one file. */
  forFile(filePath: string): Promise<ResolvedConfig> {
    return this.forDirectory(posix.dirname(filePath));
  }

  /** Forgets everything read, so that the next call reads the files again. */
  clear(): void {
    this.#byDirectory.clear();
    this.#byFile.clear();
  }

  #explicitPath(): { path: string; origin: string } | undefined {
    const { explicitPath, env, workingDirectory } = this.#options;
    const absolute = (path: string) =>
      workingDirectory !== undefined && !posix.isAbsolute(path) ? posix.join(workingDirectory, path) : path;
    if (explicitPath !== undefined && explicitPath !== '') return { path: absolute(explicitPath), origin: '--config' };
    if (env !== undefined && env !== '') return { path: absolute(env), origin: 'LSST_CONFIG' };
    return undefined;
  }

  async #required(path: string, origin: string): Promise<ResolvedConfig> {
    const config = await this.#load(path);
    if (config) return config;
    const hint = origin === '--config' ? 'Check the --config path' : 'Check or unset LSST_CONFIG';
    throw new ConfigError(this.#display(path), `the configuration file named by ${origin} does not exist. ${hint}.`);
  }

  #upward(directory: string): Promise<ResolvedConfig> {
    let pending = this.#byDirectory.get(directory);
    if (!pending) {
      pending = this.#searchDirectory(directory);
      this.#byDirectory.set(directory, pending);
    }
    return pending;
  }

  async #searchDirectory(directory: string): Promise<ResolvedConfig> {
    for (const name of configFileNames) {
      const config = await this.#load(posix.join(directory, name));
      if (config) return config;
    }
    const parent = posix.dirname(directory);
    if (parent !== directory) return this.#upward(parent);
    return (await this.#load(posix.join(this.#options.homeDirectory, configFileNames[0]))) ?? defaultResolvedConfig();
  }

  #load(path: string): Promise<ResolvedConfig | undefined> {
    let pending = this.#byFile.get(path);
    if (!pending) {
      pending = this.#read(path);
      this.#byFile.set(path, pending);
    }
    return pending;
  }

  async #read(path: string): Promise<ResolvedConfig | undefined> {
    let text: string | undefined;
    try {
      text = await this.#fileSystem.readFile(path);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigError(this.#display(path), `cannot be read (${reason}). Check that it is a readable file.`);
    }
    if (text === undefined) return undefined;
    const options = {
      file: this.#display(path),
      ...(this.#options.knownRules ? { knownRules: this.#options.knownRules } : {}),
    };
    return loadConfig(text, options);
  }

  #display(path: string): string {
    return this.#options.displayPath ? this.#options.displayPath(path) : path;
  }
}

/**
 * The configuration for files in `options.startDirectory`, found in the documented order.
 * @throws {ConfigError} when the file found is invalid, or `--config`/`LSST_CONFIG` names a missing file.
 */
export function discoverConfig(fileSystem: ConfigFileSystem, options: ConfigDiscoveryOptions): Promise<ResolvedConfig> {
  const { startDirectory, ...resolverOptions } = options;
  return new ConfigResolver(fileSystem, resolverOptions).forDirectory(startDirectory);
}
