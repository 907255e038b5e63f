// Finding the configuration: the embedded defaults, then the system's and the user's files (which
// apply wherever a command runs), then the project's: --config, LSST_CONFIG, or the nearest
// `.lsst.yaml` upward from the checked file's folder, each merged over the one before.
// Reads through the caller's file system: no I/O here.
import { posix } from 'node:path';
import { ConfigError } from './errors.ts';
import { type ConfigFileContents, defaultResolvedConfig, mergeConfig, validateConfigText } from './load.ts';
import type { ConfigLayer, ConfigTrust, ResolvedConfig } from './model.ts';

/** The one thing discovery needs from a file system; the CLI passes node:fs, the editor its buffers. */
export interface ConfigFileSystem {
  /** The file's text, or undefined when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
}

/** File names looked for in each folder, in order of preference. */
export const configFileNames = ['.lsst.yaml', '.lsst.yml'] as const;

/** Where the user's and the system's files are, from the XDG base directory variables. */
export interface TrustedConfigLocations {
  /** `$XDG_CONFIG_HOME`, default `~/.config`: the user's `lsst/config.yaml` is there. */
  userConfigHome?: string;
  /** `$XDG_CONFIG_DIRS`, default `/etc/xdg`, most important first: the system's `lsst/config.yaml`. */
  systemConfigDirectories?: readonly string[];
}

/** The XDG locations as the environment gives them (absolute paths only, as the specification says). */
export function trustedConfigLocations(
  env: Record<string, string | undefined>,
  homeDirectory: string,
): Required<TrustedConfigLocations> {
  const absolute = (path: string | undefined) => path?.startsWith('/') === true;
  const userConfigHome = absolute(env.XDG_CONFIG_HOME)
    ? (env.XDG_CONFIG_HOME as string)
    : posix.join(homeDirectory, '.config');
  const systemConfigDirectories = (env.XDG_CONFIG_DIRS ?? '').split(':').filter(absolute);
  return {
    userConfigHome,
    systemConfigDirectories: systemConfigDirectories.length > 0 ? systemConfigDirectories : ['/etc/xdg'],
  };
}

/** The user's and the system's files, least specific first, with how far each is trusted. */
export function trustedConfigFiles(
  homeDirectory: string,
  locations: TrustedConfigLocations = {},
): Array<{ path: string; trust: ConfigTrust }> {
  const systemDirectories = locations.systemConfigDirectories ?? ['/etc/xdg'];
  const userConfigHome = locations.userConfigHome ?? posix.join(homeDirectory, '.config');
  return [
    // XDG lists the most important folder first: it is merged last.
    ...[...systemDirectories].reverse().map((directory) => ({
      path: posix.join(directory, xdgConfigPath),
      trust: 'system' as const,
    })),
    { path: posix.join(userConfigHome, xdgConfigPath), trust: 'user' },
    { path: posix.join(homeDirectory, configFileNames[0]), trust: 'user' },
  ];
}

/** The file under an XDG configuration folder. */
export const xdgConfigPath = 'lsst/config.yaml';

export interface ConfigResolverOptions extends TrustedConfigLocations {
  /** `--config`: the project's configuration, instead of the one found upward; an error when it does not exist. */
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
  readonly #byFile = new Map<string, Promise<ConfigFileContents | undefined>>();
  #trusted: Promise<ResolvedConfig> | undefined;

  constructor(fileSystem: ConfigFileSystem, options: ConfigResolverOptions) {
    this.#fileSystem = fileSystem;
    this.#options = options;
  }

  /** The configuration that applies to files in `directory` (absolute, POSIX separators). */
  forDirectory(directory: string): Promise<ResolvedConfig> {
    const explicit = this.#explicitPath();
    if (explicit) {
      let pending = this.#byDirectory.get(`\0${explicit.path}`);
      if (!pending) {
        pending = this.#required(explicit.path, explicit.origin);
        this.#byDirectory.set(`\0${explicit.path}`, pending);
      }
      return pending;
    }
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
    this.#trusted = undefined;
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
    const contents = await this.#loadProject(path);
    if (contents) return this.#withProject(path, contents);
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
    const userFiles = new Set(this.#trustedFiles().map((file) => file.path));
    for (const name of configFileNames) {
      const path = posix.join(directory, name);
      // The user's own ~/.lsst.yaml is read as the user's, not as a project's.
      if (userFiles.has(path)) continue;
      const contents = await this.#loadProject(path);
      if (contents) return this.#withProject(path, contents);
    }
    const parent = posix.dirname(directory);
    if (parent !== directory) return this.#upward(parent);
    return this.#trustedConfig();
  }

  #trustedFiles(): Array<{ path: string; trust: ConfigTrust }> {
    return trustedConfigFiles(this.#options.homeDirectory, this.#options);
  }

  /** The defaults with the system's and the user's files merged over them, read once. */
  #trustedConfig(): Promise<ResolvedConfig> {
    this.#trusted ??= (async () => {
      let config = defaultResolvedConfig();
      const layers: ConfigLayer[] = [];
      for (const file of this.#trustedFiles()) {
        const contents = await this.#load(file.path);
        if (!contents) continue;
        const source = this.#display(file.path);
        config = mergeConfig(config, contents, source);
        layers.push(layerOf(source, file.trust, contents));
      }
      const userFile = this.#trustedFiles().find((file) => file.trust === 'user');
      return { ...config, layers, ...(userFile ? { userConfigFile: userFile.path } : {}) };
    })();
    return this.#trusted;
  }

  async #withProject(path: string, contents: ConfigFileContents): Promise<ResolvedConfig> {
    const trusted = await this.#trustedConfig();
    const source = this.#display(path);
    const merged = mergeConfig(trusted, contents, source);
    const layers = [...(trusted.layers ?? []), layerOf(source, 'project', contents)];
    return { ...merged, layers, ...(trusted.userConfigFile ? { userConfigFile: trusted.userConfigFile } : {}) };
  }

  #load(path: string, inheritedClusters?: readonly string[]): Promise<ConfigFileContents | undefined> {
    let pending = this.#byFile.get(path);
    if (!pending) {
      pending = this.#read(path, inheritedClusters);
      this.#byFile.set(path, pending);
    }
    return pending;
  }

  /** A project's file, whose `targets` may name the clusters of the files under it. */
  async #loadProject(path: string): Promise<ConfigFileContents | undefined> {
    if (this.#byFile.has(path)) return this.#load(path);
    const trusted = await this.#trustedConfig();
    return this.#load(
      path,
      trusted.clusters.map((cluster) => cluster.name),
    );
  }

  async #read(path: string, inheritedClusters?: readonly string[]): Promise<ConfigFileContents | undefined> {
    let text: string | undefined;
    try {
      text = await this.#fileSystem.readFile(path);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigError(this.#display(path), `cannot be read (${reason}). Check that it is a readable file.`);
    }
    if (text === undefined) return undefined;
    const options = {
      ...(this.#options.knownRules ? { knownRules: this.#options.knownRules } : {}),
      ...(inheritedClusters ? { inheritedClusters } : {}),
    };
    const { contents, problems } = validateConfigText(text, options);
    if (problems.length > 0 || !contents) throw new ConfigError(this.#display(path), problems);
    return contents;
  }

  #display(path: string): string {
    return this.#options.displayPath ? this.#options.displayPath(path) : path;
  }
}

function layerOf(source: string, trust: ConfigTrust, contents: ConfigFileContents): ConfigLayer {
  return contents.clusters ? { source, trust, clusters: contents.clusters } : { source, trust };
}

/**
 * The configuration for files in `options.startDirectory`, found in the documented order.
 * @throws {ConfigError} when the file found is invalid, or `--config`/`LSST_CONFIG` names a missing file.
 */
export function discoverConfig(fileSystem: ConfigFileSystem, options: ConfigDiscoveryOptions): Promise<ResolvedConfig> {
  const { startDirectory, ...resolverOptions } = options;
  return new ConfigResolver(fileSystem, resolverOptions).forDirectory(startDirectory);
}
