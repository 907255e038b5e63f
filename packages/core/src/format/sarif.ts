// The SARIF 2.1.0 format, for code scanning services; valid against the official schema.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { CheckResult } from '../engine/check.ts';
import { repositoryUrl, toolName, toolVersion } from '../meta.ts';
import type { Finding, ObjectLocation, RuleMeta, Severity, Suppression } from '../types.ts';
import { countInto, displayPath, emptySummary, hasFilePosition, isLogicalName, qualifiedObjectName } from './common.ts';
import type { FormatInput, Report, ReportOptions } from './index.ts';

export const sarifSchemaUri =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** The base that artifact URIs are relative to: the working directory of the run. */
export const sourceRootId = '%SRCROOT%';
/** Key of our entry in `partialFingerprints`; bump the suffix if the recipe changes. */
export const fingerprintKey = 'lsstFinding/v2';

const levels: Record<Severity, Sarif.ReportingConfiguration.level> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

export function toSarifLog(input: FormatInput): Sarif.Log {
  const log = sarifLogWithoutResults(input, unlistedRuleFindings(input));
  const run = log.runs[0];
  const ruleIndexes = ruleIndexesOf(run);
  run.results = input.results.flatMap((checked) => Array.from(sarifResults(checked, input, ruleIndexes)));
  return log;
}

/** One finding of each rule that the input's findings use and its rules do not list. */
export function unlistedRuleFindings(input: FormatInput): Finding[] {
  const listed = new Set(input.rules.map((rule) => rule.name));
  const unlisted: Finding[] = [];
  for (const checked of input.results) {
    for (const finding of checked.findings) {
      if (listed.has(finding.rule)) continue;
      listed.add(finding.rule);
      unlisted.push(finding);
    }
  }
  return unlisted;
}

/** The log with every listed rule (and a descriptor for each unlisted one), and `results` empty. */
function sarifLogWithoutResults(
  options: ReportOptions,
  unlisted: readonly Finding[],
): Sarif.Log & { runs: [Sarif.Run] } {
  const rules: Sarif.ReportingDescriptor[] = [];
  const ruleIds = new Set<string>();
  for (const rule of options.rules) {
    if (ruleIds.has(rule.name)) continue;
    ruleIds.add(rule.name);
    rules.push(describeRule(rule));
  }
  // A finding of a rule the caller did not list still gets a descriptor, so that ruleIndex holds.
  for (const finding of unlisted) {
    if (ruleIds.has(finding.rule)) continue;
    ruleIds.add(finding.rule);
    rules.push(describeUnlistedRule(finding));
  }
  return {
    $schema: sarifSchemaUri,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: toolName,
            version: toolVersion,
            semanticVersion: toolVersion,
            informationUri: repositoryUrl,
            rules,
          },
        },
        originalUriBaseIds: { [sourceRootId]: { uri: directoryUri(options.cwd) } },
        columnKind: 'utf16CodeUnits',
        results: [],
      },
    ],
  };
}

function ruleIndexesOf(run: Sarif.Run): Map<string, number> {
  const ruleIndexes = new Map<string, number>();
  for (const [index, rule] of (run.tool.driver.rules ?? []).entries()) ruleIndexes.set(rule.id, index);
  return ruleIndexes;
}

function* sarifResults(
  checked: CheckResult,
  options: ReportOptions,
  ruleIndexes: ReadonlyMap<string, number>,
): Generator<Sarif.Result> {
  const path = displayPath(checked.path, options.cwd);
  const artifact = artifactLocation(path);
  // Findings alike in everything the fingerprint reads are told apart by their order in the file.
  const occurrences = new Map<string, number>();
  for (const finding of checked.findings) {
    // A rule without a descriptor (possible only when the report is written as files are checked) has no index.
    const result = describeResult(finding, ruleIndexes.get(finding.rule), artifact, checked.path);
    const base = fingerprint(finding, path);
    const occurrence = (occurrences.get(base) ?? 0) + 1;
    occurrences.set(base, occurrence);
    result.partialFingerprints = { [fingerprintKey]: occurrence === 1 ? base : `${base}:${occurrence}` };
    if (options.baselineUsed) result.baselineState = finding.suppression?.kind === 'baseline' ? 'unchanged' : 'new';
    yield result;
  }
}

/**
 * The log of toSarifLog as `JSON.stringify(log, null, 2)` prints it, in pieces of one result each:
 * a log of any size is never one string. `unlisted`: findings of rules the options do not list.
 */
export function createSarifReport(options: ReportOptions, unlisted: readonly Finding[] = []): Report {
  const summary = emptySummary();
  const log = sarifLogWithoutResults(options, unlisted);
  const ruleIndexes = ruleIndexesOf(log.runs[0]);
  let first = true;
  return {
    openingHoldsTotals: false,
    summary,
    opening() {
      const whole = JSON.stringify(log, null, 2);
      // `results` is the last key of the only run: the results go between its brackets.
      const tail = '[]\n    }\n  ]\n}';
      if (!whole.endsWith(`"results": ${tail}`)) throw new Error('unexpected SARIF layout');
      return `${whole.slice(0, -tail.length)}[`;
    },
    count: (result) => countInto(summary, result),
    *render(checked) {
      for (const result of sarifResults(checked, options, ruleIndexes)) {
        yield `${first ? '' : ','}\n        ${JSON.stringify(result, null, 2).replaceAll('\n', '\n        ')}`;
        first = false;
      }
    },
    closing: () => `${first ? ']' : '\n      ]'}\n    }\n  ]\n}\n`,
  };
}

function describeRule(rule: RuleMeta & { helpUri: string }): Sarif.ReportingDescriptor {
  return {
    id: rule.name,
    name: friendlyName(rule.name),
    shortDescription: { text: rule.description },
    fullDescription: { text: `${rule.description} (DMTN-095 section ${rule.guideline})` },
    helpUri: rule.helpUri,
    help: {
      text: `${rule.description} See ${rule.helpUri}`,
      markdown: `${rule.description} [Documentation](${rule.helpUri})`,
    },
    defaultConfiguration: { level: levels[rule.defaultSeverity] },
    properties: { guideline: rule.guideline, appliesTo: [...rule.appliesTo], fixable: rule.fixable },
  };
}

function describeUnlistedRule(finding: Finding): Sarif.ReportingDescriptor {
  return {
    id: finding.rule,
    name: friendlyName(finding.rule),
    shortDescription: { text: finding.rule },
    helpUri: finding.helpUri,
    defaultConfiguration: { level: levels[finding.severity] },
    properties: { guideline: finding.guideline },
  };
}

/** `security/run-as-non-root` -> `SecurityRunAsNonRoot`, the readable identifier SARIF asks for. */
export function friendlyName(ruleName: string): string {
  return ruleName
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join('');
}

function describeResult(
  finding: Finding,
  ruleIndex: number | undefined,
  artifact: Sarif.ArtifactLocation | undefined,
  checkedPath: string,
): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: finding.rule,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: levels[finding.severity],
    message: { text: finding.message },
  };
  const location: Sarif.Location = {};
  if (artifact && hasFilePosition(finding, checkedPath)) {
    location.physicalLocation = {
      artifactLocation: artifact,
      region: {
        startLine: finding.start.line,
        startColumn: finding.start.column,
        // SARIF's end column is exclusive, as is the engine's end position.
        endLine: finding.end.line,
        endColumn: finding.end.column,
        charOffset: finding.range[0],
        charLength: Math.max(0, finding.range[1] - finding.range[0]),
      },
    };
  }
  if (finding.object) location.logicalLocations = [describeObject(finding.object)];
  if (location.physicalLocation || location.logicalLocations) result.locations = [location];
  const related = (finding.related ?? []).flatMap((place, index): Sarif.Location[] => {
    const relatedArtifact = artifactLocation(place.file);
    if (!relatedArtifact) return [];
    return [
      {
        id: index,
        message: { text: place.message },
        physicalLocation: {
          artifactLocation: relatedArtifact,
          region: {
            startLine: place.start.line,
            startColumn: place.start.column,
            endLine: place.end.line,
            endColumn: place.end.column,
          },
        },
      },
    ];
  });
  if (related.length > 0) result.relatedLocations = related;
  if (artifact && finding.fix && finding.fix.edits.length > 0) {
    result.fixes = [
      {
        description: { text: finding.fix.description },
        artifactChanges: [
          {
            artifactLocation: artifact,
            replacements: finding.fix.edits.map((edit) => ({
              deletedRegion: { charOffset: edit.range[0], charLength: Math.max(0, edit.range[1] - edit.range[0]) },
              insertedContent: { text: edit.text },
            })),
          },
        ],
      },
    ];
  }
  if (finding.suppression) result.suppressions = [describeSuppression(finding.suppression)];

  const properties: Sarif.PropertyBag = { guideline: finding.guideline };
  if (finding.clusters && finding.clusters.length > 0) properties.clusters = [...finding.clusters];
  if (finding.environments && finding.environments.length > 0) properties.environments = [...finding.environments];
  result.properties = properties;
  return result;
}

function describeObject(object: ObjectLocation): Sarif.LogicalLocation {
  const properties: Sarif.PropertyBag = {};
  for (const key of ['apiVersion', 'kind', 'namespace', 'name', 'container'] as const) {
    if (object[key] !== undefined) properties[key] = object[key];
  }
  return {
    name: object.container ?? object.name ?? object.kind,
    fullyQualifiedName: qualifiedObjectName(object),
    kind: 'resource',
    properties,
  };
}

function describeSuppression(suppression: Suppression): Sarif.Suppression {
  const described: Sarif.Suppression = {
    // Comments and annotations live in the checked file; exemptions and baselines live beside it.
    kind: suppression.kind === 'configuration' || suppression.kind === 'baseline' ? 'external' : 'inSource',
    status: 'accepted',
    justification: suppression.reason,
    properties: { source: suppression.kind },
  };
  if (suppression.until !== undefined && described.properties) described.properties.until = suppression.until;
  return described;
}

/**
 * Stable across runs and edits elsewhere in the file: rule, path, object and the offending text
 * (the message when the caller had no text; messages may hold the check date), never the line.
 */
function fingerprint(finding: Finding, path: string): string {
  const object = finding.object ? qualifiedObjectName(finding.object) : '';
  // Loaded on first use: node:crypto costs about 3 ms at start-up of every other format.
  const { createHash } = process.getBuiltinModule('node:crypto') as typeof import('node:crypto');
  const subject = finding.fingerprint !== undefined ? `text:${finding.fingerprint}` : finding.message;
  return createHash('sha256')
    .update(JSON.stringify([finding.rule, path, object, subject]))
    .digest('hex');
}

/** A relative path as a URI reference on `%SRCROOT%`; paths on another drive become `file:` URIs. */
function artifactLocation(path: string): Sarif.ArtifactLocation | undefined {
  if (isLogicalName(path)) return undefined;
  if (path.startsWith('/') || /^[A-Za-z]:\//.test(path)) return { uri: pathToFileURL(path).href };
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: sourceRootId };
}

function directoryUri(cwd: string): string {
  const href = pathToFileURL(resolve(cwd)).href;
  return href.endsWith('/') ? href : `${href}/`;
}
