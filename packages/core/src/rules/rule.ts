// The rule API: metadata on the rule object and one check function per kind of document.
import type { AdmissionForm } from '../admission/form.ts';
import type { ClusterConfig, ResolvedConfig } from '../config/model.ts';
import type { DockerfileModel } from '../documents/dockerfile.ts';
import type { ContainerRef } from '../documents/workloads.ts';
import type { KubeObject, ManifestDocument } from '../documents/yaml.ts';
import type { PortRequestStatus } from '../port-request-id.ts';
import type { CustomResourceCatalog } from '../schema/custom-resources.ts';
import type { Finding, Fix, KustomizeImages, KustomizeNamespace, OffsetRange, RuleMeta, Severity } from '../types.ts';
import type { RoleRule } from './rbac/rbac.ts';

export type { PortRequestStatus } from '../port-request-id.ts';

export interface Report {
  range: OffsetRange;
  message: string;
  /** Overrides the rule's default severity for this finding (before configuration). */
  severity?: Severity;
  /** A note about what could not be verified, not a problem: it stays info whatever severity is configured. */
  note?: boolean;
  fix?: Fix;
  /** The container the finding is about (for annotations scoped to a container, and exemptions). */
  container?: string;
  /** The target clusters it applies to, when it depends on the cluster. */
  clusters?: string[];
}

export interface RuleContext {
  path: string;
  text: string;
  config: ResolvedConfig;
  /** The clusters this check runs against (at least one). */
  targets: readonly ClusterConfig[];
  now: Date;
  report(report: Report): void;
}

export interface ManifestRuleContext extends RuleContext {
  object: KubeObject;
  document: ManifestDocument;
  /** Every container of the object (empty for non-workloads), computed once for all rules. */
  containers: readonly ContainerRef[];
  /** The namespace of the kube context in use, when a context is in play. */
  contextNamespace?: string;
  /** Port requests known to the cluster, when checking a live cluster. */
  portRequests?: ReadonlyMap<string, PortRequestStatus>;
  /** Custom resource kinds with their schemas: the file's own CRDs, then those the caller passed. */
  customResources?: CustomResourceCatalog;
  /** The file is a resource of a kustomization, which may add fields to it (commonLabels add the selector). */
  kustomizeBase?: boolean;
  /** The file is a kustomize patch: it holds only the fields it changes. */
  kustomizePatch?: boolean;
  /** The namespace a kustomization sets on the file's objects (its own, or an overlay's). */
  kustomizeNamespace?: KustomizeNamespace;
  /** The `images:` of the kustomizations that apply to the file (its own, then overlays'). */
  kustomizeImages?: readonly KustomizeImages[];
  /** The namespaces the other objects of the file, and the other manifests of its folder, name (computed on call). */
  namespacesAround?: () => NamespacesAround;
  /** The rules of the ClusterRole of this name, when the file or another manifest of its folder defines it. */
  clusterRoleRules?: (name: string) => readonly RoleRule[] | undefined;
  /** The image of this name (its last path part) that a Dockerfile of the file's repository builds, when on disk. */
  repositoryImage?: (name: string) => RepositoryImage | undefined;
  /**
   * True when a chart's render wrote its release namespace in this range (a namespace's value, quoted or not)
   * while none was known (helm writes `default`): the namespace there is whichever the chart is installed into.
   */
  isUnknownReleaseNamespace?: (range: OffsetRange) => boolean;
}

/** The namespaces (metadata.namespace, distinct and sorted) named near an object. */
export interface NamespacesAround {
  /** By the other objects of its file. */
  inFile: readonly string[];
  /** By the objects of the other manifests in its folder; undefined when the file is not on disk. */
  inFolder?: readonly string[];
}

/** What the other manifests in a file's folder, and the Dockerfiles of its repository, define, read when a rule asks. */
export interface FolderManifestLookup {
  /** The namespaces their objects name, distinct and sorted. */
  namespaces(): readonly string[];
  /** The rules of the ClusterRole of this name, when one of them defines it. */
  clusterRole(name: string): readonly RoleRule[] | undefined;
  /** The image of this name that a Dockerfile of the repository builds (render/repository-images.ts). */
  repositoryImage?(name: string): RepositoryImage | undefined;
}

/** An image built from a Dockerfile of the manifest's repository, found by the image's name. */
export interface RepositoryImage {
  /** That Dockerfile, relative to the manifest's folder. */
  dockerfile: string;
  model: DockerfileModel;
  /** Its size and time of change when read: an answer that changes with the file. */
  version: string;
}

/** An image built from a Dockerfile in a folder beside the checked Dockerfile's, named as the image. */
export interface SiblingImage {
  /** That Dockerfile: relative to the checked Dockerfile's folder when looked up from it. */
  dockerfile: string;
  model: DockerfileModel;
  /** The images beside that Dockerfile, for a base it is built on in turn. */
  siblings?: SiblingImageLookup;
}

/** The image built in the sibling folder of this name (an image's last path part, without its tag). */
export type SiblingImageLookup = (name: string) => SiblingImage | undefined;

export interface DockerfileRuleContext extends RuleContext {
  dockerfile: DockerfileModel;
  /** The images built in the folders beside the Dockerfile's, when it is a file on disk. */
  siblingImages?: SiblingImageLookup;
}

export interface Rule extends RuleMeta {
  /**
   * Findings of this rule with the same key are reported once per file, at the first: for rules
   * about the file as a whole, whose every object would otherwise repeat the same message. Undefined: not grouped.
   */
  oncePerFile?(finding: Finding): string | undefined;
  /**
   * Judges the container as it runs on a cluster, or an image as deployed there (its pinned version): not applied
   * to Dockerfiles of development-only images, which are never deployed.
   */
  judgesRunningContainer?: boolean;
  /**
   * Judges tools for building software in an image: not applied to Dockerfiles of images made for building software
   * (`images.buildImages`), whose purpose they are.
   */
  judgesBuildTools?: boolean;
  /**
   * Reports what an object lacks (a namespace, a securityContext field): not applied to kustomize patches,
   * which hold only the fields they change.
   */
  judgesAbsence?: boolean;
  checkManifest?(context: ManifestRuleContext): void;
  checkDockerfile?(context: DockerfileRuleContext): void;
  /** The rule's decision as CEL over one object, for ValidatingAdmissionPolicies (admission/). */
  admission?: AdmissionForm;
}

export function defineRule(rule: Rule): Rule {
  if (rule.appliesTo.includes('manifest') && !rule.checkManifest && !rule.name.startsWith('input/')) {
    throw new Error(`Rule ${rule.name} applies to manifests but has no checkManifest`);
  }
  if (rule.appliesTo.includes('dockerfile') && !rule.checkDockerfile && !rule.name.startsWith('input/')) {
    throw new Error(`Rule ${rule.name} applies to Dockerfiles but has no checkDockerfile`);
  }
  return rule;
}
