// The configuration model (`.lsst.yaml`). The shape is a contract: see docs/configuration.md.
import type { SeveritySetting } from '../types.ts';

export type ClusterRole = 'development' | 'testing' | 'pre-production' | 'production';
export const clusterRoles: readonly ClusterRole[] = ['development', 'testing', 'pre-production', 'production'];

export interface ClusterConfig {
  name: string;
  role: ClusterRole;
  /** `major.minor`, e.g. "1.29". */
  kubernetesVersion: string;
  match?: {
    /** Context-name globs. */
    contexts?: string[];
    /** API server URLs (exact, or globs). */
    servers?: string[];
  };
}

export interface RegistriesConfig {
  /** Hosts (optionally with a path prefix) of the organisation's own registries. */
  local: string[];
  /** Where Docker Hub images are mirrored locally, e.g. `registry.example.org/dockerhub`. */
  mirror?: string;
  trustedDockerHubOrganizations: string[];
  /** Registry locations (host and path prefix) where the organisation publishes its own images: trusted, not local. */
  trusted?: string[];
}

export interface ImagesConfig {
  /** Tags that name whatever was pushed last (`latest`, `main`, `w_latest`); `*` matches any characters. */
  movingTags: string[];
  /** The user each base image runs as, by repository (`ghcr.io/example/base`), beside the built-in table. */
  baseImageUsers: Record<string, string>;
  /** Globs of Dockerfile paths that build images for development only (dev containers), not for clusters. */
  developmentOnly: string[];
  /** Globs of Dockerfile paths of images made for building software (package builders, development environments). */
  buildImages: string[];
}

export interface NetworkConfig {
  /** Custom resource kinds that expose a service the way an Ingress does: `Kind` or `Kind.group`. */
  ingressKinds: string[];
  /**
   * Ingress classes of the cluster's shared ingress controller, whose public ports the sysadmins approved once:
   * an Ingress of one of them routes through those ports and opens none of its own.
   */
  sharedIngressClasses: string[];
  /** The class of an Ingress that names none (the cluster's default IngressClass), and of an ingress-like kind's. */
  defaultIngressClass?: string;
}

export type FileSetAccess = 'read-only' | 'read-write';
export type FileSetAudience = 'all' | 'developers' | 'science';

export interface FileSetConfig {
  path: string;
  access: FileSetAccess;
  /** Who may mount it. */
  audience: FileSetAudience;
  /** Mounted per group or per user: the root alone is too wide. */
  scope?: 'group' | 'user' | 'shared';
  /** Purged on a schedule. */
  purged?: boolean;
}

export interface NamespacesConfig {
  /** Namespace globs whose audience is science users. */
  science: string[];
  /** Used by the namespace fix when nothing else says. */
  default?: string;
}

export interface RuleSetting {
  severity?: SeveritySetting;
  suppressible?: boolean;
}

export interface Exemption {
  rule: string;
  namespace?: string;
  kind?: string;
  name?: string;
  container?: string;
  /** Glob on the checked file's path. */
  path?: string;
  reason: string;
  /** YYYY-MM-DD */
  until?: string;
}

export interface Limits {
  /** Bytes of one file. */
  maxFileSize: number;
  /** YAML documents in one file. */
  maxDocuments: number;
  /** Nesting depth of one YAML document. */
  maxDepth: number;
  /** Alias expansions (a bounded "billion laughs"). */
  maxAliasCount: number;
  /** Characters on one line. */
  maxLineLength: number;
}

/** One environment of a chart (its `values-<env>.yaml`) and the cluster it runs on. */
export interface HelmEnvironmentConfig {
  /** The cluster (by name) that environment's renders are checked as. */
  cluster?: string;
  /** `--set` values every chart of the environment receives (a GitOps repository's global values). */
  set?: Record<string, string>;
}

export interface HelmConfig {
  /** The helm program; default: helm on PATH. */
  binary?: string;
  /** Longest one `helm template` may run. */
  timeoutSeconds: number;
  /**
   * Where the repository keeps each environment's own values (`{environment}` stands for its name),
   * relative to this file, merged in order; `${path}` in `set` values reads them.
   */
  environmentValues?: string[];
  /** `--set` values every render receives. */
  set: Record<string, string>;
  /** Release namespace by chart name. */
  namespaces: Record<string, string>;
  /** Environments by name (the `<env>` of `values-<env>.yaml`). When given, only these are rendered. */
  environments: Record<string, HelmEnvironmentConfig>;
}

/** What a ValidatingAdmissionPolicyBinding does with a failed validation. */
export type ValidationAction = 'Deny' | 'Warn' | 'Audit';
export const validationActionValues: readonly ValidationAction[] = ['Deny', 'Warn', 'Audit'];

export interface AdmissionConfig {
  /** The bindings' validationActions on each role of cluster (`kubectl lsst policy export`). */
  validationActions: Record<ClusterRole, ValidationAction[]>;
}

export interface Config {
  clusters: ClusterConfig[];
  targets: string[];
  registries: RegistriesConfig;
  fileSets: FileSetConfig[];
  namespaces: NamespacesConfig;
  rules: Record<string, RuleSetting>;
  exemptions: Exemption[];
  portRequests: { namespace: string };
  limits: Limits;
  helm: HelmConfig;
  images: ImagesConfig;
  network: NetworkConfig;
  admission: AdmissionConfig;
  /** The baseline file `check` compares with, relative to the folder of the configuration file that names it. */
  baseline?: string;
  /** Globs of files checked strictly as manifests: never skipped for lacking apiVersion and kind. */
  manifests: string[];
  /**
   * Globs, relative to a folder being checked, of what a check of that folder leaves out (test data of the
   * repository's own tests, never deployed). Files and folders named on the command line are always checked.
   */
  exclude: string[];
  /** Files or folders of CustomResourceDefinitions that validate custom objects (input/schema). */
  customResourceDefinitions: string[];
}

/**
 * Who wrote a configuration file: the machine's administrators (`system`), the person running the
 * command (`user`), or whoever wrote the folder it runs in (`project`, which may be cloned code).
 */
export type ConfigTrust = 'system' | 'user' | 'project';

/** One file of a combined configuration, as the production guard weighs it. */
export interface ConfigLayer {
  /** The file, as messages name it. */
  source: string;
  trust: ConfigTrust;
  /** The clusters the file itself lists (not inherited ones). */
  clusters?: ClusterConfig[];
}

/** A configuration with where it came from, as the engine uses it. */
export interface ResolvedConfig extends Config {
  /** The most specific file it was read from; undefined for the embedded defaults. */
  source?: string;
  /** Every file combined into it, least specific first (absent: one trusted configuration). */
  layers?: ConfigLayer[];
  /** The user's own configuration file (existing or not), where messages suggest adding a setting. */
  userConfigFile?: string;
  /** The file that named `baseline` (its path is relative to that file's folder). */
  baselineSource?: string;
  /** The file that named `customResourceDefinitions`, whose folder its paths are relative to. */
  customResourceDefinitionsSource?: string;
}
