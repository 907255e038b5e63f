// The one entry point that the CLI, the editor and the cluster reader all call.
import { compileGlobs, compilePathGlob, type GlobMatcher } from '../config/glob.ts';
import type { ClusterConfig, ResolvedConfig } from '../config/model.ts';
import { resolveTargets } from '../config/targets.ts';
import { type DockerfileModel, type DockerfileReader, parseDockerfile } from '../documents/dockerfile.ts';
import { LineIndex } from '../documents/source.ts';
import { templateSyntaxIn } from '../documents/template-syntax.ts';
import { allContainers } from '../documents/workloads.ts';
import {
  type KubeObject,
  type ManifestDocument,
  type ParsedManifest,
  parseManifest,
  type YamlReader,
} from '../documents/yaml.ts';
import { applyFixes } from '../fix/apply.ts';
import { ruleDocsUrl } from '../meta.ts';
import { rulesByName } from '../rules/index.ts';
import { type ManifestFacts, manifestFacts } from '../rules/manifest-facts.ts';
import type { RoleRule } from '../rules/rbac/rbac.ts';
import type {
  DockerfileRuleContext,
  FolderManifestLookup,
  ManifestRuleContext,
  NamespacesAround,
  PortRequestStatus,
  Report,
  RepositoryImage,
  Rule,
  SiblingImageLookup,
} from '../rules/rule.ts';
import { addDefinitionMap, CustomResourceCatalog, isCustomResourceDefinition } from '../schema/custom-resources.ts';
import { builtInGroups, groupOf } from '../schema/kubernetes.ts';
import {
  compareText,
  type DocumentKind,
  type Finding,
  type KustomizeImages,
  type KustomizeNamespace,
  type ObjectLocation,
  type OffsetRange,
  type Severity,
} from '../types.ts';
import { applySuppressions } from './suppressions.ts';

export interface CheckInput {
  /** Path as the caller names it (relative to the working directory in the CLI). */
  path: string;
  text: string;
  /** Detected from the path when absent. */
  kind?: DocumentKind;
}

export interface CheckOptions {
  config: ResolvedConfig;
  /** Cluster names to check against; defaults to `config.targets`. */
  targets?: readonly string[];
  /** The check date (expiry of suppressions, end-of-life images). Defaults to now. */
  now?: Date;
  /** Namespace of the kube context in use, when one is in play (editor, `--context-aware`). */
  contextNamespace?: string;
  /** Port requests recorded in the cluster, keyed by request id, when checking a live cluster. */
  portRequests?: ReadonlyMap<string, PortRequestStatus>;
  /** The rules to run; defaults to every registered rule. */
  rules?: readonly Rule[];
  /** Custom resource kinds from CRDs outside the checked text (other files, --crd, the cluster). */
  customResources?: CustomResourceCatalog;
  /** The text is a resource of a kustomization, which may add fields to it: missing fields are not reported. */
  kustomizeBase?: boolean;
  /** The text is the data of a kustomize ConfigMap or Secret generator, named here (the kustomization): not a manifest. */
  kustomizeData?: string;
  /** The text is a kustomize patch (patchesStrategicMerge, patches[].path): it holds only the fields it changes. */
  kustomizePatch?: boolean;
  /** The namespace a kustomization (the file's own, or an overlay's) sets on the text's objects. */
  kustomizeNamespace?: KustomizeNamespace;
  /** The `images:` of the kustomizations that apply to the text (its own, then overlays'): they rename, retag or pin images. */
  kustomizeImages?: readonly KustomizeImages[];
  /** What the whole file defines, when the text is one document of it (the editor's incremental check). */
  wholeFile?: ManifestFacts;
  /** For a manifest on disk: what the other manifests of its folder define, looked up when a rule asks. */
  folderManifests?: FolderManifestLookup;
  /** For a Dockerfile: the images built in the folders beside its own (the base it is built on may be one). */
  siblingImages?: SiblingImageLookup;
  /**
   * For a chart rendered with no release namespace known: where the render wrote the release's namespace, which
   * helm fills with `default`. A namespace there is whichever the chart is installed into, not `default`.
   */
  unknownReleaseNamespaceAt?: readonly number[];
  /** How manifests are read; 'yaml' skips the fast path (the differential test compares the two). */
  yamlReader?: YamlReader;
  /** How Dockerfiles are read; 'dockerfile-ast' skips the fast path (the differential test compares the two). */
  dockerfileReader?: DockerfileReader;
}

export interface CheckResult {
  path: string;
  kind: DocumentKind;
  /** Every finding, suppressed ones included (they carry `suppression`), sorted by position. */
  findings: Finding[];
  /** Set when the file cannot be checked at all (a Helm template); the findings then hold one explanation. */
  notCheckable?: string;
  /** Set when the file holds nothing to check (YAML that is not a Kubernetes manifest). */
  skipped?: string;
}

const dockerfileName = /(^|\/)(Dockerfile(\.[^/]+)?|[^/]+\.Dockerfile|Containerfile(\.[^/]+)?)$/i;
const yamlName = /\.ya?ml$/i;

/** Which kind of document a path names, or undefined when it is neither. */
export function detectDocumentKind(path: string): DocumentKind | undefined {
  const normalized = path.replace(/\\/g, '/');
  if (yamlName.test(normalized)) return 'manifest';
  if (dockerfileName.test(normalized)) return 'dockerfile';
  return undefined;
}

// Helm's template actions, not Go templates that ship inside values (alerting rules use those).
const helmAction =
  /\{\{-?\s*(?:\.Values|\.Release|\.Chart|\.Capabilities|\.Files|include\s|template\s|toYaml\b|tpl\s)/g;

/** Where the first Helm action outside a comment line starts, or -1: an example commented out is not the file's syntax. */
function helmActionAt(text: string): number {
  helmAction.lastIndex = 0;
  for (let match = helmAction.exec(text); match; match = helmAction.exec(text)) {
    const lineStart = text.lastIndexOf('\n', match.index) + 1;
    if (!/^[ \t]*#/.test(text.slice(lineStart, match.index))) return match.index;
  }
  return -1;
}

/** Checks one text; never throws for any input. */
export function checkText(input: CheckInput, options: CheckOptions): CheckResult {
  const kind = input.kind ?? detectDocumentKind(input.path) ?? 'manifest';
  const text = input.text;
  const config = options.config;
  const now = options.now ?? new Date();
  const collector = new FindingCollector(input.path, text, config);
  const result: CheckResult = { path: input.path, kind, findings: [] };

  const named = kind === 'manifest' && namedAsManifest(config, input.path);
  const sizeProblem = sizeOrBinaryProblem(text, config);
  // No object without both words: YAML of other tools (configuration, schemas, playbooks, a chart's values) and JSON
  // that is no object (a minified API response on one long line) are skipped unread, before any line is measured.
  if (!sizeProblem && kind === 'manifest' && !named && isPlainlyNotKubernetes(text)) {
    result.skipped = notKubernetes;
    return result;
  }
  const inputProblem =
    sizeProblem ??
    lineLengthProblem(text, config) ??
    (kind === 'manifest' ? flowNestingProblem(text, config) : undefined);
  if (inputProblem) {
    collector.addInvalid(inputProblem.message, inputProblem.range);
    result.findings = collector.finish();
    return result;
  }

  const targets = targetClusters(config, options.targets);
  const rules = options.rules ?? [...rulesByName.values()];
  if (kind === 'manifest') {
    const at = helmActionAt(text);
    if (at !== -1) {
      result.notCheckable = 'a Helm template: render it first (helm template ... | kubectl lsst check -)';
      collector.addInvalid(
        `This looks like a Helm template, which cannot be checked as written. Render it first: helm template CHART | kubectl lsst check -`,
        [at, at + 2],
      );
      result.findings = collector.finish();
      return result;
    }
    if (options.kustomizeData && !named) {
      result.skipped = `not a Kubernetes manifest (the data of a ConfigMap or Secret that ${options.kustomizeData} generates)`;
      return result;
    }
    const manifest = parseManifest(text, config.limits, options.yamlReader);
    const customResources = fileCustomResources(manifest, input.path).with(options.customResources);
    if (!named && !looksLikeKubernetes(manifest, text, customResources)) {
      result.skipped = notKubernetes;
      return result;
    }
    const template = templateSyntaxIn(manifest, text);
    if (template) {
      const seen = template.mark === '{%' ? 'a "{% … %}" tag' : 'a "{{ … }}" placeholder';
      result.notCheckable = 'a template (Jinja or Go text/template): check what it renders to';
      collector.addInvalid(
        `This looks like a template, not YAML as written (${seen}, as Jinja and Go templates write them): its objects are only known once a program renders it. Check what it renders to (render it, then pipe the output to kubectl lsst check -), or list the file under exclude in .lsst.yaml.`,
        [template.at, template.at + 2],
        { note: true },
      );
      result.findings = collector.finish();
      return result;
    }
    // In a file the configuration names as manifests, every document is taken for a Kubernetes object.
    const isForeign = named ? () => false : (object: KubeObject) => isForeignObject(object, customResources);
    checkManifest(manifest, rules, collector, customResources, isForeign, {
      path: input.path,
      text,
      config,
      targets,
      now,
      options,
    });
    applySuppressions(collector.findings, { kind, text, manifest, config, now, path: input.path, collector });
    result.findings = keepFirstPerFile(collector.finish());
    return result;
  } else {
    const dockerfile = parseDockerfile(text, options.dockerfileReader);
    for (const problem of dockerfile.problems) collector.addInvalid(problem.message, problem.range);
    if (dockerfile.stages.length === 0 && dockerfile.problems.length === 0 && text.trim() !== '') {
      collector.addInvalid('No FROM instruction: a Dockerfile must start its build stage with FROM.', [0, 0]);
    }
    checkDockerfile(dockerfile, rules, collector, { path: input.path, text, config, targets, now }, options);
    applySuppressions(collector.findings, { kind, text, dockerfile, config, now, path: input.path, collector });
  }
  result.findings = collector.finish();
  return result;
}

// Every file of a run has the same targets: resolved once per configuration and list of names.
const resolvedTargets = new WeakMap<ResolvedConfig, Map<string, readonly ClusterConfig[]>>();

function targetClusters(config: ResolvedConfig, names: readonly string[] | undefined): readonly ClusterConfig[] {
  let byNames = resolvedTargets.get(config);
  if (!byNames) {
    byNames = new Map();
    resolvedTargets.set(config, byNames);
  }
  const key = names ? names.join('\n') : '';
  let targets = byNames.get(key);
  if (!targets) {
    targets = Object.freeze(resolveTargets(config, names ? { targets: names } : {}));
    byNames.set(key, targets);
  }
  return targets;
}

/**
 * Drops the repeats of rules that report once per file (`Rule.oncePerFile`): per key, the first
 * unsuppressed finding and the first suppressed one stay, and the first takes the fixes of its repeats,
 * so that one fix still mends the whole file. Takes findings sorted by position, as `checkText` returns
 * them; a caller that checks a file in parts applies it to the joined findings.
 */
export function keepFirstPerFile(findings: Finding[]): Finding[] {
  const kept = new Map<string, Finding>();
  const repeats = new Map<Finding, Finding[]>();
  const result = findings.filter((finding) => {
    const key = rulesByName.get(finding.rule)?.oncePerFile?.(finding);
    if (key === undefined) return true;
    const group = `${finding.rule}\n${finding.suppression ? 'suppressed' : 'reported'}\n${key}`;
    const first = kept.get(group);
    if (!first) {
      kept.set(group, finding);
      return true;
    }
    if (finding.fix) repeats.set(first, [...(repeats.get(first) ?? []), finding]);
    return false;
  });
  for (const [first, others] of repeats) {
    if (!first.fix) continue;
    const edits = [...first.fix.edits, ...others.flatMap((other) => other.fix?.edits ?? [])];
    // A file checked in parts is grouped twice (each part, then the whole): the description says it once.
    const description = first.fix.description.endsWith(sameFixElsewhere)
      ? first.fix.description
      : `${first.fix.description}${sameFixElsewhere}`;
    first.fix = { ...first.fix, description, edits };
  }
  return result;
}

/** True when a chart's render wrote the unknown release's namespace (`at`, where it did) inside this range. */
export function writesReleaseNamespace(at: readonly number[] | undefined, range: OffsetRange): boolean {
  return at?.some((offset) => offset >= range[0] && offset < range[1]) === true;
}

const sameFixElsewhere = ', and the same wherever else in the file it applies';

/** What the objects around an object say: the rest of its file, and the other manifests of its folder. */
interface Surroundings {
  namespacesAround: () => NamespacesAround;
  clusterRoleRules: (name: string) => readonly RoleRule[] | undefined;
  repositoryImage: (name: string) => RepositoryImage | undefined;
  isUnknownReleaseNamespace: (range: OffsetRange) => boolean;
}

interface RunSettings {
  path: string;
  text: string;
  config: ResolvedConfig;
  targets: readonly ClusterConfig[];
  now: Date;
}

function checkManifest(
  manifest: ParsedManifest,
  rules: readonly Rule[],
  collector: FindingCollector,
  customResources: CustomResourceCatalog,
  isForeign: (object: KubeObject) => boolean,
  settings: RunSettings & { options: CheckOptions },
): void {
  const manifestRules = rules.filter((rule) => rule.checkManifest && isEnabled(settings.config, rule));
  // Asked for only by objects that name no namespace and by ClusterRoleBindings, and then worked out once for the file.
  let facts: ManifestFacts | undefined;
  const fileFacts = () => {
    facts ??= settings.options.wholeFile ?? manifestFacts(manifest);
    return facts;
  };
  const folder = settings.options.folderManifests;
  const releaseNamespaceAt = settings.options.unknownReleaseNamespaceAt;
  let around: NamespacesAround | undefined;
  const surroundings: Surroundings = {
    namespacesAround: () => {
      around ??= { inFile: fileFacts().namespaces, ...(folder ? { inFolder: folder.namespaces() } : {}) };
      return around;
    },
    clusterRoleRules: (name) => fileFacts().clusterRoles.get(name) ?? folder?.clusterRole(name),
    // In the literal, not added after: spread into every object's context, a property added later made the
    // contexts of a large check a third slower.
    repositoryImage: (name) => folder?.repositoryImage?.(name),
    isUnknownReleaseNamespace: (range) => writesReleaseNamespace(releaseNamespaceAt, range),
  };
  for (const document of manifest.documents) {
    for (const problem of document.problems) collector.addInvalid(problem.message, problem.range);
    for (const object of document.objects) {
      if (isForeign(object)) continue;
      if (object.apiVersion === undefined || object.kind === undefined) {
        const missing = [object.apiVersion === undefined ? 'apiVersion' : '', object.kind === undefined ? 'kind' : '']
          .filter(Boolean)
          .join(' and ');
        collector.addInvalid(
          `This object has no ${missing}: Kubernetes cannot read it. Add ${missing}.`,
          object.headRange,
        );
        continue;
      }
      runManifestRules(manifestRules, object, document, collector, settings, customResources, surroundings);
    }
  }
}

function runManifestRules(
  rules: readonly Rule[],
  object: KubeObject,
  document: ManifestDocument,
  collector: FindingCollector,
  settings: RunSettings & { options: CheckOptions },
  customResources: CustomResourceCatalog,
  surroundings: Surroundings,
): void {
  const containers = allContainers(object, settings.text);
  const location: ObjectLocation = { kind: object.kind ?? '' };
  if (object.apiVersion) location.apiVersion = object.apiVersion;
  if (object.name) location.name = object.name;
  if (object.namespace) location.namespace = object.namespace;
  // One context for all the rules of an object: only the rule its reports are filed under changes.
  let current = rules[0] as Rule;
  const context: ManifestRuleContext = {
    path: settings.path,
    text: settings.text,
    config: settings.config,
    targets: settings.targets,
    now: settings.now,
    report: (report: Report) => collector.add(current, report, location),
    object,
    document,
    containers,
    customResources,
    ...surroundings,
  };
  if (settings.options.contextNamespace) context.contextNamespace = settings.options.contextNamespace;
  if (settings.options.portRequests) context.portRequests = settings.options.portRequests;
  if (settings.options.kustomizeBase) context.kustomizeBase = true;
  if (settings.options.kustomizeNamespace) context.kustomizeNamespace = settings.options.kustomizeNamespace;
  if (settings.options.kustomizeImages) context.kustomizeImages = settings.options.kustomizeImages;
  const patch = settings.options.kustomizePatch === true;
  if (patch) context.kustomizePatch = true;
  const run = () => current.checkManifest?.(context);
  for (const rule of rules) {
    // A patch holds only the fields it changes: what it lacks, the object it patches may have.
    if (patch && rule.judgesAbsence) continue;
    current = rule;
    runSafely(rule, collector, object.headRange, run);
  }
}

/**
 * A document of a program's own format in the shape of a Kubernetes object (cm-service's campaigns:
 * `apiVersion: io.lsst.cmservice/v1`, `kind: campaign`): a custom API group, a kind that does not start
 * with a capital letter, and no CRD that defines it. Kinds are UpperCamelCase (every CRD made from Go
 * types is), so it is not judged as a Kubernetes object; a built-in group's `kind: deployment` still is.
 */
function isForeignObject(object: KubeObject, customResources: CustomResourceCatalog): boolean {
  const { apiVersion, kind } = object;
  if (apiVersion === undefined || kind === undefined) return false;
  const first = kind.charCodeAt(0);
  if (first >= 65 && first <= 90) return false;
  if (builtInGroups().has(groupOf(apiVersion))) return false;
  return customResources.get(apiVersion, kind) === undefined;
}

/** The CRDs among the file's own objects. */
function fileCustomResources(manifest: ParsedManifest, path: string): CustomResourceCatalog {
  const catalog = new CustomResourceCatalog();
  for (const document of manifest.documents) {
    for (const object of document.objects) {
      if (isCustomResourceDefinition(object.apiVersion, object.kind)) addDefinitionMap(catalog, object.map, path);
    }
  }
  return catalog;
}

function checkDockerfile(
  dockerfile: DockerfileModel,
  rules: readonly Rule[],
  collector: FindingCollector,
  settings: RunSettings,
  options: CheckOptions,
): void {
  const developmentOnly = matchesDockerfileGlobs(settings.path, settings.config.images.developmentOnly);
  const buildImage = matchesDockerfileGlobs(settings.path, settings.config.images.buildImages);
  // One context for all the rules of a Dockerfile: only the rule its reports are filed under changes.
  let current: Rule | undefined;
  const context: DockerfileRuleContext = {
    path: settings.path,
    text: settings.text,
    config: settings.config,
    targets: settings.targets,
    now: settings.now,
    report: (report: Report) => collector.add(current as Rule, developmentOnly ? asDevelopmentNote(report) : report),
    dockerfile,
  };
  if (options.siblingImages) context.siblingImages = options.siblingImages;
  for (const rule of rules) {
    if (!rule.checkDockerfile || !isEnabled(settings.config, rule)) continue;
    if (developmentOnly && rule.judgesRunningContainer) continue;
    if (buildImage && rule.judgesBuildTools) continue;
    current = rule;
    runSafely(rule, collector, [0, 0], () => rule.checkDockerfile?.(context));
  }
}

/**
 * A development-only image is never built into or run on the clusters the guidelines are for: what still applies
 * to it (where its images and downloads come from, its base's support) is said as a note.
 */
function asDevelopmentNote(report: Report): Report {
  if (report.note) return report;
  return {
    ...report,
    note: true,
    message: `${report.message} (A note: this Dockerfile builds a development-only image (images.developmentOnly), which is never deployed; it still runs with your checkout and credentials.)`,
  };
}

const dockerfileMatchers = new WeakMap<readonly string[], (path: string) => boolean>();

/**
 * A Dockerfile that globs of the images configuration name (`images.developmentOnly`, `images.buildImages`); a
 * relative glob also matches the end of a path.
 */
function matchesDockerfileGlobs(path: string, globs: readonly string[]): boolean {
  if (globs.length === 0 || path === '' || path === '-') return false;
  let matcher = dockerfileMatchers.get(globs);
  if (!matcher) {
    const patterns = globs.map((glob) => glob.replace(/^\.\//, ''));
    const anywhere = patterns.filter((glob) => !glob.startsWith('/')).map((glob) => `**/${glob}`);
    matcher = compileGlobs([...patterns, ...anywhere], { path: true });
    dockerfileMatchers.set(globs, matcher);
  }
  return matcher(path.replace(/\\/g, '/').replace(/^\.\//, ''));
}

/** A rule that fails on strange input costs one finding, not the whole check. */
function runSafely(rule: Rule, collector: FindingCollector, range: OffsetRange, run: () => void): void {
  try {
    run();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    collector.addInvalid(`Rule ${rule.name} could not check this object (${reason}). Please report this input.`, range);
  }
}

function isEnabled(config: ResolvedConfig, rule: Rule): boolean {
  return config.rules[rule.name]?.severity !== 'off';
}

const manifestMatchers = new WeakMap<readonly string[], GlobMatcher>();

/** Whether the configuration's `manifests` globs name the file: then it is never skipped. */
function namedAsManifest(config: ResolvedConfig, path: string): boolean {
  const globs = config.manifests;
  if (globs === undefined || globs.length === 0) return false;
  let matcher = manifestMatchers.get(globs);
  if (!matcher) {
    const matchers = globs.map(compilePathGlob);
    matcher = (value) => matchers.some((matches) => matches(value));
    manifestMatchers.set(globs, matcher);
  }
  return matcher(path);
}

const notKubernetes =
  'not a Kubernetes manifest (no document has both apiVersion and kind, other than documents of a custom API whose kind starts in lower case)';

/**
 * JSON that is no Kubernetes object or List (data files, dashboards, schemas), told by JSON.parse: reading it
 * as YAML, for the positions only a manifest needs, costs a hundred times as much. An object naming either
 * field (a List names both) goes the usual way, which decides as for any YAML.
 */
function isJsonOfNoObject(text: string): boolean {
  const start = text.search(/\S/);
  if (start === -1 || (text[start] !== '{' && text[start] !== '[')) return false;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  if (Array.isArray(value) || typeof value !== 'object' || value === null) return true;
  return !('apiVersion' in value || 'kind' in value);
}

/**
 * A file holds Kubernetes objects when one of its documents has both apiVersion and kind; YAML
 * with a syntax error counts when both keys stand at the start of a line. Everything else (values
 * files, Chart.yaml, Grafana provisioning, CI settings, Jinja templates) is skipped, not judged.
 */
function looksLikeKubernetes(manifest: ParsedManifest, text: string, customResources: CustomResourceCatalog): boolean {
  const documents = manifest.documents.filter((document) => !document.empty);
  if (documents.length === 0) return false;
  if (
    documents.some((document) =>
      document.objects.some(
        (object) =>
          object.apiVersion !== undefined && object.kind !== undefined && !isForeignObject(object, customResources),
      ),
    )
  ) {
    return true;
  }
  return (
    documents.some((document) => document.problems.length > 0) &&
    /^apiVersion\s*:/m.test(text) &&
    /^kind\s*:/m.test(text)
  );
}

/**
 * Bracket nesting far past the limit, found before parsing: the YAML parser's cost grows with the
 * nesting of every document, so a file of deeply nested flow collections would take minutes.
 * Twice the limit leaves room for brackets inside strings, which this scan does not tell apart.
 */
function flowNestingProblem(text: string, config: ResolvedConfig): { message: string; range: OffsetRange } | undefined {
  const bound = config.limits.maxDepth * 2;
  let depth = 0;
  // From bracket to bracket: indexOf skips the text between them far faster than a loop, and, unlike a
  // regular expression's matches, allocates nothing. The next of each of the four brackets is kept.
  const end = text.length;
  const nextOf = (bracket: string, from: number) => {
    const at = text.indexOf(bracket, from);
    return at === -1 ? end : at;
  };
  let openSquare = nextOf('[', 0);
  let openCurly = nextOf('{', 0);
  let closeSquare = nextOf(']', 0);
  let closeCurly = nextOf('}', 0);
  for (;;) {
    const open = Math.min(openSquare, openCurly);
    const close = Math.min(closeSquare, closeCurly);
    if (open < close) {
      depth++;
      if (depth > bound) {
        return {
          message: `Brackets nested more than ${bound} levels deep; not checked. Reduce the nesting, or raise limits.maxDepth in .lsst.yaml.`,
          range: [open, open + 1],
        };
      }
      if (open === openSquare) openSquare = nextOf('[', open + 1);
      else openCurly = nextOf('{', open + 1);
    } else {
      if (close === end) return undefined;
      if (depth > 0) depth--;
      if (close === closeSquare) closeSquare = nextOf(']', close + 1);
      else closeCurly = nextOf('}', close + 1);
    }
  }
}

function isPlainlyNotKubernetes(text: string): boolean {
  return !text.includes('apiVersion') || !text.includes('kind') || isJsonOfNoObject(text);
}

function sizeOrBinaryProblem(
  text: string,
  config: ResolvedConfig,
): { message: string; range: OffsetRange } | undefined {
  const limits = config.limits;
  if (text.length > limits.maxFileSize) {
    return {
      message: `File too large to check (${text.length} characters; the limit is ${limits.maxFileSize}). Split it, or raise limits.maxFileSize in .lsst.yaml.`,
      range: [0, 0],
    };
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    return {
      message: 'This is a binary file, not text: nothing to check. Remove it from the paths to check.',
      range: [0, 0],
    };
  }
  return undefined;
}

function lineLengthProblem(text: string, config: ResolvedConfig): { message: string; range: OffsetRange } | undefined {
  const limits = config.limits;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const lineBreak = text.indexOf('\n', lineStart);
    const lineEnd = lineBreak === -1 ? text.length : lineBreak;
    if (lineEnd - lineStart > limits.maxLineLength) {
      return {
        message: `Line longer than ${limits.maxLineLength} characters; not checked. Wrap it, or raise limits.maxLineLength in .lsst.yaml.`,
        range: [lineStart, lineStart],
      };
    }
    if (lineBreak === -1) break;
    lineStart = lineBreak + 1;
  }
  return undefined;
}

export class FindingCollector {
  readonly findings: Finding[] = [];
  readonly lines: LineIndex;

  constructor(
    readonly path: string,
    readonly text: string,
    readonly config: ResolvedConfig,
  ) {
    this.lines = new LineIndex(text);
  }

  add(rule: Rule, report: Report, object?: ObjectLocation): void {
    const severity = report.note
      ? configuredSeverity(this.config, rule.name, 'info') && 'info'
      : configuredSeverity(this.config, rule.name, report.severity ?? rule.defaultSeverity);
    if (severity === undefined) return;
    const range = clampRange(report.range, this.text.length);
    const finding: Finding = {
      rule: rule.name,
      severity,
      message: report.message,
      file: this.path,
      range,
      start: this.lines.positionAt(range[0]),
      end: this.lines.positionAt(range[1]),
      guideline: rule.guideline,
      helpUri: ruleDocsUrl(rule.name),
    };
    if (report.fix && report.fix.edits.length > 0) finding.fix = report.fix;
    if (object) finding.object = report.container ? { ...object, container: report.container } : { ...object };
    if (report.clusters && report.clusters.length > 0) finding.clusters = report.clusters;
    this.findings.push(finding);
  }

  /** An input problem; a note when it claims no defect (a file that cannot be read as it stands, by design). */
  addInvalid(message: string, range: OffsetRange, { note = false } = {}): void {
    const rule = rulesByName.get('input/invalid');
    if (rule) this.add(rule, { range, message, ...(note ? { note } : {}) });
  }

  finish(): Finding[] {
    return this.findings.sort(
      (a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1] || compareText(a.rule, b.rule),
    );
  }
}

/** Severity after configuration; undefined when the rule is turned off. */
function configuredSeverity(config: ResolvedConfig, rule: string, severity: Severity): Severity | undefined {
  const configured = config.rules[rule]?.severity;
  if (configured === 'off') return undefined;
  // A configured severity applies to every finding of the rule, whatever the rule chose.
  if (configured === undefined) return severity;
  return configured;
}

function clampRange(range: OffsetRange, length: number): OffsetRange {
  const start = Math.max(0, Math.min(range[0], length));
  return [start, Math.max(start, Math.min(range[1], length))];
}

export interface FixedText {
  text: string;
  /** Findings fixed, over every pass. */
  applied: number;
  /** The check of the fixed text. */
  result: CheckResult;
  /** The check of the text as given. */
  initial: CheckResult;
}

const maxFixPasses = 10;

/**
 * Applies every fix, checking again between passes: fixes that overlap an applied one wait for
 * the next pass (as ESLint does). A text with a syntax error is never changed.
 */
export function fixText(
  input: CheckInput,
  options: CheckOptions,
  /** Only the fixes of these findings (e.g. one rule's); all when absent. */
  only?: (finding: Finding) => boolean,
): FixedText {
  const initial = checkText(input, options);
  let result = initial;
  let text = input.text;
  let applied = 0;
  const canFix = (checked: CheckResult) =>
    !checked.findings.some((finding) => finding.rule === 'input/invalid') &&
    checked.findings.some((finding) => finding.fix && !finding.suppression && (!only || only(finding)));
  for (let pass = 0; pass < maxFixPasses && canFix(result); pass++) {
    const fixed = applyFixes(text, only ? result.findings.filter(only) : result.findings);
    if (fixed.applied === 0 || fixed.text === text) break;
    const next = checkText({ ...input, text: fixed.text }, options);
    // A fix must never break the file: stop before a pass that would.
    if (next.findings.some((finding) => finding.rule === 'input/invalid')) break;
    applied += fixed.applied;
    text = fixed.text;
    result = next;
  }
  return { text, applied, result, initial };
}
