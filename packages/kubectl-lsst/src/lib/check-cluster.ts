// `kubectl lsst check --cluster`: reads what is deployed and runs the same rules on it. Findings
// name kind, namespace and name (the formatters show them instead of file positions).
import {
  type CheckResult,
  checkText,
  didYouMean,
  formatChunks,
  formatNames,
  isFormatName,
  type PortRequestStatus,
  resolveTargets,
  ruleDocsUrl,
  rules,
} from '@lsst-kube/core';
import {
  type ClusterReadResult,
  clusterCheckInputs,
  clusterOfContext,
  fetchPortRequestStatuses,
  isClusterError,
  type ReadProgress,
  readClusterObjects,
} from '@lsst-kube/core/kube';
import { runClusterCommand } from './cluster-session.ts';
import { CliError, ExitCode } from './errors.ts';
import { type CliIo, colorAllowed } from './io.ts';
import { assertOutputPath, writeChunks, writeReportFile } from './output.ts';
import { type CheckFlags, checkDate } from './run-check.ts';

/** A one-line bar on stderr, redrawn in place; nothing at all when stderr is not a terminal. */
function progressBar(io: CliIo): { update(progress: ReadProgress): void; done(): void } {
  if (!io.isTTY.stderr) return { update: () => {}, done: () => {} };
  const width = 24;
  let drawn = false;
  return {
    update: ({ done, total, namespace }) => {
      const filled = total === 0 ? width : Math.round((done / total) * width);
      const label = namespace ? ` ${namespace}` : '';
      io.stderr.write(
        `\r\x1b[KReading the cluster [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} namespaces${label}`,
      );
      drawn = true;
    },
    done: () => {
      if (drawn) io.stderr.write('\r\x1b[K');
    },
  };
}

function describeSkipped(read: ClusterReadResult): string[] {
  const lines: string[] = [];
  if (read.skippedNamespaces.length > 0)
    lines.push(
      `skipped namespace${read.skippedNamespaces.length === 1 ? '' : 's'} you may not read (403 Forbidden): ${read.skippedNamespaces.join(', ')}. The others were checked.`,
    );
  for (const skip of read.skipped) {
    if (skip.namespace !== undefined && read.skippedNamespaces.includes(skip.namespace) && skip.reason === 'forbidden')
      continue;
    const where = skip.namespace === undefined ? 'cluster-wide' : `in namespace ${skip.namespace}`;
    const why = skip.reason === 'forbidden' ? 'you may not list them (403 Forbidden)' : skip.reason;
    lines.push(`not checked ${where}: ${skip.resources.join(', ')} (${why}).`);
  }
  return lines;
}

export async function runClusterCheck(flags: CheckFlags, args: readonly string[], io: CliIo): Promise<number> {
  if (!flags.cluster)
    throw new CliError(
      '-A, --context, --kubeconfig and --request-timeout (and -n, unless it names the release namespace of charts checked) go with --cluster: add --cluster to check what is deployed.',
    );
  if (args.length > 0 || flags.kustomize.length > 0)
    throw new CliError('--cluster checks what is deployed, not files: give either paths or --cluster, not both.');
  if (flags.namespace !== undefined && flags['all-namespaces'])
    throw new CliError('-n and -A cannot go together: -n checks one namespace, -A all of them.');
  if (flags.fix)
    throw new CliError(
      '--fix changes files; with --cluster there is no file to fix. Fix the manifests the objects come from.',
    );
  if (flags.output !== undefined) assertOutputPath(flags.output, io.cwd);
  if (!isFormatName(flags.format))
    throw new CliError(
      `unknown format "${flags.format}".${didYouMean(flags.format, formatNames)} Valid formats: ${formatNames.join(', ')}.`,
    );
  const format = flags.format;
  const now = checkDate(flags, io.env);

  return runClusterCommand(io, flags, async (session) => {
    const { config, connection } = session;
    const notice = (message: string) => session.err(`kubectl-lsst: ${message}\n`);
    // The cluster the context points at decides the API versions and the registry rules.
    let targets: string[];
    const explicitTargets = flags.target.flatMap((value) => value.split(','));
    if (explicitTargets.length > 0 || flags['all-targets']) {
      targets = resolveTargets(config, { targets: explicitTargets, allTargets: flags['all-targets'] }).map(
        (c) => c.name,
      );
    } else {
      const matched = clusterOfContext(config, connection.context).cluster;
      if (matched) targets = [matched.name];
      else {
        targets = resolveTargets(config, {}).map((c) => c.name);
        notice(
          `context "${connection.context.name}" matches no cluster of the configuration; checking against ${targets.join(', ')}. Add it under clusters[].match in .lsst.yaml.`,
        );
      }
    }

    const bar = progressBar(io);
    let read: ClusterReadResult;
    try {
      read = await readClusterObjects({
        connection,
        namespace: flags.namespace,
        allNamespaces: flags['all-namespaces'],
        // Custom objects are read for their schema check; with that rule off, they are not read at all.
        customResources: config.rules['input/schema']?.severity !== 'off',
        onProgress: bar.update,
      });
    } finally {
      bar.done();
    }

    let portRequests: ReadonlyMap<string, PortRequestStatus> | undefined;
    try {
      portRequests = await fetchPortRequestStatuses(connection, config.portRequests.namespace);
    } catch (error) {
      if (!isClusterError(error) || error.code !== 'forbidden') throw error;
      notice(`could not read the port requests (namespace ${config.portRequests.namespace}): ${error.message}`);
    }

    const results: CheckResult[] = [];
    const texts = new Map<string, string>();
    for (const input of clusterCheckInputs(read)) {
      let result = checkText(
        { path: input.path, text: input.text, kind: 'manifest' },
        {
          config,
          targets,
          customResources: read.customResources,
          ...(now ? { now } : {}),
          ...(portRequests ? { portRequests } : {}),
        },
      );
      if (flags.quiet) result = { ...result, findings: result.findings.filter((f) => f.severity === 'error') };
      results.push(result);
      if (format === 'stylish' && result.findings.length > 0) texts.set(input.path, input.text);
    }

    const maxWarnings = flags['max-warnings'];
    const output = formatChunks(format, {
      results,
      rules: rules.map((rule) => ({ ...rule, helpUri: ruleDocsUrl(rule.name) })),
      cwd: io.cwd,
      texts,
      showSuppressed: flags['show-suppressed'],
      color: flags.output === undefined && colorAllowed(io, 'stdout'),
      ...(maxWarnings !== undefined && maxWarnings >= 0 ? { maxWarnings } : {}),
    });
    if (flags.output !== undefined) await writeReportFile(flags.output, io.cwd, output);
    else await writeChunks(io.stdout, output);

    const objects = results.length;
    notice(
      `checked ${objects} object${objects === 1 ? '' : 's'} in ${read.namespaces.length} namespace${read.namespaces.length === 1 ? '' : 's'} of context "${connection.context.name}" against ${targets.join(', ')}${read.collapsed > 0 ? ` (${read.collapsed} made by controllers judged at their owners)` : ''}.`,
    );
    const skippedLines = describeSkipped(read);
    for (const line of skippedLines) notice(line);
    // An incomplete check must not pass silently: what could not be read ends with exit 3.
    if (read.skippedNamespaces.length > 0) return ExitCode.clusterUnreachable;
    let errors = 0;
    let warnings = 0;
    for (const result of results)
      for (const finding of result.findings) {
        if (finding.suppression) continue;
        if (finding.severity === 'error') errors++;
        else if (finding.severity === 'warning') warnings++;
      }
    if (errors > 0) return ExitCode.findings;
    if (maxWarnings !== undefined && maxWarnings >= 0 && warnings > maxWarnings) return ExitCode.findings;
    return ExitCode.ok;
  });
}
