// Maps a position in `helm template` output back to the template line that produced it and to
// the values-file line the value came from. Pure: the caller passes every text in.
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { OffsetRange } from '../types.ts';

/** The name a chart's rendered output is checked under: not a file anyone can edit or pass to -f. */
export function renderedOutputName(chart: string, environment?: string): string {
  return `${chart}/(rendered${environment ? ` for ${environment}` : ''})`;
}

export function isRenderedOutputName(path: string): boolean {
  return /\/\(rendered(?: for [^)]*)?\)$/.test(path);
}

/** One document of rendered output and the template (`# Source:`) it came from. */
export interface RenderedSource {
  /** As helm prints it: `<chart>/templates/x.yaml`, `<chart>/charts/<sub>/templates/x.yaml`. */
  source: string;
  /** The same path relative to the chart's folder: `templates/x.yaml`. */
  chartPath: string;
  /** Offsets of the document (from its `# Source:` line) in the rendered text. */
  start: number;
  end: number;
}

const sourceLine = /^# Source: (.+)$/gm;

/** The documents of rendered output, each with its template, in order. */
export function renderedSources(rendered: string): RenderedSource[] {
  const found: RenderedSource[] = [];
  for (const match of rendered.matchAll(sourceLine)) {
    const source = (match[1] ?? '').trim();
    const slash = source.indexOf('/');
    found.push({ source, chartPath: slash === -1 ? source : source.slice(slash + 1), start: match.index, end: 0 });
  }
  for (let index = 0; index < found.length; index++) {
    const current = found[index] as RenderedSource;
    const next = found[index + 1];
    current.end = next ? documentStartBefore(rendered, next.start) : rendered.length;
  }
  return found;
}

/** The `---` line just before a `# Source:` line, when there is one. */
function documentStartBefore(text: string, offset: number): number {
  const before = text.lastIndexOf('---', offset);
  return before !== -1 && text.slice(before, offset).trim() === '---' ? before : offset;
}

/** The rendered document holding an offset. */
export function sourceAt(sources: readonly RenderedSource[], offset: number): RenderedSource | undefined {
  return sources.find((source) => offset >= source.start && offset < Math.max(source.end, source.start + 1));
}

interface LineShape {
  /** The mapping key of the line (`image` in `- image: x`), when it has one. */
  key?: string;
  /** The scalar after the key, unquoted, or the whole line's item. */
  value: string;
  /** The line without indentation and list dashes. */
  body: string;
}

const keyed = /^([^\s:#'"{][^:#{]*?|"[^"]*"|'[^']*')\s*:(?:\s+(.*))?$/;

function lineShape(line: string): LineShape {
  const body = line.trim().replace(/^(?:-\s+)+/, '');
  const match = keyed.exec(body);
  if (!match) return { value: unquote(body), body };
  return { key: unquote(match[1] ?? ''), value: unquote(stripComment(match[2] ?? '')), body };
}

function stripComment(value: string): string {
  const hash = value.search(/\s#/);
  return (hash === -1 ? value : value.slice(0, hash)).trim();
}

function unquote(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length >= 2 && (trimmed[0] === '"' || trimmed[0] === "'") && trimmed.at(-1) === trimmed[0]) {
    return trimmed.slice(1, -1);
  }
  return trimmed;
}

function lineAt(text: string, offset: number): { start: number; end: number; text: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end === -1) end = text.length;
  return { start, end, text: text.slice(start, end).replace(/\r$/, '') };
}

function linesOf(text: string): { start: number; text: string }[] {
  const lines: { start: number; text: string }[] = [];
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    lines.push({ start, text: text.slice(start, stop).replace(/\r$/, '') });
    if (end === -1) break;
    start = end + 1;
  }
  return lines;
}

/** Where in a template a rendered line came from. */
export interface TemplateMatch {
  /** The template line's range (without indentation). */
  range: OffsetRange;
  /** `.Values` paths the line (or the block it includes values from) reads, e.g. `image.tag`. */
  valuesPaths: string[];
  /** The rendered line's key and value, to find the value in values files. */
  key?: string;
  value: string;
  /** True when only the object was found, not the line. */
  approximate: boolean;
  /**
   * True when the rendered document has more such lines before this one than the template has, in a template
   * without a loop: the line came from a helper it includes, not from the line chosen (see throughHelper).
   */
  beyondTemplate?: boolean;
}

/**
 * The template line that produced the rendered line at `offset`: the same line verbatim, else a
 * line with the same key (the n-th of them, as in the rendered document), else the object's
 * `kind:` line.
 */
export function locateInTemplate(
  template: string,
  rendered: string,
  source: RenderedSource,
  offset: number,
): TemplateMatch {
  const renderedLine = lineAt(rendered, offset);
  const shape = lineShape(renderedLine.text);
  const renderedLines = linesOf(rendered.slice(source.start, renderedLine.start));
  const templateLines = linesOf(template).filter((line) => !line.text.trimStart().startsWith('{{/*'));
  const sameBody = (text: string) => lineShape(text).body === shape.body;
  const sameKey = (text: string) => shape.key !== undefined && lineShape(text).key === shape.key;
  for (const matches of [sameBody, sameKey]) {
    const candidates = templateLines.filter((line) => matches(line.text));
    if (candidates.length === 0) continue;
    const before = renderedLines.filter((line) => matches(line.text)).length;
    const chosen = candidates[Math.min(before, candidates.length - 1)] as { start: number; text: string };
    const beyondTemplate = before >= candidates.length && !/\{\{-?\s*range\b/.test(template);
    return {
      range: trimmedRange(chosen),
      valuesPaths: valuesPathsFor(templateLines, chosen),
      ...(shape.key !== undefined ? { key: shape.key } : {}),
      value: shape.value,
      approximate: false,
      ...(beyondTemplate ? { beyondTemplate } : {}),
    };
  }
  // The line came from a values block (toYaml) or a helper: the block that pulled it in.
  const blockLine = templateLines.find(
    (line) => /\b(toYaml|include|tpl)\b/.test(line.text) && valuesIn(line.text).length > 0,
  );
  const kindLine = templateLines.find((line) => /^kind\s*:/.test(line.text.trim()));
  const anchor = blockLine ??
    kindLine ??
    templateLines.find((line) => line.text.trim() !== '') ?? { start: 0, text: '' };
  return {
    range: trimmedRange(anchor),
    valuesPaths: templateLines.flatMap((line) => (/\btoYaml\b/.test(line.text) ? valuesIn(line.text) : [])),
    ...(shape.key !== undefined ? { key: shape.key } : {}),
    value: shape.value,
    approximate: true,
  };
}

/**
 * For a line rendered beyond the template's own (a sidecar container from `{{ include "ook.cloudsqlSidecar" . }}`
 * beside the main one), or one the template does not write at all (a Job whose whole spec is a helper's): the
 * include line whose helper writes that line as rendered, else a line of the same key, with the values that helper
 * line reads (`.Values.cloudsql.image.repository`); undefined when no included helper has such a line.
 */
export function throughHelper(
  template: string,
  match: TemplateMatch,
  defines: ReadonlyMap<string, string>,
): TemplateMatch | undefined {
  if (match.key === undefined) return undefined;
  const includes = linesOf(template).flatMap((line) =>
    calledTemplates(line.text).map((name) => ({ line, body: defines.get(name)?.split('\n') ?? [] })),
  );
  const sameKey = (text: string) => lineShape(text).key === match.key;
  const asRendered = (text: string) => sameKey(text) && lineShape(text).value === match.value;
  // The helper line written as rendered (`image: busybox`) first, then one of the same key.
  for (const same of [asRendered, sameKey]) {
    for (const { line, body: helperLines } of includes) {
      const helperLine = helperLines.find(same);
      if (helperLine === undefined) continue;
      return {
        range: trimmedRange(line),
        valuesPaths: valuesIn(helperLine),
        key: match.key,
        value: match.value,
        approximate: false,
      };
    }
  }
  return undefined;
}

function trimmedRange(line: { start: number; text: string }): OffsetRange {
  const indent = line.text.length - line.text.trimStart().length;
  return [line.start + indent, line.start + line.text.trimEnd().length];
}

/** `.Values` paths read on the line, and those of an enclosing `with .Values.x` for `.y` references. */
function valuesPathsFor(
  lines: readonly { start: number; text: string }[],
  line: { start: number; text: string },
): string[] {
  const paths = valuesIn(line.text);
  const relative = [...line.text.matchAll(/\{\{[^}]*?(?<![\w$\])])\.([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)/g)]
    .map((match) => match[1] ?? '')
    .filter((path) => !/^(Values|Release|Chart|Capabilities|Files|Template)\b/.test(path));
  if (relative.length > 0) {
    const index = lines.indexOf(line);
    for (let at = index - 1; at >= 0; at--) {
      const withMatch = /\{\{-?\s*with\s+\$?\.Values\.([\w.]+)/.exec(lines[at]?.text ?? '');
      if (withMatch) {
        for (const path of relative) paths.push(`${withMatch[1]}.${path}`);
        break;
      }
    }
  }
  return paths;
}

/** `.Values.a.b` and `index .Values "a" "b"` references in one line. */
export function valuesIn(text: string): string[] {
  const paths = [...text.matchAll(/\$?\.Values\.([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)/g)].map(
    (match) => match[1] ?? '',
  );
  for (const match of text.matchAll(/index\s+\$?\.Values((?:\s+"[^"]*")+)/g)) {
    paths.push([...(match[1] ?? '').matchAll(/"([^"]*)"/g)].map((part) => part[1]).join('.'));
  }
  return paths;
}

/** The named templates (`{{ define "name" }}` ... `{{ end }}`) of helper files, by name: their bodies. */
export function definedTemplates(texts: Iterable<string>): Map<string, string> {
  const defines = new Map<string, string>();
  for (const text of texts) {
    // Each action in turn: a define's body runs to the `end` that closes it, past the blocks nested in it.
    let name: string | undefined;
    let bodyStart = 0;
    let depth = 0;
    for (const action of text.matchAll(/\{\{-?\s*(\/\*[\s\S]*?\*\/|[\s\S]*?)\s*-?\}\}/g)) {
      const words = (action[1] ?? '').trimStart();
      if (words.startsWith('/*')) continue;
      const keyword = /^(define|if|with|range|block|end)\b/.exec(words)?.[1];
      if (keyword === undefined) continue;
      if (name === undefined) {
        const defined = keyword === 'define' ? /^define\s+"([^"]+)"/.exec(words)?.[1] : undefined;
        if (defined !== undefined) {
          name = defined;
          bodyStart = (action.index ?? 0) + action[0].length;
          depth = 1;
        }
        continue;
      }
      depth += keyword === 'end' ? -1 : 1;
      if (depth === 0) {
        // Helm keeps the last definition of a name.
        defines.set(name, text.slice(bodyStart, action.index));
        name = undefined;
      }
    }
  }
  return defines;
}

/**
 * `.Values` paths a line reads through the named templates it calls (`template "x.namespace" .`,
 * `include "x.fullname" .`), and those they call in turn, a few levels deep.
 */
export function valuesReadThroughTemplates(line: string, defines: ReadonlyMap<string, string>): string[] {
  const paths: string[] = [];
  const seen = new Set<string>();
  let names = calledTemplates(line);
  for (let depth = 0; depth < 4 && names.length > 0; depth++) {
    const next: string[] = [];
    for (const name of names) {
      const body = seen.has(name) ? undefined : defines.get(name);
      seen.add(name);
      if (body === undefined) continue;
      paths.push(...valuesIn(body));
      next.push(...calledTemplates(body));
    }
    names = next;
  }
  return [...new Set(paths)];
}

function calledTemplates(text: string): string[] {
  return [...text.matchAll(/\{\{-?[^}]*?\b(?:template|include)\s+"([^"]+)"/g)].map((match) => match[1] ?? '');
}

/** One value set in a values file. */
export interface ValueEntry {
  /** The value's range (or the key's, for a map or a list). */
  range: OffsetRange;
  /** The scalar as text, for scalars. */
  scalar?: string;
}

/** Every value of a values file by dotted path (`image.tag`, `ports.0.name`); empty when unreadable. */
export function indexValues(text: string): Map<string, ValueEntry> {
  const entries = new Map<string, ValueEntry>();
  let document: ReturnType<typeof parseDocument>;
  try {
    document = parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: false });
  } catch {
    return entries;
  }
  if (document.errors.length > 0) return entries;
  const walk = (node: unknown, path: string, depth: number) => {
    if (depth > 64) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        const child = path === '' ? key : `${path}.${key}`;
        const value = pair.value as Node | null;
        if (isScalar(value) && value.range) {
          entries.set(child, { range: [value.range[0], value.range[1]], scalar: scalarText(value.value) });
        } else if (pair.key && isScalar(pair.key) && pair.key.range) {
          entries.set(child, { range: [pair.key.range[0], pair.key.range[1]] });
        }
        walk(value, child, depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const child = `${path}.${index}`;
        if (isScalar(item) && item.range) {
          entries.set(child, { range: [item.range[0], item.range[1]], scalar: scalarText(item.value) });
        }
        walk(item, child, depth + 1);
      });
    }
  };
  walk(document.contents, '', 0);
  return entries;
}

function scalarText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return String(value);
}

/** A values file of one render, in the order helm merges them (later wins). */
export interface IndexedValuesFile {
  path: string;
  values: Map<string, ValueEntry>;
}

/** What a finding is about, to choose among several values one template line reads. */
export interface ValueFocus {
  /** The finding's message: a value it quotes (`the moving tag "latest"`) is the one. */
  message?: string;
  /** Else the value whose key's last part matches (`tag` for a tag finding). */
  key?: RegExp;
  /** Only a value that is the whole rendered value: for values read through a helper. */
  exact?: boolean;
  /**
   * False when the line reads nothing from the values but a helper: then no key of the same name and value is
   * taken for the one (the helper may give the release's namespace, not `exporter.namespace: default`).
   */
  guessByKey?: boolean;
}

/**
 * The values file and range that set the rendered value, searching the files that win first. When
 * the line reads several values (`{{ .Values.image.repository }}:{{ .Values.image.tag }}`), the
 * one the finding is about: quoted in its message, else of the key it concerns, else the first.
 */
export function locateValue(
  files: readonly IndexedValuesFile[],
  match: Pick<TemplateMatch, 'valuesPaths' | 'key' | 'value'>,
  focus: ValueFocus = {},
): { path: string; range: OffsetRange } | undefined {
  const value = match.value;
  if (value === '') return undefined;
  const winners = [...files].reverse();
  const quoted = new Set([...(focus.message ?? '').matchAll(/"([^"\n]+)"/g)].map((quote) => quote[1]));
  const found: { path: string; range: OffsetRange; scalar: string; key: string }[] = [];
  // The file that wins first: a value an environment overrides is found in that environment's file.
  for (const file of winners) {
    for (const referenced of match.valuesPaths) {
      const candidates = [match.key !== undefined ? `${referenced}.${match.key}` : undefined, referenced];
      for (const candidate of candidates) {
        if (candidate === undefined) continue;
        const entry = file.values.get(candidate);
        if (
          entry?.scalar !== undefined &&
          entry.scalar !== '' &&
          (entry.scalar === value || (!focus.exact && value.includes(entry.scalar))) &&
          !found.some((seen) => seen.path === file.path && seen.range[0] === entry.range[0])
        ) {
          found.push({ path: file.path, range: entry.range, scalar: entry.scalar, key: candidate });
        }
      }
    }
  }
  const keyed = focus.key;
  const chosen =
    found.find((candidate) => quoted.has(candidate.scalar)) ??
    (keyed ? found.find((candidate) => keyed.test(candidate.key.split('.').at(-1) ?? '')) : undefined) ??
    found[0];
  if (chosen) return { path: chosen.path, range: chosen.range };
  // No reference on the line: a key set to this very value, once, in a values file.
  if (match.key === undefined || focus.guessByKey === false) return undefined;
  for (const file of winners) {
    const hits = [...file.values.entries()].filter(
      ([path, entry]) => entry.scalar === value && (path === match.key || path.endsWith(`.${match.key}`)),
    );
    if (hits.length === 1) return { path: file.path, range: (hits[0] as [string, ValueEntry])[1].range };
  }
  return undefined;
}
