// Reading `.lsst.yaml`: parse (YAML 1.1, as Kubernetes reads YAML), validate, merge onto the defaults.
import { LineCounter, parseDocument, type Tags, type YAMLError } from 'yaml';
import { didYouMean } from '../suggest.ts';
import type { OffsetRange } from '../types.ts';
import { defaultConfig } from './defaults.ts';
import { ConfigError, type ConfigProblem } from './errors.ts';
import type {
  AdmissionConfig,
  ClusterConfig,
  Config,
  Exemption,
  FileSetConfig,
  HelmConfig,
  ImagesConfig,
  Limits,
  NamespacesConfig,
  NetworkConfig,
  RegistriesConfig,
  ResolvedConfig,
  RuleSetting,
} from './model.ts';
import { configSpec } from './schema.ts';
import { problemAt, validateDocument } from './validate.ts';

/** What one `.lsst.yaml` says, validated: every key optional, rule shorthands expanded. */
export interface ConfigFileContents {
  clusters?: ClusterConfig[];
  targets?: string[];
  registries?: Partial<RegistriesConfig>;
  fileSets?: FileSetConfig[];
  namespaces?: Partial<NamespacesConfig>;
  rules?: Record<string, RuleSetting>;
  exemptions?: Exemption[];
  portRequests?: Partial<Config['portRequests']>;
  limits?: Partial<Limits>;
  helm?: Partial<HelmConfig>;
  images?: Partial<ImagesConfig>;
  network?: Partial<NetworkConfig>;
  admission?: { validationActions?: Partial<AdmissionConfig['validationActions']> };
  baseline?: string;
  manifests?: string[];
  exclude?: string[];
  customResourceDefinitions?: string[];
}

export interface ConfigValidation {
  /** The file's own settings; undefined when it has problems. */
  contents?: ConfigFileContents;
  /** Everything wrong, in file order; empty when the file is usable. */
  problems: ConfigProblem[];
}

export interface ValidateConfigOptions {
  /** Rule names of the registry; when given, unknown names in `rules` and `exemptions` are problems. */
  knownRules?: readonly string[];
  /** The clusters of the configuration the file is merged over (default: the embedded defaults'). */
  inheritedClusters?: readonly string[];
}

/**
 * YAML 1.1 like Kubernetes (`on`/`yes` are true), except that dates stay strings: `until: 2027-06-30`
 * is text to compare, not a timestamp.
 */
export const configYamlOptions = {
  version: '1.1',
  customTags: (tags: Tags): Tags =>
    tags.filter((tag) => tag !== 'timestamp' && (typeof tag !== 'object' || tag.tag !== 'tag:yaml.org,2002:timestamp')),
} as const;

function syntaxProblem(error: YAMLError, text: string, lineCounter: LineCounter): ConfigProblem {
  const range: OffsetRange = [error.pos[0], Math.max(error.pos[0], error.pos[1])];
  if (error.code === 'DUPLICATE_KEY') {
    const written = /^(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^:\n]*)/.exec(text.slice(range[0]))?.[0] ?? '';
    const key = written.trim().replace(/^["']|["']$/g, '');
    return problemAt(lineCounter, range, `duplicate key ${JSON.stringify(key)}. Keep only one of them.`);
  }
  const first = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
  return problemAt(lineCounter, range, `YAML syntax error: ${first}. Fix the YAML syntax.`);
}

/**
 * Parses and validates the text of a `.lsst.yaml`, without merging: the editor shows `problems`
 * as diagnostics, the loader turns them into a {@link ConfigError}. Beyond the JSON Schema it
 * checks that dates exist, cluster names are unique, `targets` name clusters, and (with
 * `knownRules`) that rule names exist.
 */
export function validateConfigText(text: string, options: ValidateConfigOptions = {}): ConfigValidation {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { ...configYamlOptions, lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    return { problems: document.errors.map((error) => syntaxProblem(error, text, lineCounter)) };
  }
  const { value, problems, references } = validateDocument(document, lineCounter, configSpec);
  const contents = value as ConfigFileContents | undefined;

  const fileClusterNames = new Set<string>();
  for (const reference of references.filter((entry) => entry.kind === 'clusterName')) {
    if (fileClusterNames.has(reference.name)) {
      problems.push(
        problemAt(lineCounter, reference.range, `cluster "${reference.name}" is defined twice. Rename or remove one.`),
      );
    }
    fileClusterNames.add(reference.name);
  }
  const givesClusters = references.some((entry) => entry.kind === 'clusterName') || contents?.clusters !== undefined;
  const clusterNames = givesClusters
    ? [...fileClusterNames]
    : [...(options.inheritedClusters ?? defaultConfig.clusters.map((cluster) => cluster.name))];
  for (const reference of references.filter((entry) => entry.kind === 'cluster')) {
    if (clusterNames.includes(reference.name)) continue;
    const suggestion = didYouMean(reference.name, clusterNames);
    problems.push(
      problemAt(
        lineCounter,
        reference.range,
        `target "${reference.name}" is not a cluster.${suggestion} Name one of the clusters: ${clusterNames.join(', ')}.`,
      ),
    );
  }
  if (options.knownRules) {
    const known = options.knownRules;
    for (const reference of references.filter((entry) => entry.kind === 'rule')) {
      if (known.includes(reference.name)) continue;
      const suggestion = didYouMean(reference.name, known);
      problems.push(
        problemAt(
          lineCounter,
          reference.range,
          `unknown rule "${reference.name}".${suggestion} \`kubectl lsst rules\` lists them all.`,
        ),
      );
    }
  }
  problems.sort((left, right) => left.range[0] - right.range[0]);
  if (problems.length > 0 || !contents) return { problems };
  return { contents: normaliseRules(contents), problems };
}

function normaliseRules(contents: ConfigFileContents): ConfigFileContents {
  if (!contents.rules) return contents;
  const rules: Record<string, RuleSetting> = {};
  for (const [name, setting] of Object.entries(contents.rules as Record<string, RuleSetting | string>)) {
    rules[name] = typeof setting === 'string' ? { severity: setting as RuleSetting['severity'] } : setting;
  }
  return { ...contents, rules };
}

/**
 * Merges one file's settings onto a base (normally {@link defaultConfig}); the base is not changed.
 * - `clusters`, `fileSets`, and every other list replace the base's list when given;
 * - `targets` replaces; when `clusters` is given without `targets`, the base targets that still
 *   name a cluster are kept, or else the first cluster is the target;
 * - `rules` merge by rule name (a file's setting for a rule replaces the base's for that rule);
 * - `exemptions` are added after the base's;
 * - `registries`, `namespaces`, `portRequests`, `limits`, `helm`, `images`, `network` merge key by key,
 *   and `admission.validationActions` role by role;
 * - `manifests` and `exclude` replace;
 * - `baseline` replaces, and remembers which file named it (its path is relative to that file).
 */
export function mergeConfig(base: Config, contents: ConfigFileContents, source?: string): ResolvedConfig {
  const clusters = structuredClone(contents.clusters ?? base.clusters);
  let targets = [...(contents.targets ?? base.targets)];
  if (!contents.targets && contents.clusters) {
    targets = targets.filter((name) => clusters.some((cluster) => cluster.name === name));
    if (targets.length === 0 && clusters[0]) targets = [clusters[0].name];
  }
  const merged: ResolvedConfig = {
    clusters,
    targets,
    registries: structuredClone({ ...base.registries, ...contents.registries }),
    fileSets: structuredClone(contents.fileSets ?? base.fileSets),
    namespaces: structuredClone({ ...base.namespaces, ...contents.namespaces }),
    rules: structuredClone({ ...base.rules, ...contents.rules }),
    exemptions: structuredClone([...base.exemptions, ...(contents.exemptions ?? [])]),
    portRequests: { ...base.portRequests, ...contents.portRequests },
    limits: { ...base.limits, ...contents.limits },
    helm: structuredClone({ ...base.helm, ...contents.helm }),
    images: structuredClone({ ...base.images, ...contents.images }),
    network: structuredClone({ ...base.network, ...contents.network }),
    manifests: [...(contents.manifests ?? base.manifests)],
    exclude: [...(contents.exclude ?? base.exclude)],
    admission: {
      validationActions: structuredClone({
        ...base.admission.validationActions,
        ...contents.admission?.validationActions,
      }),
    },
    customResourceDefinitions: [...(contents.customResourceDefinitions ?? base.customResourceDefinitions)],
  };
  if (source !== undefined) merged.source = source;
  // Paths are read from the folder of the file that names them, as for the baseline.
  if (contents.customResourceDefinitions !== undefined) {
    if (source !== undefined && contents.customResourceDefinitions.length > 0) {
      merged.customResourceDefinitionsSource = source;
    }
  } else {
    const inherited = (base as ResolvedConfig).customResourceDefinitionsSource;
    if (inherited !== undefined) merged.customResourceDefinitionsSource = inherited;
  }
  if (contents.baseline !== undefined) {
    merged.baseline = contents.baseline;
    if (source !== undefined) merged.baselineSource = source;
  } else if (base.baseline !== undefined) {
    merged.baseline = base.baseline;
    const inherited = (base as ResolvedConfig).baselineSource;
    if (inherited !== undefined) merged.baselineSource = inherited;
  }
  return merged;
}

/** The embedded defaults as a resolved configuration (a fresh copy, no `source`). */
export function defaultResolvedConfig(): ResolvedConfig {
  return mergeConfig(defaultConfig, {});
}

export interface LoadConfigOptions extends ValidateConfigOptions {
  /** The file's path as messages should name it, e.g. `.lsst.yaml` or `/home/me/.lsst.yaml`. */
  file: string;
}

/**
 * Parses, validates and merges a `.lsst.yaml` onto the embedded defaults.
 * @throws {ConfigError} naming the file, line and column of each problem and what to do.
 */
export function loadConfig(text: string, options: LoadConfigOptions): ResolvedConfig {
  const { contents, problems } = validateConfigText(text, options);
  if (problems.length > 0 || !contents) throw new ConfigError(options.file, problems);
  return mergeConfig(defaultConfig, contents, options.file);
}
