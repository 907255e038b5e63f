// The commented starting `.lsst.yaml` that `kubectl lsst init` writes: every key, each explained,
// set to the embedded defaults, so that the file changes nothing until someone edits it.
import type { RuleMeta } from '../types.ts';
import { defaultConfig } from './defaults.ts';
import type { Config } from './model.ts';

export interface ConfigTemplateOptions {
  /** The registered rules, listed in a comment with their default severities. */
  rules?: readonly Pick<RuleMeta, 'name' | 'defaultSeverity' | 'guideline'>[];
  /** The values to start from; the embedded defaults unless given. */
  base?: Config;
  /** Where the reference lives, named in the header. */
  docsUrl?: string;
}

// YAML 1.1 reads these plain scalars as booleans or null; quote them like numbers.
const yaml11Specials =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;

/** A scalar as YAML text: plain when YAML reads it back as this same string, else double-quoted. */
function scalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const plain = /^[A-Za-z/][A-Za-z0-9/_.*-]*$/.test(value) && !yaml11Specials.test(value) && !/^[0-9.+-]/.test(value);
  return plain ? value : JSON.stringify(value);
}

function flowList(values: readonly string[]): string {
  return `[${values.map(scalar).join(', ')}]`;
}

function flowMap(entries: Record<string, string | number | boolean | undefined>): string {
  const parts = Object.entries(entries)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([key, value]) => `${key}: ${scalar(value)}`);
  return `{ ${parts.join(', ')} }`;
}

function userMap(users: Readonly<Record<string, string>>): string {
  const entries = Object.entries(users).map(([image, user]) => `${scalar(image)}: ${scalar(user)}`);
  return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
}

/** Pads `text` to a column so that trailing comments line up. */
function withComment(text: string, comment: string, column = 44): string {
  return `${text.padEnd(Math.max(column, text.length + 2))}# ${comment}`;
}

/** The text of a commented `.lsst.yaml` that loads to exactly the base configuration (the defaults). */
export function configTemplate(options: ConfigTemplateOptions = {}): string {
  const base = options.base ?? defaultConfig;
  const lines: string[] = [
    '# .lsst.yaml: configuration of kubectl-lsst and its editor extension.',
    '#',
    '# Every key is optional: a key left out keeps its embedded default, and the embedded defaults',
    '# encode the guidelines (DMTN-095) as written. The values below are those defaults, so this file',
    '# changes nothing until you edit it. Remove what you do not change, if you like.',
  ];
  if (options.docsUrl) lines.push(`# Every key is described in ${options.docsUrl}`);
  lines.push(
    '# The rules: `kubectl lsst rules`; what one asks and why: `kubectl lsst explain RULE`.',
    '',
    '# The clusters manifests are deployed to: independent clusters on independent Kubernetes versions',
    '# (guideline 1.1). When given, this list replaces the default one.',
    'clusters:',
  );
  base.clusters.forEach((cluster, index) => {
    const first = index === 0;
    lines.push(
      first
        ? withComment(`  - name: ${scalar(cluster.name)}`, 'used by targets, --target and in messages')
        : `  - name: ${scalar(cluster.name)}`,
      first
        ? withComment(`    role: ${scalar(cluster.role)}`, 'development | testing | pre-production | production')
        : `    role: ${scalar(cluster.role)}`,
      first
        ? withComment(`    kubernetesVersion: ${JSON.stringify(cluster.kubernetesVersion)}`, 'major.minor, quoted')
        : `    kubernetesVersion: ${JSON.stringify(cluster.kubernetesVersion)}`,
    );
    if (cluster.match) {
      lines.push('    match:');
      if (cluster.match.contexts) lines.push(`      contexts: ${flowList(cluster.match.contexts)}`);
      if (cluster.match.servers) lines.push(`      servers: ${flowList(cluster.match.servers)}`);
    } else if (first) {
      lines.push(
        withComment('    # match:', 'how a kube context is recognised as this cluster'),
        withComment(`    #   contexts: ["lsst-${cluster.name}*"]`, 'globs on the kube context name'),
        withComment(`    #   servers: ["https://${cluster.name}.example.org:6443"]`, 'API server URLs, exact or globs'),
      );
    }
  });
  lines.push(
    '',
    '# The clusters a check runs against when no --target is given (--all-targets checks them all).',
    `targets: ${flowList(base.targets)}`,
    '',
    '# Where images may come from (guideline 1.2.2).',
    'registries:',
    withComment(`  local: ${flowList(base.registries.local)}`, 'your own registries, e.g. [registry.example.org];'),
    withComment('', 'required on production and pre-production targets'),
  );
  lines.push(
    base.registries.mirror === undefined
      ? withComment('  # mirror: registry.example.org/dockerhub', 'where Docker Hub images are mirrored; enables fixes')
      : withComment(
          `  mirror: ${scalar(base.registries.mirror)}`,
          'where Docker Hub images are mirrored; enables fixes',
        ),
    withComment(
      `  trustedDockerHubOrganizations: ${flowList(base.registries.trustedDockerHubOrganizations)}`,
      'trusted besides official images',
    ),
    ...(base.registries.trusted === undefined
      ? []
      : [
          '  # Where the organisation publishes its own images, and vetted publishers (dhi.io): trusted as a source, not local.',
          `  trusted: ${flowList(base.registries.trusted)}`,
        ]),
    '',
    '# How images are judged beyond where they come from (guidelines 1.2.2 and 1.2.4).',
    'images:',
    '  # Tags that name whatever was pushed last (image/pinned); * matches any characters.',
    `  movingTags: ${flowList(base.images.movingTags)}`,
    '  # The user a base image runs as, for Dockerfiles that set no USER, e.g. { "ghcr.io/example/base": app };',
    '  # added to the built-in table of well-known images.',
    `  baseImageUsers: ${userMap(base.images.baseImageUsers)}`,
    '  # Dockerfiles that build development-only images (dev containers): rules about the running container',
    '  # skip them.',
    `  developmentOnly: ${flowList(base.images.developmentOnly)}`,
    '  # Dockerfiles of images made for building software (package builders, development environments):',
    '  # compilers are their purpose, so container/no-build-tools skips them.',
    `  buildImages: ${flowList(base.images.buildImages)}`,
    '',
    '# Custom resource kinds that make an Ingress (guideline 1.2.3): Kind or Kind.group.',
    'network:',
    `  ingressKinds: ${flowList(base.network.ingressKinds)}`,
    '  # Ingress classes of the shared ingress controller (its approved ports 80 and 443): no port request.',
    `  sharedIngressClasses: ${flowList(base.network.sharedIngressClasses)}`,
    ...(base.network.defaultIngressClass ? [`  defaultIngressClass: ${base.network.defaultIngressClass}`] : []),
    '',
    '# Files that must hold Kubernetes objects, checked strictly: elsewhere a YAML file without',
    '# apiVersion and kind is skipped as not a manifest (globs, e.g. "deploy/**/*.yaml").',
    `manifests: ${flowList(base.manifests)}`,
    '',
    "# Left out of a check of a folder (globs relative to it): test data of the repository's own tests.",
    '# A file or folder named on the command line is always checked; [] checks everything.',
    `exclude: ${flowList(base.exclude)}`,
    '',
    '# What the bindings of `kubectl lsst policy export` do on each role of cluster: Deny, Warn, Audit.',
    'admission:',
    '  validationActions:',
    ...Object.entries(base.admission.validationActions).map(([role, actions]) => `    ${role}: ${flowList(actions)}`),
    '',
    '# Files or folders of CustomResourceDefinitions that validate custom objects (input/schema).',
    `customResourceDefinitions: ${flowList(base.customResourceDefinitions)}`,
    '',
    '# The shared file sets and who may mount them how (guideline 1.2.5). When given, this list',
    '# replaces the default one. access: read-only | read-write; audience: all | developers | science;',
    '# scope: group | user (mounting the root alone is too wide) | shared; purged: purged on a schedule.',
    'fileSets:',
    ...base.fileSets.map(
      (fileSet) =>
        `  - ${flowMap({ path: fileSet.path, access: fileSet.access, audience: fileSet.audience, scope: fileSet.scope, purged: fileSet.purged })}`,
    ),
    '',
    '# Namespaces and their audiences (guideline 1.2.6).',
    'namespaces:',
    withComment(
      `  science: ${flowList(base.namespaces.science)}`,
      'globs of namespaces of science users, e.g. ["nb-*"]',
    ),
    base.namespaces.default === undefined
      ? withComment('  # default: my-team', "the team's namespace: an object naming none is")
      : withComment(`  default: ${scalar(base.namespaces.default)}`, "the team's namespace: an object naming none is"),
    withComment('', 'a warning, and the namespace fix inserts this one'),
    '',
    '# Per-rule settings by rule name: a severity (error | warning | info | off), or a map such as',
    '# { severity: error, suppressible: false }; suppressible: false means inline comments and',
    '# annotations cannot suppress the rule. To change a rule, replace {} with entries such as:',
    '#   rules:',
    '#     image/pinned: warning',
    '#     security/run-as-non-root: { severity: error, suppressible: false }',
  );
  const rules = [...(options.rules ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (rules.length > 0) {
    const width = Math.max(...rules.map((rule) => rule.name.length));
    lines.push('# The rules and their default severities:');
    for (const rule of rules) {
      lines.push(`#   ${rule.name.padEnd(width)}  ${rule.defaultSeverity.padEnd(7)}  (guideline ${rule.guideline})`);
    }
  }
  const ruleEntries = Object.entries(base.rules);
  if (ruleEntries.length === 0) lines.push('rules: {}');
  else {
    lines.push('rules:');
    for (const [name, setting] of ruleEntries) lines.push(`  ${name}: ${flowMap({ ...setting })}`);
  }
  lines.push(
    '',
    '# Rules turned off for the objects that match every field given, for manifests that cannot carry',
    '# a comment. rule and reason are required; namespace, name, container and path are globs, kind is',
    '# exact; until (YYYY-MM-DD) is the last day it applies. Added to the defaults, which have none.',
    '# For example:',
    '#   exemptions:',
    '#     - rule: filesets/allowed-paths',
    '#       namespace: monitoring',
    '#       kind: DaemonSet',
    '#       name: node-exporter',
    '#       container: node-exporter',
    '#       path: "deploy/monitoring/**"',
    '#       reason: "reads /proc of the node"',
    '#       until: 2027-06-30',
  );
  if (base.exemptions.length === 0) lines.push('exemptions: []');
  else {
    lines.push('exemptions:');
    for (const exemption of base.exemptions) lines.push(`  - ${flowMap({ ...exemption })}`);
  }
  lines.push(
    '',
    '# The baseline file, relative to this file: `check` reports only findings not recorded in it.',
    '# Write it with `kubectl lsst check . --write-baseline .lsst-baseline.json`, then name it here.',
    base.baseline === undefined ? '# baseline: .lsst-baseline.json' : `baseline: ${scalar(base.baseline)}`,
    '',
    '# Where `kubectl lsst request-port` keeps requests for public ports (guideline 1.2.3).',
    'portRequests:',
    withComment(`  namespace: ${scalar(base.portRequests.namespace)}`, 'a namespace on each cluster'),
    '',
    '# Limits on one checked file; a file beyond them is reported as input/invalid and not checked.',
    'limits:',
    withComment(`  maxFileSize: ${base.limits.maxFileSize}`, 'bytes in one file'),
    withComment(`  maxDocuments: ${base.limits.maxDocuments}`, 'YAML documents in one file'),
    withComment(`  maxDepth: ${base.limits.maxDepth}`, 'nesting depth of one YAML document'),
    withComment(`  maxAliasCount: ${base.limits.maxAliasCount}`, 'alias expansions in one YAML document'),
    withComment(`  maxLineLength: ${base.limits.maxLineLength}`, 'characters on one line'),
    '',
    '# How `check` renders Helm charts (folders with Chart.yaml); see docs/configuration.md.',
    'helm:',
    base.helm.binary !== undefined
      ? withComment(`  binary: ${scalar(base.helm.binary)}`, 'the helm 3 program')
      : '  # binary: /usr/local/bin/helm           # default: helm on PATH',
    withComment(`  timeoutSeconds: ${base.helm.timeoutSeconds}`, 'longest one helm template may run'),
    base.helm.environmentValues !== undefined
      ? withComment(`  environmentValues: ${flowList(base.helm.environmentValues)}`, "each environment's own values")
      : "  # environmentValues: [environments/values-{environment}.yaml]   # each environment's own values",
    withComment(`  set: ${flowMap(base.helm.set)}`, '--set values every render receives'),
    withComment(`  namespaces: ${flowMap(base.helm.namespaces)}`, 'release namespace by chart name'),
    '  # environments of values-<env>.yaml, e.g. prod: { cluster: prod, set: { global.host: example.org } }',
    '  environments:',
    ...Object.entries(base.helm.environments).map(
      ([name, environment]) =>
        `    ${scalar(name)}: { ${[
          environment.cluster !== undefined ? `cluster: ${scalar(environment.cluster)}` : '',
          environment.set ? `set: ${flowMap(environment.set)}` : '',
        ]
          .filter(Boolean)
          .join(', ')} }`,
    ),
    '',
  );
  if (Object.keys(base.helm.environments).length === 0) lines.splice(lines.length - 2, 1, '  environments: {}');
  return lines.join('\n');
}
