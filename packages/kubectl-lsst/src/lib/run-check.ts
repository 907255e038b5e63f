// `kubectl lsst check`: collects the inputs, checks them one at a time through core, applies
// fixes when asked, prints one report and chooses the exit code. Shared by the fast path and oclif.
import { statSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import {
  addDefinitionsFromText,
  type CheckResult,
  ConfigResolver,
  CustomResourceCatalog,
  checkText,
  createReport,
  detectDocumentKind,
  didYouMean,
  excludeMatcher,
  type Finding,
  type FormatName,
  findingsTouched,
  fixText,
  formatNames,
  isFormatName,
  parseIsoDay,
  type ResolvedConfig,
  resolveTargets,
  ruleDocsUrl,
  rules,
  trustedConfigLocations,
  visibleText,
} from '@lsst-kube/core';
import { nodeConfigFileSystem } from '@lsst-kube/core/kube/config';
import { FolderManifests, KustomizeBases, SiblingImages } from '@lsst-kube/core/render';
import type { CheckFlagSpecs } from '../commands/check-flags.ts';
import { type ChangedFiles, readChangedFiles } from './changed-since.ts';
import { applyBaseline, planBaseline, readBaseline, recordFingerprints } from './check-baseline.ts';
import { isInsideChart, planCharts, runChartCheck } from './check-charts.ts';
import { usesClusterFlags } from './check-cluster-flags.ts';
import { checkInWorkers, type FileToCheck, type WorkerSetup, workersAvailable } from './check-workers.ts';
import { assertPathsExist, collectFiles } from './collect-files.ts';
import { tuneCompilerForInput } from './compiler-tuning.ts';
import { CliError, ExitCode } from './errors.ts';
import type { FlagValues } from './flag-spec.ts';
import { type CliIo, colorAllowed } from './io.ts';
import { assertOutputPath, ReportStream } from './output.ts';
import { decodeText, type ReadOutcome, readInputBytes, readInputFile, tooLarge } from './read-input.ts';
import { describeMode, isSameFile, readOnlyModeOf, writeFileAtomically } from './write-file.ts';

export type CheckFlags = FlagValues<CheckFlagSpecs>;

/** The name standard input goes by in reports when `--stdin-filename` is not given. */
export const stdinName = '<stdin>';

interface CheckRequest {
  format: FormatName;
  paths: string[];
  readsStdin: boolean;
  kustomizations: string[];
  now: Date | undefined;
  targets: string[] | undefined;
}

/** Runs the check; returns the exit code. Throws CliError (and core's ConfigError/UsageError) for usage problems. */
export async function runCheck(flags: CheckFlags, args: readonly string[], io: CliIo): Promise<number> {
  // With files to check, --namespace is the release namespace of the charts rendered, not a cluster's.
  const namespaceForCharts =
    flags.namespace !== undefined && !flags.cluster && (args.length > 0 || flags['helm-chart'].length > 0);
  if (usesClusterFlags(namespaceForCharts ? { ...flags, namespace: undefined } : flags)) {
    if (flags['context-aware']) {
      throw new CliError(
        '--context-aware compares files with the kube context; it does not go with --cluster, --namespace, --all-namespaces or --request-timeout, which check the cluster itself. Drop one or the other.',
        ExitCode.usage,
      );
    }
    return (await import('./check-cluster.ts')).runClusterCheck(flags, args, io);
  }
  const request = validate(flags, args, io.env);
  const cwd = io.cwd;
  await assertPathsExist(request.paths, cwd);
  await assertPathsExist(request.kustomizations, cwd);
  assertValuesFilesExist(flags.values, cwd);
  if (flags.output !== undefined) {
    assertOutputPath(flags.output, cwd);
    await assertOutputIsNoInput(flags.output, request.paths, cwd, flags['follow-symlinks']);
  }

  const resolver = createConfigResolver(flags.config, io.env, cwd);
  const targetsChecked = new WeakSet<ResolvedConfig>();
  const configFor = async (directory: string): Promise<ResolvedConfig> => {
    const config = await resolver.forDirectory(toPosix(resolve(cwd, directory)));
    if (!targetsChecked.has(config)) {
      // Throws a UsageError naming the known clusters when a --target is unknown.
      resolveTargets(config, { targets: request.targets, allTargets: flags['all-targets'] });
      targetsChecked.add(config);
    }
    return config;
  };
  // A wrong configuration or --target is reported before any file is read.
  const firstConfig = await configFor(
    flags.config !== undefined ? cwd : request.paths[0] ? dirname(resolve(cwd, request.paths[0])) : cwd,
  );
  // So is a baseline that cannot be read.
  const baselinePlan = planBaseline(flags, firstConfig, cwd, (path) => displayPath(path, cwd));
  const baselineEntries = baselinePlan
    ? await readBaseline(
        baselinePlan,
        flags.baseline !== undefined ? '--baseline' : `named in ${firstConfig.baselineSource ?? '.lsst.yaml'}`,
      )
    : [];
  // Baselines and SARIF recognise a finding by its offending text, read while the text is at hand.
  const fingerprinted = baselinePlan !== undefined || request.format === 'sarif';
  // CRD files and folders: --crd from the working directory, the configuration's from its own folder.
  const crdSource = firstConfig.customResourceDefinitionsSource ?? firstConfig.source;
  const configDirectory = crdSource !== undefined ? dirname(resolve(cwd, crdSource)) : cwd;
  const crdPaths = [
    ...flags.crd,
    ...firstConfig.customResourceDefinitions.map((path) => displayPath(resolve(configDirectory, path), cwd)),
  ];
  await assertPathsExist(crdPaths, cwd);

  // Read once, before any file: a kubeconfig problem is a usage error, as in `context` commands.
  const contextNamespace = flags['context-aware']
    ? await (await import('./context-namespace.ts')).contextNamespace(flags, io)
    : undefined;

  // Notices name files, whose names may hold anything: one line each, no control characters.
  const notice = (message: string) => io.stderr.write(`kubectl-lsst: ${visibleText(message)}\n`);
  // A baseline is matched against every finding of the run: only then are the results held until the end.
  const results: CheckResult[] = [];
  const texts = new Map<string, string>();
  const changes =
    flags['changed-since'] !== undefined ? readChangedFiles(flags['changed-since'], cwd, notice) : undefined;
  // Findings outside the change: matched with the baseline first (so that its entries are not taken for fixed), then dropped.
  const outsideChanges = new WeakSet<Finding>();
  let fixedFindings = 0;
  let fixedFiles = 0;

  const excluded: string[] = [];
  const collected = await allOf(
    collectFiles(request.paths, {
      cwd,
      notice,
      followSymlinks: flags['follow-symlinks'],
      excludeFor: async (folder) => excludeMatcher((await configFor(folder)).exclude),
      excluded: (shown) => excluded.push(shown),
    }),
  );
  if (excluded.length > 0) notice(excludedNote(excluded));
  // A path that holds nothing to check is most often the wrong path: a silent green run would hide it.
  if (collected.length === 0 && request.paths.length > 0 && changes === undefined && excluded.length === 0) {
    notice(
      `warning: nothing to check in ${request.paths.join(', ')}: no Kubernetes manifests (YAML or JSON), Dockerfiles or Helm charts were found.`,
    );
  }
  // Custom resources are validated through every CRD in sight: --crd first, then the checked files.
  const { catalog: customResources, sources: crdFiles } = await readCustomResources(
    [...(await collectCrdFiles(crdPaths, cwd, notice, flags['follow-symlinks'])), ...collected],
    cwd,
    notice,
  );

  const kustomizeBases = new KustomizeBases();
  const siblingImages = new SiblingImages();
  const folderManifests = new FolderManifests();

  const maxWarnings = flags['max-warnings'];
  const report = await ReportStream.open(
    createReport(request.format, {
      rules: rules.map((rule) => ({ ...rule, helpUri: ruleDocsUrl(rule.name) })),
      cwd,
      showSuppressed: flags['show-suppressed'],
      color: flags.output === undefined && colorAllowed(io, 'stdout'),
      ...(maxWarnings !== undefined && maxWarnings >= 0 ? { maxWarnings } : {}),
      ...(baselinePlan ? { baselineUsed: true } : {}),
    }),
    { output: flags.output, cwd, writer: io.stdout },
  );
  // Each file's findings are written once it is checked (and then dropped), unless a baseline waits for them all.
  const emit = async (result: CheckResult, text: string | undefined): Promise<void> => {
    const kept = request.format === 'stylish' ? text : undefined;
    if (baselinePlan) {
      results.push(result);
      if (kept !== undefined && result.findings.some((finding) => flags['show-suppressed'] || !finding.suppression)) {
        texts.set(result.path, kept);
      }
      return;
    }
    if (changes) result.findings = result.findings.filter((finding) => !outsideChanges.has(finding));
    await report.add(result, kept);
  };

  const checkOne = async (shown: string, text: string, config: ResolvedConfig, writable: string | undefined) => {
    const kind = detectDocumentKind(shown);
    const options = {
      customResources,
      ...(writable !== undefined ? kustomizeBases.optionsFor(writable) : {}),
      ...(writable !== undefined && kind === 'dockerfile' ? siblingImages.optionsFor(writable) : {}),
      ...(writable !== undefined && kind !== 'dockerfile' ? folderManifests.optionsFor(writable) : {}),
      config,
      targets: targetNames(config, request.targets, flags['all-targets']),
      ...(request.now ? { now: request.now } : {}),
      ...(contextNamespace !== undefined ? { contextNamespace } : {}),
    };
    const input = { path: shown, text, ...(kind ? { kind } : {}) };
    // fixText checks, fixes pass by pass (overlapping fixes wait for the next one) and never
    // touches a file with a syntax error; without --fix it is the check alone.
    const fixed = flags.fix ? fixText(input, options) : undefined;
    let result = fixed ? fixed.initial : checkText(input, options);
    if (fixed && fixed.applied > 0) {
      const { applied, text: fixedText, result: fixedResult } = fixed;
      const readOnly = applied > 0 && writable !== undefined ? await readOnlyModeOf(writable) : undefined;
      if (readOnly !== undefined) {
        notice(
          `${shown}: ${applied} fixable finding(s) not fixed, since the file is read-only (${describeMode(readOnly)}). Make it writable (chmod u+w) to fix it.`,
        );
      } else if (isJson(text) && !isJson(fixedText)) {
        // Entries added to a JSON mapping are written as JSON; should a fix still write YAML, the file would no
        // longer be JSON, and kubectl would refuse it.
        notice(
          `${shown}: ${applied} fixable finding(s) not fixed, since the fixes would make this JSON file invalid JSON. Fix them by hand.`,
        );
      } else if (applied > 0 && writable !== undefined) {
        await writeFileAtomically(writable, fixedText, shown, text);
        fixedFindings += applied;
        fixedFiles += 1;
        text = fixedText;
        result = fixedResult;
      } else if (applied > 0) {
        notice(`${shown}: ${applied} fixable finding(s) not fixed, since it is not a file that can be written.`);
      }
    }
    if (fingerprinted) recordFingerprints(result, text);
    if (changes && writable !== undefined) markOutsideChanges(result, text, changes, writable, outsideChanges);
    result = keepWanted(result, flags.quiet);
    await emit(result, text);
    return result;
  };

  try {
    if (request.readsStdin) {
      const shown = flags['stdin-filename'] ?? stdinName;
      const directory = flags['stdin-filename'] !== undefined ? dirname(resolve(cwd, shown)) : cwd;
      const config = await configFor(directory);
      const bytes = await readAllBytes(io, config.limits.maxFileSize);
      const outcome =
        bytes === undefined
          ? tooLarge(config.limits.maxFileSize + 1, config.limits.maxFileSize, true)
          : decodeText(bytes);
      if (outcome.ok) await checkOne(shown, outcome.text, config, undefined);
      else await emit(unreadableResult(shown, outcome), undefined);
    }
    for (const directory of request.kustomizations) {
      const shown = `kustomize:${toPosix(directory)}`;
      const config = await configFor(directory);
      const text = await renderKustomization(directory, cwd, io, config.limits.maxFileSize);
      await checkOne(shown, text, config, undefined);
    }
    // Charts are rendered and their objects checked; their own files are never checked as manifests.
    const chartPlan = flags['no-render'] ? undefined : planCharts(collected, flags['helm-chart'], request.paths, cwd);
    if (chartPlan) {
      const charts = await runChartCheck(chartPlan, {
        cwd,
        env: io.env,
        display: (path) => displayPath(path, cwd),
        configFor,
        targets: (config) => targetNames(config, request.targets, flags['all-targets']),
        helm: flags.helm,
        valuesFiles: flags.values,
        set: flags.set,
        namespace: namespaceForCharts ? flags.namespace : undefined,
        releaseName: flags['release-name'],
        now: request.now,
        notice,
        verbose: flags.verbose,
        otherInput:
          request.readsStdin ||
          request.kustomizations.length > 0 ||
          collected.some((path) => !isInsideChart(path, chartPlan, cwd)),
      });
      for (const result of charts.results) {
        if (fingerprinted) recordFingerprints(result, charts.texts.get(result.path));
        if (changes) markOutsideChangedLines(result, changes, cwd, outsideChanges);
        await emit(keepWanted(result, flags.quiet), charts.texts.get(result.path));
      }
    }
    const files: FileToCheck[] = [];
    for (const path of collected) {
      if (chartPlan && isInsideChart(path, chartPlan, cwd)) continue;
      const absolute = resolve(cwd, path);
      if (changes && !changes.files.has(absolute)) continue;
      files.push({ path, absolute });
    }
    // Every folder's configuration is read before the first file is checked: an error in one is
    // reported before any of the report is written (and with --jobs, found in this thread).
    for (const directory of new Set(files.map((file) => dirname(file.absolute)))) await configFor(directory);
    await tuneCompilerForInput(files.map((file) => file.absolute));
    const jobs = jobsFor(flags, files.length, changes !== undefined);
    if (jobs > 1) {
      const setup: WorkerSetup = {
        cwd,
        env: { ...io.env },
        configFlag: flags.config,
        targets: request.targets,
        allTargets: flags['all-targets'],
        now: request.now?.toISOString(),
        contextNamespace,
        crdFiles,
        fingerprinted,
        quiet: flags.quiet,
        keepTexts: request.format === 'stylish',
        showSuppressed: flags['show-suppressed'],
      };
      await checkInWorkers(files, jobs, setup, async ({ result, text }) => {
        if (flags.verbose && result.skipped) notice(`skipped ${result.path}: ${result.skipped}.`);
        await emit(result, text);
      });
    }
    if (jobs <= 1) {
      await checkInOrder(files, async ({ path, absolute }) => {
        const config = await configFor(dirname(absolute));
        const outcome = await readInputFile(absolute, config.limits.maxFileSize);
        if (!outcome.ok) {
          await emit(unreadableResult(path, outcome), undefined);
          return;
        }
        const checked = await checkOne(path, outcome.text, config, absolute);
        if (flags.verbose && checked.skipped) notice(`skipped ${path}: ${checked.skipped}.`);
      });
    }

    if (baselinePlan) {
      const outcome = await applyBaseline(baselinePlan, baselineEntries, results, cwd);
      for (const line of outcome.notices) notice(line);
      for (const result of results) {
        if (changes) result.findings = result.findings.filter((finding) => !outsideChanges.has(finding));
        await report.add(result, texts.get(result.path));
      }
    }
    await report.finish();
  } catch (error) {
    await report.discard();
    throw error;
  }
  if (flags.fix) {
    const summary =
      fixedFindings === 0
        ? 'no fixable findings'
        : `fixed ${fixedFindings} finding${fixedFindings === 1 ? '' : 's'} in ${fixedFiles} file${fixedFiles === 1 ? '' : 's'}`;
    io.stderr.write(`kubectl-lsst: ${summary}.\n`);
  }
  const { errors, warnings } = report.summary;
  if (errors > 0) return ExitCode.findings;
  if (maxWarnings !== undefined && maxWarnings >= 0 && warnings > maxWarnings) return ExitCode.findings;
  return ExitCode.ok;
}

// The loops over every file live in functions of their own: in runCheck, V8 optimised that whole long
// function for the loop's sake (twice, tens of milliseconds each), where these small ones cost little.
async function allOf<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function checkInOrder(files: readonly FileToCheck[], check: (file: FileToCheck) => Promise<void>): Promise<void> {
  for (const file of files) await check(file);
}

// Below this many files, starting worker threads (each loads the engine) costs more than it saves.
const filesWorthWorkers = 64;
// A one-thread check already keeps a second CPU half busy (V8 collects garbage and compiles on
// helper threads): on two CPUs, two workers measured slower (docs/performance.md), so they need four.
const cpusWorthWorkers = 4;
// Each worker holds its own engine (tens of MiB): more than this only costs memory.
const maxJobs = 16;

/** The worker threads to check the files with: --jobs, else the default for this many files and CPUs. */
function jobsFor(flags: CheckFlags, fileCount: number, changedOnly: boolean): number {
  // --fix writes files and --changed-since marks findings between files: both stay in this thread.
  if (flags.fix || changedOnly || fileCount < 2 || !workersAvailable()) return 1;
  if (flags.jobs !== undefined) return flags.jobs;
  return defaultJobs(fileCount, availableParallelism());
}

/** Without --jobs: two workers for many files on a machine with CPUs to spare, else one thread. */
export function defaultJobs(fileCount: number, cpus: number): number {
  return fileCount >= filesWorthWorkers && cpus >= cpusWorthWorkers ? 2 : 1;
}

/** How `check` finds the configuration of each folder (the worker threads of --jobs make their own). */
export function createConfigResolver(configFlag: string | undefined, env: CliIo['env'], cwd: string): ConfigResolver {
  return new ConfigResolver(nodeConfigFileSystem, {
    explicitPath: configFlag,
    env: env.LSST_CONFIG,
    homeDirectory: env.HOME ?? homedir(),
    ...trustedConfigLocations(env, env.HOME ?? homedir()),
    workingDirectory: toPosix(cwd),
    knownRules: rules.map((rule) => rule.name),
    displayPath: (path) => displayPath(path, cwd),
  });
}

/**
 * -f is --values, as in helm; it was --format before, so `-f json` in an older script is told
 * what to write instead of being read as a values file that does not exist.
 */
function assertValuesFilesExist(valuesFiles: readonly string[], cwd: string): void {
  for (const file of valuesFiles) {
    let isFile = false;
    try {
      isFile = statSync(resolve(cwd, file)).isFile();
    } catch {
      // Reported below, with what to do.
    }
    if (isFile) continue;
    const shown = visibleText(file);
    const formatHint = isFormatName(file)
      ? ` -f gives a Helm values file (as in helm); for the output format write --format ${shown}.`
      : ' Give an existing Helm values file to --values (-f).';
    throw new CliError(`the values file "${shown}" does not exist or is not a file.${formatHint}`);
  }
}

async function collectCrdFiles(
  paths: readonly string[],
  cwd: string,
  notice: (message: string) => void,
  followSymlinks: boolean,
): Promise<string[]> {
  const files: string[] = [];
  for await (const path of collectFiles(paths, { cwd, notice, followSymlinks })) files.push(path);
  return files;
}

/** The CRDs in the files, read within the default size limit; a file that cannot be read is left to its check. */
async function readCustomResources(
  paths: readonly string[],
  cwd: string,
  notice: (message: string) => void,
): Promise<{ catalog: CustomResourceCatalog; sources: FileToCheck[] }> {
  const catalog = new CustomResourceCatalog();
  const sources: FileToCheck[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    if (seen.has(absolute) || detectDocumentKind(path) !== 'manifest') continue;
    seen.add(absolute);
    // Most files name no CRD: told from their bytes, without decoding them.
    const read = readInputBytes(absolute, crdFileLimit);
    if (!read.ok || !read.bytes.includes(crdKind)) continue;
    const outcome = decodeText(read.bytes);
    if (!outcome.ok) continue;
    try {
      if (addDefinitionsFromText(catalog, outcome.text, path) > 0) sources.push({ path, absolute });
    } catch (error) {
      notice(
        `${path}: its CustomResourceDefinitions could not be read (${describeFailure(error)}); objects of their kinds are not validated.`,
      );
    }
  }
  return { catalog, sources };
}

const crdFileLimit = 10 * 1024 * 1024;
const crdKind = 'CustomResourceDefinition';

function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function validate(flags: CheckFlags, args: readonly string[], env: CliIo['env']): CheckRequest {
  if (!isFormatName(flags.format)) {
    throw new CliError(
      `unknown format "${visibleText(flags.format)}".${didYouMean(flags.format, formatNames)} Valid formats: ${formatNames.join(', ')}.`,
    );
  }
  const now = checkDate(flags, env);
  if (flags.jobs !== undefined && (flags.jobs < 1 || flags.jobs > maxJobs)) {
    throw new CliError(`--jobs must be from 1 to ${maxJobs}, not ${flags.jobs}.`);
  }
  if (flags['max-warnings'] !== undefined && flags['max-warnings'] < -1) {
    throw new CliError(`--max-warnings must be 0 or more (or -1 for no limit), not ${flags['max-warnings']}.`);
  }
  const stdinCount = args.filter((arg) => arg === '-').length;
  if (stdinCount > 1) throw new CliError('standard input (-) can be named only once.');
  if (flags['stdin-filename'] !== undefined && stdinCount === 0) {
    throw new CliError('--stdin-filename names the text read from standard input: add - to the paths.');
  }
  const paths = args.filter((arg) => arg !== '-');
  // The changed files are found in the working directory when no path narrows them.
  if (args.length === 0 && flags['changed-since'] !== undefined) paths.push('.');
  if (paths.length === 0 && stdinCount === 0 && flags.kustomize.length === 0 && flags['helm-chart'].length === 0) {
    throw new CliError(
      'nothing to check. Name files or folders (e.g. `kubectl lsst check .`), - for standard input, or -k DIR for a kustomization.',
      ExitCode.usage,
      { guide: true },
    );
  }
  const targets = flags.target.length > 0 ? flags.target.flatMap((value) => value.split(',')) : undefined;
  return { format: flags.format, paths, readsStdin: stdinCount === 1, kustomizations: flags.kustomize, now, targets };
}

/** Marks the findings of a file that the change since the ref does not touch. */
function markOutsideChanges(
  result: CheckResult,
  text: string,
  changes: ChangedFiles,
  absolute: string,
  outside: WeakSet<Finding>,
): void {
  const changed = changes.files.get(absolute);
  if (changed === 'all') return;
  const touched = new Set(changed ? findingsTouched(result.findings, text, result.kind, changed) : []);
  for (const finding of result.findings) if (!touched.has(finding)) outside.add(finding);
}

/** For rendered charts, whose findings sit on templates and values files: only changed lines count. */
function markOutsideChangedLines(
  result: CheckResult,
  changes: ChangedFiles,
  cwd: string,
  outside: WeakSet<Finding>,
): void {
  for (const finding of result.findings) {
    const changed = changes.files.get(resolve(cwd, finding.file));
    if (changed === 'all') continue;
    let touched = false;
    for (let line = finding.start.line; changed && line <= finding.end.line; line++) {
      if (changed.lines.has(line)) touched = true;
    }
    if (!touched) outside.add(finding);
  }
}

function isJson(text: string): boolean {
  if (!/^\s*[{[]/.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** `-o` naming a file that is checked would replace it with the report: refused before anything is read. */
async function assertOutputIsNoInput(
  output: string,
  paths: readonly string[],
  cwd: string,
  followSymlinks: boolean,
): Promise<void> {
  const outputPath = resolve(cwd, output);
  const refuse = (input: string) =>
    new CliError(
      `-o ${output} is ${input === output ? 'also' : `${input},`} one of the files checked: the report would replace it. Nothing was changed; write the report to another file.`,
    );
  for (const path of paths) if (isSameFile(outputPath, resolve(cwd, path))) throw refuse(path);
  // A file that exists may also be found in a checked folder.
  if (!isExistingFile(outputPath)) return;
  for await (const path of collectFiles(paths, { cwd, notice: () => {}, followSymlinks })) {
    if (isSameFile(outputPath, resolve(cwd, path))) throw refuse(path);
  }
}

function isExistingFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function targetNames(config: ResolvedConfig, targets: string[] | undefined, allTargets: boolean): string[] {
  return resolveTargets(config, { targets, allTargets }).map((cluster) => cluster.name);
}

export function keepWanted(result: CheckResult, quiet: boolean): CheckResult {
  if (!quiet) return result;
  return { ...result, findings: result.findings.filter((finding) => finding.severity === 'error') };
}

/** One `input/invalid` finding for a file that could not be read as text. */
export function unreadableResult(path: string, outcome: Extract<ReadOutcome, { ok: false }>): CheckResult {
  const rule = rules.find((candidate) => candidate.name === 'input/invalid');
  const position = { line: outcome.line, column: outcome.column };
  const finding: Finding = {
    rule: 'input/invalid',
    severity: 'error',
    message: outcome.message,
    file: path,
    range: [0, 0],
    start: position,
    end: position,
    guideline: rule?.guideline ?? '',
    helpUri: ruleDocsUrl('input/invalid'),
  };
  return { path, kind: detectDocumentKind(path) ?? 'manifest', findings: [finding] };
}

/** Standard input, or undefined once it passes `maxBytes` (then it is not read further). */
async function readAllBytes(io: CliIo, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of io.stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(bytes);
    total += bytes.length;
    if (total > maxBytes) return undefined;
  }
  return Buffer.concat(chunks, total);
}

/** `kubectl kustomize DIR`, with the kubectl on PATH (or $KUBECTL). */
async function renderKustomization(directory: string, cwd: string, io: CliIo, maxBytes: number): Promise<string> {
  // Loaded here only (kustomizations are rare), and synchronously: the bundle runs from a code cache without import().
  const { execFile } = process.getBuiltinModule('node:child_process') as typeof import('node:child_process');
  const kubectl = io.env.KUBECTL ?? 'kubectl';
  return new Promise((resolvePromise, reject) => {
    execFile(
      kubectl,
      ['kustomize', directory],
      { cwd, env: { ...io.env } as NodeJS.ProcessEnv, maxBuffer: maxBytes, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) {
          resolvePromise(stdout);
          return;
        }
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          reject(
            new CliError(
              `-k ${directory}: kubectl was not found on PATH, and it renders kustomizations. Install kubectl, or render with \`kustomize build ${directory} | kubectl lsst check -\`.`,
            ),
          );
          return;
        }
        const reason = (stderr || error.message).trim().replace(/^error: /, '');
        reject(
          new CliError(
            `-k ${directory}: \`kubectl kustomize\` failed: ${reason}. Fix the kustomization and run again.`,
          ),
        );
      },
    );
  });
}

/** How messages name a file: relative to the working directory when inside it. */
function displayPath(path: string, cwd: string): string {
  const relativePath = relative(cwd, path);
  return toPosix(
    relativePath === '' || relativePath.startsWith('..') || isAbsolute(relativePath) ? path : relativePath,
  );
}

function toPosix(path: string): string {
  return sep === '\\' ? path.replaceAll('\\', '/') : path;
}

/** The check date: --now, else LSST_NOW (which pins it for a whole CI job or a documented session), else today. */
export function checkDate(flags: Pick<CheckFlags, 'now'>, env: CliIo['env']): Date | undefined {
  const text = flags.now ?? (env.LSST_NOW?.trim() || undefined);
  if (text === undefined) return undefined;
  const day = parseIsoDay(text);
  if (day) return day;
  const source = flags.now !== undefined ? '--now ' : 'LSST_NOW=';
  throw new CliError(
    `${source.trim().replace(/=$/, '')} "${text}" is not a date. Give it as YYYY-MM-DD, e.g. ${source}2025-06-30.`,
  );
}

/** One note for what the configuration's `exclude` left out of the folders checked: never a silent skip. */
function excludedNote(excluded: readonly string[]): string {
  const shown =
    excluded.length > 5 ? `${excluded.slice(0, 5).join(', ')} and ${excluded.length - 5} more` : excluded.join(', ');
  return `info: not checked, as test data of the repository's own tests (exclude in .lsst.yaml; by default folders named tests, testdata, test-data, test_data, __tests__ and fixtures): ${shown}. Name a file or folder to check it, or set exclude: [] to check everything.`;
}
