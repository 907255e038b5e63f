// `kubectl lsst policy export` and `policy test`: the rules as ValidatingAdmissionPolicies for each
// target cluster, and evaluating them on manifests offline, as the API server would.
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  type ActionChoice,
  type AdmissionVerdict,
  type ClusterConfig,
  ConfigResolver,
  didYouMean,
  evaluatePolicies,
  exportPolicies,
  LineIndex,
  objectJson,
  type PolicyExport,
  parseManifest,
  policyDocuments,
  type ResolvedConfig,
  type Rule,
  readPolicyObjects,
  resolveTargets,
  rules,
  rulesByName,
  trustedConfigLocations,
  visibleText,
} from '@lsst-kube/core';
import { nodeConfigFileSystem } from '@lsst-kube/core/kube/config';
import { CliError, ExitCode } from './errors.ts';
import type { CliIo } from './io.ts';
import { readInputFile } from './read-input.ts';
import { writeFileAtomically } from './write-file.ts';

export interface PolicyCommonFlags {
  config?: string | undefined;
  target?: string | undefined;
  'all-targets'?: boolean | undefined;
  rules?: string | undefined;
  action?: string | undefined;
}

const actions: readonly ActionChoice[] = ['deny', 'warn', 'audit'];

function displayPath(path: string, cwd: string): string {
  const relativePath = relative(cwd, path);
  const shown = relativePath === '' || relativePath.startsWith('..') || isAbsolute(relativePath) ? path : relativePath;
  return sep === '\\' ? shown.replaceAll('\\', '/') : shown;
}

/** The configuration (as `check` finds it from the working directory), the targets and the rules chosen. */
export async function policySettings(
  flags: PolicyCommonFlags,
  io: CliIo,
): Promise<{ config: ResolvedConfig; targets: ClusterConfig[]; rules: Rule[]; action?: ActionChoice }> {
  const cwd = io.cwd;
  const resolver = new ConfigResolver(nodeConfigFileSystem, {
    explicitPath: flags.config,
    env: io.env.LSST_CONFIG,
    homeDirectory: io.env.HOME ?? homedir(),
    ...trustedConfigLocations(io.env, io.env.HOME ?? homedir()),
    workingDirectory: cwd,
    knownRules: rules.map((rule) => rule.name),
    displayPath: (path) => displayPath(path, cwd),
  });
  const config = await resolver.forDirectory(cwd);
  const targets = resolveTargets(config, {
    ...(flags.target ? { targets: flags.target.split(',').map((item) => item.trim()) } : {}),
    ...(flags['all-targets'] ? { allTargets: true } : {}),
  });
  let chosen = [...rules];
  if (flags.rules !== undefined) {
    chosen = [];
    for (const name of flags.rules
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)) {
      const rule = rulesByName.get(name);
      if (!rule) {
        throw new CliError(
          `--rules names unknown rule "${visibleText(name)}".${didYouMean(name, rulesByName.keys())} \`kubectl lsst rules\` lists them all.`,
        );
      }
      chosen.push(rule);
    }
  }
  if (flags.action !== undefined && !actions.includes(flags.action as ActionChoice)) {
    throw new CliError(`--action "${visibleText(flags.action)}" is not one of deny, warn, audit.`);
  }
  return {
    config,
    targets,
    rules: chosen,
    ...(flags.action !== undefined ? { action: flags.action as ActionChoice } : {}),
  };
}

/** The exports of every target; a target that cannot run policies is reported, and only all of them failing is an error. */
export function exportForTargets(settings: Awaited<ReturnType<typeof policySettings>>, now: Date): PolicyExport[] {
  const exports = settings.targets.map((target) =>
    exportPolicies({
      config: settings.config,
      target,
      rules: settings.rules,
      now,
      ...(settings.action ? { action: settings.action } : {}),
    }),
  );
  if (exports.every((entry) => entry.problem)) {
    throw new CliError(exports.map((entry) => entry.problem).join('\n'), ExitCode.usage);
  }
  return exports;
}

/** The export as YAML documents, with a comment saying what they are for. */
export function renderExport(entry: PolicyExport, target: ClusterConfig): string {
  const header = [
    `# ValidatingAdmissionPolicies of the LSST guidelines for cluster "${target.name}" (${target.role}, Kubernetes ${target.kubernetesVersion}).`,
    '# Made by `kubectl lsst policy export`; apply with `kubectl apply -f`, and export again when .lsst.yaml changes.',
  ];
  for (const note of entry.notes) header.push(`# Note: ${note}`);
  return `${header.join('\n')}\n${policyDocuments(entry.objects)}`;
}

export async function writeExports(
  exports: PolicyExport[],
  targets: ClusterConfig[],
  outputDirectory: string | undefined,
  io: CliIo,
): Promise<void> {
  const usable = exports.filter((entry) => !entry.problem);
  if (outputDirectory === undefined && usable.length > 1) {
    throw new CliError(
      `${usable.length} targets (${usable.map((entry) => entry.target).join(', ')}) need one file each: write them with -o DIR, or choose one with --target.`,
    );
  }
  for (const entry of exports) {
    if (entry.problem) {
      io.stderr.write(`${entry.problem}\n`);
      continue;
    }
    const target = targets.find((cluster) => cluster.name === entry.target) as ClusterConfig;
    const text = renderExport(entry, target);
    if (outputDirectory === undefined) {
      io.stdout.write(text);
    } else {
      const directory = resolve(io.cwd, outputDirectory);
      try {
        mkdirSync(directory, { recursive: true });
      } catch (error) {
        throw new CliError(
          `cannot create the folder ${outputDirectory} (${(error as NodeJS.ErrnoException).code}). Choose another -o.`,
        );
      }
      const path = join(directory, `${entry.target}.yaml`);
      await writeFileAtomically(path, text, displayPath(path, io.cwd));
      const policies = entry.objects.filter((object) => object.kind === 'ValidatingAdmissionPolicy').length;
      const others = entry.objects.filter((object) => object.kind === 'ConfigMap').length;
      io.stderr.write(
        `Wrote ${displayPath(path, io.cwd)}: ${policies} ${policies === 1 ? 'policy' : 'policies'} with their bindings (${entry.apiVersion})${others > 0 ? ' and the ConfigMap of approved ports' : ''}.\n`,
      );
    }
    for (const note of entry.notes) io.stderr.write(`Note: ${note}\n`);
  }
  const first = usable[0];
  if (first && first.notExported.length > 0) {
    io.stderr.write('Not exported (the API server cannot decide these on one object):\n');
    for (const item of first.notExported) io.stderr.write(`  ${item.rule}: ${item.why}\n`);
  }
}

const maxPolicyFileBytes = 4 * 1024 * 1024;

/** Policies and bindings from exported files (or folders of them), as `policy export -o` wrote them. */
export async function readPolicyFiles(paths: readonly string[], io: CliIo): Promise<Record<string, unknown>[]> {
  const objects: Record<string, unknown>[] = [];
  for (const file of expandYamlPaths(paths, io.cwd)) {
    const shown = displayPath(file, io.cwd);
    const outcome = await readInputFile(file, maxPolicyFileBytes);
    if (!outcome.ok) throw new CliError(`cannot read ${shown}: ${outcome.message}`);
    const read = readPolicyObjects(outcome.text);
    if (read.error) throw new CliError(`${shown} is not valid YAML (${visibleText(read.error)}). Export it again.`);
    objects.push(...read.objects);
  }
  if (!objects.some((object) => object.kind === 'ValidatingAdmissionPolicyBinding')) {
    throw new CliError(
      `${paths.join(', ')} hold no ValidatingAdmissionPolicyBinding: give the files \`kubectl lsst policy export -o DIR\` wrote.`,
    );
  }
  return objects;
}

function expandYamlPaths(paths: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch {
      throw new CliError(`${path} does not exist. Name a manifest file or a folder of them.`);
    }
    if (!isDirectory) {
      files.push(absolute);
      continue;
    }
    for (const entry of readdirSync(absolute, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) files.push(join(absolute, entry.name));
      else if (entry.isDirectory() && !entry.name.startsWith('.')) {
        files.push(...expandYamlPaths([join(absolute, entry.name)], cwd));
      }
    }
  }
  return files;
}

export interface PolicyTestLine {
  file: string;
  line: number;
  column: number;
  kind: string;
  name: string;
  namespace?: string;
  verdict: AdmissionVerdict;
}

/** Evaluates the policies on every object of the manifests, as a person would create it with kubectl. */
export async function testManifests(
  policies: readonly Record<string, unknown>[],
  paths: readonly string[],
  config: ResolvedConfig,
  io: CliIo,
): Promise<{ lines: PolicyTestLine[]; objects: number }> {
  const lines: PolicyTestLine[] = [];
  let objects = 0;
  // The approved-ports ConfigMap the export carries (empty), or the cluster's copy given with --policies.
  const params = policies.filter((object) => object.apiVersion === 'v1' && object.kind === 'ConfigMap');
  for (const file of expandYamlPaths(paths, io.cwd)) {
    const shown = displayPath(file, io.cwd);
    const outcome = await readInputFile(file, config.limits.maxFileSize);
    if (!outcome.ok) throw new CliError(`cannot read ${shown}: ${outcome.message}`);
    const manifest = parseManifest(outcome.text, config.limits);
    const index = new LineIndex(outcome.text);
    for (const document of manifest.documents) {
      if (document.problems.length > 0) {
        const problem = document.problems[0];
        const at = index.positionAt(problem?.range[0] ?? 0);
        io.stderr.write(
          `${shown}:${at.line}:${at.column}: not tested: ${visibleText(problem?.message ?? '')} (kubectl lsst check shows why)\n`,
        );
        continue;
      }
      for (const object of document.objects) {
        if (object.apiVersion === undefined || object.kind === undefined) continue;
        objects++;
        const at = index.positionAt(object.headRange[0]);
        for (const verdict of evaluatePolicies(policies, { object: objectJson(object), params })) {
          lines.push({
            file: shown,
            line: at.line,
            column: at.column,
            kind: object.kind,
            name: object.name ?? '',
            ...(object.namespace ? { namespace: object.namespace } : {}),
            verdict,
          });
        }
      }
    }
  }
  return { lines, objects };
}

export function renderTestLine(item: PolicyTestLine): string {
  const action = item.verdict.actions.includes('Deny')
    ? 'DENY'
    : item.verdict.actions.includes('Warn')
      ? 'WARN'
      : 'AUDIT';
  const what = `${item.kind}${item.name ? `/${item.name}` : ''}${item.namespace ? ` in ${item.namespace}` : ''}`;
  const message = item.verdict.failed
    ? `${item.verdict.rule}: the policy ${item.verdict.policy} could not be evaluated (${item.verdict.message}); failurePolicy Fail refuses the object`
    : item.verdict.message;
  return `${visibleText(item.file)}:${item.line}:${item.column}  ${visibleText(what)}  ${action}  ${visibleText(message)}\n`;
}
