// Checks one render of a Helm chart and puts each finding on the file a person edits: the
// template that produced the object, or the values file that set the offending value.
import {
  definedTemplates,
  type IndexedValuesFile,
  indexValues,
  locateInTemplate,
  locateValue,
  renderedOutputName,
  renderedSources,
  sourceAt,
  type TemplateMatch,
  throughHelper,
  type ValueFocus,
  valuesReadThroughTemplates,
} from '../documents/helm-source-map.ts';
import { LineIndex } from '../documents/source.ts';
import { ruleDocsUrl } from '../meta.ts';
import { rulesByName } from '../rules/index.ts';
import { sentenceList } from '../rules/message-lists.ts';
import { compareText, type Finding, type OffsetRange, type Severity } from '../types.ts';
import {
  type SourceSuppression,
  sourceSuppressions,
  suppressionAt,
  suppressionProblems,
} from './chart-suppressions.ts';
import { type CheckOptions, checkText, writesReleaseNamespace } from './check.ts';

export interface ChartRender {
  /** The chart's folder as the caller names it, e.g. `applications/web`. */
  chart: string;
  /** The environment (`values-<env>.yaml`) of this render; undefined for the chart's defaults. */
  environment?: string;
  /** `helm template` output. */
  rendered: string;
  /** The namespace Helm puts objects without one in, when known. */
  releaseNamespace?: string;
  /**
   * With no release namespace known: where the render wrote the release's namespace (`.Release.Namespace`), which
   * helm fills with `default`. An object there is in the namespace it is installed into, not in `default`.
   */
  unknownReleaseNamespaceAt?: readonly number[];
  /** Values files in the order helm merged them (later wins), as the caller names them. */
  valuesFiles: readonly string[];
  /** Dependencies rendered from elsewhere (vendored for the render): their folder by the path helm prints, `charts/<name>`. */
  subcharts?: ReadonlyMap<string, string>;
  /** The chart's helper templates (`templates/_helpers.tpl`), as the caller names them: values read through them are found too. */
  helperFiles?: readonly string[];
}

/** The text of a chart's file by the name the caller gave (templates, values files, Chart.yaml). */
export type ChartFileReader = (path: string) => string | undefined;

const namespaceRule = 'namespace/explicit';

/** The values key a rule's finding is about, when a template line reads several (an image's parts). */
const valueKeys: Record<string, RegExp> = {
  'image/pinned': /^(tag|digest|version|imageTag)$/i,
  'image/trusted-source': /^(repository|registry|image|name)$/i,
  'image/local-registry': /^(repository|registry|image|name)$/i,
};

/**
 * Findings of one render, on templates and values files. A missing namespace is one finding on
 * `Chart.yaml` when no release namespace is known, and none when it is (Helm puts the objects there).
 */
export function checkChartRender(render: ChartRender, readFile: ChartFileReader, options: CheckOptions): Finding[] {
  const renderedName = renderedOutputName(render.chart, render.environment);
  const result = checkText(
    { path: renderedName, text: render.rendered, kind: 'manifest' },
    render.unknownReleaseNamespaceAt
      ? { ...options, unknownReleaseNamespaceAt: render.unknownReleaseNamespaceAt }
      : options,
  );
  const sources = renderedSources(render.rendered);
  const texts = new Map<string, LineIndex | undefined>();
  const lineIndex = (path: string) => {
    if (!texts.has(path)) {
      const text = readFile(path);
      texts.set(path, text === undefined ? undefined : new LineIndex(text));
    }
    return texts.get(path);
  };
  let values: IndexedValuesFile[] | undefined;
  const valuesFiles = () => {
    values ??= render.valuesFiles.map((path) => ({ path, values: indexValues(readFile(path) ?? '') }));
    return values;
  };
  let defines: Map<string, string> | undefined;
  const helpers = () => {
    defines ??= definedTemplates((render.helperFiles ?? []).map((path) => readFile(path) ?? ''));
    return defines;
  };
  const chartFile = `${render.chart}/Chart.yaml`;
  const mapped: Finding[] = [];
  let namespaceMissing: Finding | undefined;
  let inReleaseNamespace: Finding | undefined;
  let namespaceMissingCount = 0;
  for (const finding of result.findings) {
    // Suppression comments are judged where they are written (below), not as they were rendered.
    if (finding.rule === suppressionRule) continue;
    if (finding.rule === namespaceRule && finding.object && finding.object.namespace === undefined) {
      if (render.releaseNamespace !== undefined) continue;
      namespaceMissingCount += 1;
      namespaceMissing ??= finding;
      continue;
    }
    // Helm's `default` for an unknown release namespace: said with the objects that name none, as a note.
    if (finding.rule === namespaceRule && writesReleaseNamespace(render.unknownReleaseNamespaceAt, finding.range)) {
      namespaceMissingCount += 1;
      inReleaseNamespace ??= { ...finding, severity: 'info' };
      continue;
    }
    const moved = { ...finding };
    delete moved.fix;
    const source = sourceAt(sources, finding.range[0]);
    const templatePath = source ? templateFile(render, source.chartPath) : undefined;
    const template = templatePath !== undefined ? lineIndex(templatePath) : undefined;
    if (!source || templatePath === undefined || !template) {
      place(moved, chartFile, lineIndex(chartFile), [0, 0]);
    } else {
      const inTemplate = locateInTemplate(template.text, render.rendered, source, finding.range[0]);
      const match = subchartScoped(
        (inTemplate.beyondTemplate || inTemplate.approximate
          ? throughHelper(template.text, inTemplate, helpers())
          : undefined) ?? inTemplate,
        source.chartPath,
      );
      // A finding on an object or container as a whole (what it lacks) is mended in the template, not in the value
      // that only names it (`- name: {{ $producer.name }}`).
      const value = isObjectHead(render.rendered, finding.range)
        ? undefined
        : locateRenderedValue(valuesFiles(), match, template.text, helpers, {
            message: finding.message,
            key: valueKeys[finding.rule],
          });
      const valuesIndex = value ? lineIndex(value.path) : undefined;
      if (value && valuesIndex) {
        place(moved, value.path, valuesIndex, value.range);
        const start = template.positionAt(match.range[0]);
        moved.related = [{ file: templatePath, start, end: template.positionAt(match.range[1]), message: 'template' }];
      } else {
        place(moved, templatePath, template, match.range);
      }
    }
    if (render.environment !== undefined) moved.environments = [render.environment];
    mapped.push(moved);
  }
  namespaceMissing ??= inReleaseNamespace;
  if (namespaceMissing) {
    const chartIndex = lineIndex(chartFile);
    const nameAt = chartIndex ? chartIndex.text.search(/^name\s*:/m) : -1;
    const finding: Finding = {
      ...namespaceMissing,
      message: `${namespaceMissingCount} object(s) of this chart name no namespace of their own (no metadata.namespace, or the release's), and no release namespace is known: they go to the namespace the chart is installed into (helm install -n), or else to whatever namespace the kube context points at. Name the release namespace: --namespace, an Argo CD Application whose destination is this chart, or helm.namespaces in .lsst.yaml.`,
    };
    delete finding.fix;
    delete finding.object;
    place(finding, chartFile, chartIndex, nameAt === -1 ? [0, 0] : [nameAt, nameAt + 4]);
    if (render.environment !== undefined) finding.environments = [render.environment];
    mapped.push(finding);
  }
  applySourceSuppressions(mapped, render, sources, readFile, options);
  return mapped;
}

const suppressionRule = 'input/suppression';

/** A subchart's `.Values.x` is `<name>.x` in the parent's values files (`global.*` is shared). */
function subchartScoped<T extends { valuesPaths: string[] }>(match: T, chartPath: string): T {
  const names = [...(/^(?:charts\/[^/]+\/)+/.exec(chartPath)?.[0] ?? '').matchAll(/charts\/([^/]+)\//g)].map(
    (part) => part[1],
  );
  if (names.length === 0) return match;
  const scope = names.join('.');
  return {
    ...match,
    valuesPaths: match.valuesPaths.map((path) => (path.startsWith('global.') ? path : `${scope}.${path}`)),
  };
}

/**
 * The values-file line that set what the template line rendered: a value the line reads, else one it reads
 * through a helper (`namespace: {{ template "x.namespace" . }}`, whose body reads `.Values.namespaceOverride`)
 * when that value is the whole rendered value.
 */
function locateRenderedValue(
  files: readonly IndexedValuesFile[],
  match: TemplateMatch,
  template: string,
  helpers: () => ReadonlyMap<string, string>,
  focus: ValueFocus,
): { path: string; range: OffsetRange } | undefined {
  const line = template.slice(match.range[0], match.range[1]);
  if (match.approximate || !/\b(?:template|include)\s+"/.test(line)) return locateValue(files, match, focus);
  const read = locateValue(files, match, { ...focus, guessByKey: false });
  if (read) return read;
  const valuesPaths = valuesReadThroughTemplates(line, helpers());
  return valuesPaths.length === 0
    ? undefined
    : locateValue(files, { valuesPaths, value: match.value }, { exact: true });
}

/** The file a rendered template came from: in the chart, or in a dependency vendored for the render. */
function templateFile(render: ChartRender, chartPath: string): string {
  let best: [string, string] | undefined;
  for (const [printed, folder] of render.subcharts ?? []) {
    if (chartPath.startsWith(`${printed}/`) && (!best || printed.length > best[0].length)) best = [printed, folder];
  }
  return best ? `${best[1]}${chartPath.slice(best[0].length)}` : `${render.chart}/${chartPath}`;
}

/**
 * Marks findings suppressed by a comment above their line in the values file or template they
 * point at, and reports the problems of every suppression comment of the render's files.
 */
function applySourceSuppressions(
  findings: Finding[],
  render: ChartRender,
  sources: readonly { chartPath: string }[],
  readFile: ChartFileReader,
  options: CheckOptions,
): void {
  const now = options.now ?? new Date();
  const byFile = new Map<string, SourceSuppression[]>();
  const suppressionsOf = (path: string) => {
    let found = byFile.get(path);
    if (!found) {
      const text = readFile(path);
      found = text === undefined ? [] : sourceSuppressions(text, options.config, now);
      byFile.set(path, found);
    }
    return found;
  };
  for (const finding of findings) {
    if (finding.suppression) continue;
    for (const place of [finding, ...(finding.related ?? [])]) {
      const suppression = suppressionAt(suppressionsOf(place.file), finding.rule, place.start.line);
      if (suppression) {
        finding.suppression = suppression;
        break;
      }
    }
  }
  const files = new Set([...sources.map((source) => templateFile(render, source.chartPath)), ...render.valuesFiles]);
  for (const file of files) {
    const suppressions = suppressionsOf(file);
    if (suppressions.length === 0) continue;
    findings.push(...suppressionProblems(file, readFile(file) ?? '', suppressions));
  }
}

function place(finding: Finding, file: string, index: LineIndex | undefined, range: OffsetRange): void {
  finding.file = file;
  finding.range = index ? range : [0, 0];
  finding.start = index ? index.positionAt(range[0]) : { line: 1, column: 1 };
  finding.end = index ? index.positionAt(range[1]) : { line: 1, column: 1 };
}

// Where a rendered object or container is reported as a whole: its `metadata:` or its `name:`.
const objectHead = /^(?:metadata|name)[ \t]*:/;

function isObjectHead(rendered: string, range: OffsetRange): boolean {
  if (objectHead.test(rendered.slice(range[0], range[0] + 16))) return true;
  // The first key of a list item (`- image: ...` opening a container): the finding is on the container.
  const lineStart = rendered.lastIndexOf('\n', range[0] - 1) + 1;
  return /^[ \t]*-[ \t]+$/.test(rendered.slice(lineStart, range[0]));
}

// The names a merged finding lists before it counts the rest.
const namesListed = 5;

/**
 * One finding for what several renders reported at the same place: every environment (and cluster) it came from,
 * and every object a template line renders in a loop (`{{ range .Values.producers }}`, or a chart that several
 * applications share), whose findings differ only by the object's name: said once, naming the others.
 */
export function mergeChartFindings(findings: readonly Finding[]): Finding[] {
  const byPlace = new Map<string, { finding: Finding; named?: NamedInMessage; names: string[] }>();
  for (const finding of findings) {
    const named = nameInMessage(finding);
    const message = named === undefined ? finding.message : finding.message.split(named.phrase).join('\u0001');
    const key = [finding.rule, finding.severity, finding.file, finding.range[0], finding.range[1], message].join(
      '\u0000',
    );
    const seen = byPlace.get(key);
    if (!seen) {
      byPlace.set(key, { finding: { ...finding }, ...(named ? { named } : {}), names: named ? [named.phrase] : [] });
      continue;
    }
    seen.finding.environments = union(seen.finding.environments, finding.environments);
    seen.finding.clusters = union(seen.finding.clusters, finding.clusters);
    if (named !== undefined && !seen.names.includes(named.phrase)) seen.names.push(named.phrase);
  }
  return [...byPlace.values()]
    .map(({ finding, named, names }) =>
      named && names.length > 1 ? { ...finding, message: withOthers(finding, named.what, names) } : finding,
    )
    .sort(
      (a, b) =>
        compareText(a.file, b.file) ||
        a.range[0] - b.range[0] ||
        a.range[1] - b.range[1] ||
        compareText(a.rule, b.rule),
    );
}

interface NamedInMessage {
  /** As the message writes it: `"app"`, `ConfigMap "web"`, `"web"`. */
  phrase: string;
  what: 'container' | 'object' | 'image' | 'field';
}

/**
 * How the message names what it is about: an image (`Image "otel/relay:v1"`, when one values line gives the
 * registry of several), its container (`"app"`), else its object (`ConfigMap "web"` when it says the kind, so
 * that objects of several kinds one values line puts in a namespace are one finding, else `"web"`).
 */
function nameInMessage(finding: Finding): NamedInMessage | undefined {
  const image = /^Image ("[^"\n]+")/.exec(finding.message)?.[1];
  if (image) return { phrase: image, what: 'image' };
  // A template that dumps a whole context (`toYaml $` where `toYaml .` was meant) gives one mapping many unknown keys.
  const field = /^Unknown field ("[^"\n]+") in /.exec(finding.message)?.[1];
  if (field) return { phrase: field, what: 'field' };
  const container = finding.object?.container;
  if (container && finding.message.includes(`"${container}"`)) return { phrase: `"${container}"`, what: 'container' };
  const name = finding.object?.name;
  if (!name) return undefined;
  const withKind = `${finding.object?.kind} "${name}"`;
  if (finding.message.startsWith(withKind)) return { phrase: withKind, what: 'object' };
  return finding.message.includes(`"${name}"`) ? { phrase: `"${name}"`, what: 'object' } : undefined;
}

function withOthers(finding: Finding, what: NamedInMessage['what'], names: readonly string[]): string {
  const others = names.slice(1);
  const list = sentenceList(others, namesListed);
  return `${finding.message} (The same for ${others.length} more ${what}${others.length === 1 ? '' : 's'} rendered from this line: ${list}.)`;
}

function union(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!a || !b) return a ?? b;
  return [...new Set([...a, ...b])].sort(compareText);
}

/** The finding for a chart that helm could not render, on its `Chart.yaml`, with helm's own words. */
export function chartRenderFailure(
  chart: string,
  chartText: string | undefined,
  reason: string,
  options: { severity?: Severity; environment?: string } = {},
): Finding {
  const rule = rulesByName.get('input/invalid');
  const file = `${chart}/Chart.yaml`;
  const finding: Finding = {
    rule: 'input/invalid',
    severity: options.severity ?? 'error',
    message: reason,
    file,
    range: [0, 0],
    start: { line: 1, column: 1 },
    end: { line: 1, column: 1 },
    guideline: rule?.guideline ?? '',
    helpUri: ruleDocsUrl('input/invalid'),
  };
  const index = chartText !== undefined ? new LineIndex(chartText) : undefined;
  const nameAt = chartText?.search(/^name\s*:/m) ?? -1;
  if (index && nameAt !== -1) place(finding, file, index, [nameAt, index.lineEnd(index.positionAt(nameAt).line)]);
  if (options.environment !== undefined) finding.environments = [options.environment];
  return finding;
}
