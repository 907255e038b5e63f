// Where each suppression applies in a checked text, and marking the findings it covers.
import { isMap, isPair, isSeq, type Node, type YAMLMap } from 'yaml';
import type { ResolvedConfig } from '../config/model.ts';
import type { DockerfileModel } from '../documents/dockerfile.ts';
import type { LineIndex } from '../documents/source.ts';
import { allContainers } from '../documents/workloads.ts';
import { getMap, keyText, nodeRange, type ParsedManifest, pairRange } from '../documents/yaml.ts';
import { rulesByName } from '../rules/index.ts';
import {
  judgeSuppression,
  matchExemption,
  parseSuppressionAnnotation,
  parseSuppressionComment,
  type SuppressionDirective,
} from '../suppress/index.ts';
import type { DocumentKind, Finding, OffsetRange, Suppression, SuppressionKind } from '../types.ts';
import type { FindingCollector } from './check.ts';

interface Scope {
  range: OffsetRange;
  /** For `lsst.io/ignore.<container>`: findings about that container, wherever they point in its object. */
  container?: { name: string; objectRange: OffsetRange };
  rules: readonly string[];
  suppression: Suppression;
}

export interface SuppressionInput {
  kind: DocumentKind;
  text: string;
  path: string;
  config: ResolvedConfig;
  now: Date;
  collector: FindingCollector;
  manifest?: ParsedManifest;
  dockerfile?: DockerfileModel;
}

const directiveLine = /^[ \t]*#[ \t]*lsst-ignore/;

/** Marks suppressed findings and reports malformed, unknown, expired or forbidden suppressions. */
export function applySuppressions(findings: Finding[], input: SuppressionInput): void {
  const scopes: Scope[] = [];
  const lines = input.collector.lines;
  // Most files have no suppression comment: one search instead of a test of every line.
  const lineCount = input.text.includes('lsst-ignore') ? lines.lineCount : 0;
  for (let line = 1; line <= lineCount; line++) {
    const lineText = lines.lineText(line);
    if (!directiveLine.test(lineText)) continue;
    const start = lines.lineStart(line);
    const directive = parseSuppressionComment(lineText, start);
    if (!directive) continue;
    const range = directive.form === 'file' ? fileScope(input, start) : nextNodeScope(input, lines, line);
    addScope(scopes, directive, range, directive.form === 'file' ? 'file' : 'inline', input);
  }
  if (input.manifest) addAnnotationScopes(scopes, input);

  for (const finding of findings) {
    if (finding.rule.startsWith('input/')) continue;
    const scope = scopes.find(
      (candidate) =>
        candidate.rules.includes(finding.rule) &&
        ((candidate.container !== undefined &&
          candidate.container.name === finding.object?.container &&
          finding.range[0] >= candidate.container.objectRange[0] &&
          finding.range[0] <= candidate.container.objectRange[1]) ||
          (finding.range[0] >= candidate.range[0] && finding.range[0] <= candidate.range[1])),
    );
    if (scope) {
      finding.suppression = scope.suppression;
      continue;
    }
    if (input.config.exemptions.length === 0) continue;
    const exemption = matchExemption(input.config.exemptions, {
      rule: finding.rule,
      path: input.path,
      now: input.now,
      ...(finding.object?.namespace ? { namespace: finding.object.namespace } : {}),
      ...(finding.object?.kind ? { kind: finding.object.kind } : {}),
      ...(finding.object?.name ? { name: finding.object.name } : {}),
      ...(finding.object?.container ? { container: finding.object.container } : {}),
    });
    if (exemption && input.config.rules[finding.rule]?.suppressible !== false) {
      finding.suppression = {
        kind: 'configuration',
        reason: exemption.reason,
        ...(exemption.until ? { until: exemption.until } : {}),
      };
    }
  }
}

function addScope(
  scopes: Scope[],
  directive: SuppressionDirective,
  range: OffsetRange,
  kind: SuppressionKind,
  input: SuppressionInput,
  container?: { name: string; objectRange: OffsetRange },
): void {
  const judgement = judgeSuppression(directive, {
    knownRules: [...rulesByName.keys()],
    now: input.now,
    config: input.config,
  });
  const suppressionRule = rulesByName.get('input/suppression');
  if (suppressionRule) {
    for (const problem of judgement.problems) {
      input.collector.add(suppressionRule, {
        range: directive.range,
        message: problem.message,
        severity: problem.severity,
      });
    }
  }
  const reason = directive.reason ?? '';
  for (const rule of judgement.effectiveRules) {
    scopes.push({
      range,
      ...(container !== undefined ? { container } : {}),
      rules: [rule],
      suppression: { kind, reason, ...(directive.until ? { until: directive.until } : {}) },
    });
  }
}

/** The YAML document a file-wide comment stands in (or, before its content, precedes); a Dockerfile is one. */
function fileScope(input: SuppressionInput, offset: number): OffsetRange {
  const documents = input.manifest?.documents ?? [];
  // The document whose text holds the comment: past the end of what was read of it (a syntax error stops
  // the reading early), it is still the one before the next `---`; before any, the first.
  const document =
    documents.find((doc) => offset >= doc.range[0] && offset <= doc.range[1]) ??
    lastStartingBefore(documents, offset) ??
    documents.find((doc) => doc.range[0] >= offset);
  if (!document) return [0, input.text.length];
  return [Math.min(offset, document.range[0]), document.range[1]];
}

function lastStartingBefore<T extends { range: OffsetRange }>(documents: readonly T[], offset: number): T | undefined {
  let found: T | undefined;
  for (const document of documents) if (document.range[0] <= offset) found = document;
  return found;
}

/** The node starting on the first line after the comment that is neither blank nor a comment. */
function nextNodeScope(input: SuppressionInput, lines: LineIndex, commentLine: number): OffsetRange {
  let line = commentLine + 1;
  while (line <= lines.lineCount && /^\s*(#.*)?$/.test(lines.lineText(line))) line++;
  if (line > lines.lineCount) return [input.text.length, input.text.length];
  const start = lines.lineStart(line);
  const end = lines.lineEnd(line);
  if (input.dockerfile) {
    const instruction = input.dockerfile.instructions.find((candidate) => candidate.range[0] >= start);
    return instruction && instruction.range[0] <= end ? instruction.range : [start, end];
  }
  let widest: OffsetRange = [start, end];
  const consider = (range: OffsetRange) => {
    if (range[0] >= start && range[0] <= end && range[1] > widest[1]) widest = [start, range[1]];
  };
  for (const document of input.manifest?.documents ?? []) {
    if (document.range[1] < start || document.range[0] > end) continue;
    visit(document.document.contents as Node | null, consider);
  }
  return widest;
}

function visit(node: Node | null | undefined, consider: (range: OffsetRange) => void): void {
  if (!node) return;
  if (isMap(node)) {
    consider(nodeRange(node));
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      consider(pairRange(pair));
      visit(pair.value as Node | null, consider);
    }
  } else if (isSeq(node)) {
    consider(nodeRange(node));
    for (const item of node.items) visit(item as Node | null, consider);
  }
}

function addAnnotationScopes(scopes: Scope[], input: SuppressionInput): void {
  for (const document of input.manifest?.documents ?? []) {
    for (const object of document.objects) {
      const annotations = getMap(object.map, 'metadata', 'annotations');
      if (!annotations) continue;
      for (const pair of (annotations as YAMLMap).items) {
        const key = keyText(pair);
        if (key === undefined || !(key === 'lsst.io/ignore' || key.startsWith('lsst.io/ignore.'))) continue;
        const value = (pair.value as { value?: unknown } | null)?.value;
        if (typeof value !== 'string') continue;
        const valueRange = nodeRange(pair.value as Node);
        const directive = parseSuppressionAnnotation(value, valueRange);
        if (!directive) continue;
        if (key === 'lsst.io/ignore') {
          addScope(scopes, directive, object.range, 'annotation', input);
          continue;
        }
        const containerName = key.slice('lsst.io/ignore.'.length);
        const container = allContainers(object, input.text).find((candidate) => candidate.name === containerName);
        if (container) {
          addScope(scopes, directive, container.range, 'annotation', input, {
            name: containerName,
            objectRange: object.range,
          });
        }
      }
    }
  }
}
