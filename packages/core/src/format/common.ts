// What every output format shares: paths relative to the working directory, counting, locations.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { CheckResult } from '../engine/check.ts';
import type { Finding, ObjectLocation, Severity, SuppressionKind } from '../types.ts';
import type { FormatInput } from './index.ts';

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  suppressed: number;
  fixable: number;
}

/** Counts findings that are not suppressed by severity; suppressed ones only by number. */
export function summarize(input: Pick<FormatInput, 'results'>): Summary {
  const summary = emptySummary();
  for (const result of input.results) countInto(summary, result);
  return summary;
}

export function emptySummary(): Summary {
  return { errors: 0, warnings: 0, infos: 0, suppressed: 0, fixable: 0 };
}

/** Adds one file's findings to the totals, as summarize counts them. */
export function countInto(summary: Summary, result: CheckResult): void {
  for (const finding of result.findings) {
    if (finding.suppression) {
      summary.suppressed += 1;
      continue;
    }
    if (finding.severity === 'error') summary.errors += 1;
    else if (finding.severity === 'warning') summary.warnings += 1;
    else summary.infos += 1;
    // Only files can be fixed in place: not stdin's rendering, a kustomization or a cluster's objects.
    if (finding.fix && finding.fix.edits.length > 0 && !isLogicalName(result.path)) summary.fixable += 1;
  }
}

/** The findings a listing shows: suppressed ones only when asked for. */
export function listedFindings(findings: readonly Finding[], showSuppressed: boolean): Finding[] {
  return showSuppressed ? [...findings] : findings.filter((finding) => !finding.suppression);
}

// A scheme of two or more letters (`cluster:prod/...`), so that a Windows drive letter is still a path.
const logicalNamePattern = /^[A-Za-z][A-Za-z0-9+.-]+:/;

/** Whether a path names something other than a file, e.g. `cluster:prod` for a live cluster. */
export function isLogicalName(path: string): boolean {
  return logicalNamePattern.test(path);
}

/** Whether the finding points into a file; objects read from a live cluster do not. */
export function hasFilePosition(finding: Finding, path: string = finding.file): boolean {
  if (finding.start.line < 1) return false;
  return !(finding.object && isLogicalName(path));
}

/** A path relative to `cwd` with `/` separators; logical names and paths elsewhere stay as they are. */
export function displayPath(path: string, cwd: string): string {
  if (isLogicalName(path)) return path;
  const absolute = resolve(cwd, path);
  const relativePath = relative(cwd, absolute);
  if (relativePath === '') return '.';
  if (isAbsolute(relativePath)) return toPosix(absolute);
  return toPosix(relativePath);
}

function toPosix(path: string): string {
  return sep === '\\' ? path.replaceAll('\\', '/') : path;
}

/** `Deployment lsst-dev/web (app)`: how a reader names an object. */
export function describeObject(object: ObjectLocation): string {
  let text = object.kind;
  if (object.name !== undefined) {
    text += ` ${object.namespace !== undefined ? `${object.namespace}/` : ''}${object.name}`;
  } else if (object.namespace !== undefined) {
    text += ` in ${object.namespace}`;
  }
  if (object.container !== undefined) text += ` (${object.container})`;
  return text;
}

/** `Deployment/ns/name/container`, the SARIF fully qualified name; missing parts are left out. */
export function qualifiedObjectName(object: ObjectLocation): string {
  return [object.kind, object.namespace, object.name, object.container].filter((part) => part !== undefined).join('/');
}

// A chart shared by many applications is rendered for each of their environments: past this many, they are counted.
const environmentsListed = 8;

/** The message with the clusters it applies to, when it depends on them. */
export function messageWithClusters(finding: Finding): string {
  const listed = finding.environments?.slice(0, environmentsListed).join(', ') ?? '';
  const unlisted = (finding.environments?.length ?? 0) - environmentsListed;
  const environments =
    finding.environments && finding.environments.length > 0
      ? ` [${finding.environments.length === 1 ? 'environment' : 'environments'}: ${listed}${unlisted > 0 ? ` and ${unlisted} more` : ''}]`
      : '';
  if (!finding.clusters || finding.clusters.length === 0) return finding.message + environments;
  return `${finding.message} [${finding.clusters.length === 1 ? 'cluster' : 'clusters'}: ${finding.clusters.join(', ')}]${environments}`;
}

export const suppressionKindLabels: Record<SuppressionKind, string> = {
  inline: 'inline comment',
  file: 'file comment',
  annotation: 'annotation',
  configuration: 'configuration exemption',
  baseline: 'baseline',
};

export const severityOrder: readonly Severity[] = ['error', 'warning', 'info'];
