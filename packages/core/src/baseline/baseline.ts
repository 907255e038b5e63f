// The baseline file (`.lsst-baseline.json`): the findings a repository had when it adopted the
// check, recorded so that only new ones are reported. Pure: the caller reads and writes the file.
import { LineCounter, parseDocument } from 'yaml';
import { compareText, type Finding, type ObjectLocation } from '../types.ts';

export const baselineVersion = 1;
/** Where the published JSON Schema of the file lives (packages/core/schema/lsst-baseline.schema.json). */
export const baselineSchemaUri =
  'https://github.com/lsst-dm/kubectl-lsst/blob/main/packages/core/schema/lsst-baseline.schema.json';

/** The object a finding is about, as a baseline names it (apiVersion left out: it changes on migrations). */
export interface BaselineObject {
  kind: string;
  namespace?: string;
  name?: string;
  container?: string;
}

export interface BaselineEntry {
  rule: string;
  /** The file, relative to the baseline file's folder, with `/` separators. */
  file: string;
  object?: BaselineObject;
  /** Of the offending text (fingerprint.ts). */
  fingerprint: string;
  /** The message when it was recorded: for the reviewer, and to recognise a finding whose text changed. */
  message: string;
}

export interface Baseline {
  version: typeof baselineVersion;
  entries: BaselineEntry[];
}

/** A bad baseline file, with where the problem is and what to do. */
export class BaselineError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${problem}`);
    this.name = 'BaselineError';
  }
}

/** The entry that records a finding found in `file` (relative to the baseline's folder). */
export function baselineEntryFor(finding: Finding, file: string, fingerprint: string): BaselineEntry {
  const entry: BaselineEntry = { rule: finding.rule, file, fingerprint, message: finding.message };
  if (finding.object) entry.object = baselineObject(finding.object);
  return entry;
}

function baselineObject(object: ObjectLocation): BaselineObject {
  const described: BaselineObject = { kind: object.kind };
  if (object.namespace !== undefined) described.namespace = object.namespace;
  if (object.name !== undefined) described.name = object.name;
  if (object.container !== undefined) described.container = object.container;
  return described;
}

const objectKeys = ['kind', 'namespace', 'name', 'container'] as const;

function objectKey(object: BaselineObject | undefined): string {
  return object ? objectKeys.map((key) => object[key] ?? '').join('\u0000') : '';
}

function sortKey(entry: BaselineEntry): string[] {
  return [entry.file, entry.rule, objectKey(entry.object), entry.fingerprint, entry.message];
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const left = sortKey(a);
  const right = sortKey(b);
  for (let index = 0; index < left.length; index++) {
    const order = compareText(left[index] ?? '', right[index] ?? '');
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * The file's text: entries sorted by file, rule, object and fingerprint, keys in a fixed order,
 * one key a line, so that a review sees exactly which findings came and went.
 */
export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  const sorted = [...entries].sort(compareEntries).map((entry) => {
    const ordered: BaselineEntry = { rule: entry.rule, file: entry.file } as BaselineEntry;
    if (entry.object) ordered.object = baselineObject(entry.object as ObjectLocation);
    ordered.fingerprint = entry.fingerprint;
    ordered.message = entry.message;
    return ordered;
  });
  const document = { $schema: baselineSchemaUri, version: baselineVersion, entries: sorted };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * Reads a baseline file's text.
 * @throws {BaselineError} naming the line, column and what is wrong.
 */
export function parseBaseline(text: string, file: string): Baseline {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const [line, column] = jsonErrorPosition(text, (error as Error).message);
    throw new BaselineError(
      file,
      line,
      column,
      `not valid JSON (${(error as Error).message.replace(/\s*\(line \d+ column \d+\)$/, '')}). Fix it, or write it again with --write-baseline.`,
    );
  }
  const locate = locator(text);
  const fail = (path: (string | number)[], problem: string): never => {
    const [line, column] = locate(path);
    throw new BaselineError(file, line, column, `${problem} Fix it, or write the file again with --write-baseline.`);
  };
  if (!isRecord(value)) return fail([], 'a baseline is a JSON object with "version" and "entries".');
  if (value.version !== baselineVersion) {
    return fail(
      ['version'],
      `"version" is ${JSON.stringify(value.version) ?? 'missing'}; this kubectl-lsst reads baseline version ${baselineVersion}.`,
    );
  }
  if (!Array.isArray(value.entries)) return fail(['entries'], '"entries" must be a list.');
  const entries: BaselineEntry[] = [];
  for (const [index, raw] of (value.entries as unknown[]).entries()) {
    const at = ['entries', index];
    if (!isRecord(raw)) return fail(at, `entry ${index + 1} must be an object.`);
    for (const key of ['rule', 'file', 'fingerprint', 'message'] as const) {
      if (typeof raw[key] !== 'string' || raw[key] === '') {
        fail(raw[key] === undefined ? at : [...at, key], `entry ${index + 1}: "${key}" must be a non-empty string.`);
      }
    }
    for (const key of Object.keys(raw)) {
      if (!['rule', 'file', 'object', 'fingerprint', 'message'].includes(key)) {
        fail([...at, key], `entry ${index + 1}: unknown key "${key}".`);
      }
    }
    if (!/^[0-9a-f]{16}$/.test(raw.fingerprint as string)) {
      fail([...at, 'fingerprint'], `entry ${index + 1}: "fingerprint" must be 16 hexadecimal digits.`);
    }
    const entry: BaselineEntry = {
      rule: raw.rule as string,
      file: raw.file as string,
      fingerprint: raw.fingerprint as string,
      message: raw.message as string,
    };
    if (raw.object !== undefined) {
      const object = raw.object;
      if (!isRecord(object) || typeof object.kind !== 'string') {
        return fail([...at, 'object'], `entry ${index + 1}: "object" must be an object with a "kind".`);
      }
      for (const key of Object.keys(object)) {
        if (!(objectKeys as readonly string[]).includes(key) || typeof object[key] !== 'string') {
          fail(
            [...at, 'object', key],
            `entry ${index + 1}: "object.${key}" is not kind, namespace, name or container.`,
          );
        }
      }
      entry.object = object as unknown as BaselineObject;
    }
    entries.push(entry);
  }
  return { version: baselineVersion, entries };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Line and column of a JSON.parse error, from its message (Node states an offset, newer ones a line too). */
function jsonErrorPosition(text: string, message: string): [number, number] {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return [Number(lineColumn[1]), Number(lineColumn[2])];
  const position = /position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : text.length;
  return lineAndColumn(text, offset);
}

function lineAndColumn(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return [line, offset - before.lastIndexOf('\n')];
}

/** Where a path of keys is in the text; the whole file's start when it cannot be found. */
function locator(text: string): (path: (string | number)[]) => [number, number] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, keepSourceTokens: false });
  return (path) => {
    // The deepest node of the path that exists: its key when it is a key, else its value.
    for (let length = path.length; length > 0; length--) {
      const node = document.getIn(path.slice(0, length), true) as { range?: [number, number] } | undefined;
      if (node?.range) {
        const position = lineCounter.linePos(node.range[0]);
        return [position.line, position.col];
      }
    }
    return [1, 1];
  };
}

/** Where a baseline entry's file stands in this run. */
export type BaselineFileStatus =
  /** The run checked it: an entry with no finding there is fixed. */
  | 'checked'
  /** It no longer exists: renamed (its findings may be in another file) or deleted. */
  | 'missing'
  /** It exists but this run did not check it: its entries are neither matched nor fixed. */
  | 'unchecked';

export interface BaselineMatch {
  /** Per finding, in order: the entry it matched, or undefined when it is new. */
  matches: (BaselineEntry | undefined)[];
  /** Entries whose finding is gone. */
  fixed: BaselineEntry[];
  /** Entries of files this run did not check, kept as they are. */
  unchecked: BaselineEntry[];
}

/**
 * Matches this run's findings (as entries: what each would be recorded as) with a baseline's
 * entries, each entry at most once:
 * 1. same rule, file, object and fingerprint: the finding moved, or others moved around it;
 * 2. same rule, file, object and message: the offending text itself was edited, not the problem;
 *    an object recorded without a namespace matches the same object that now has one;
 * 3. for an entry whose file is gone, the same in a file the baseline does not know: a renamed file.
 */
export function matchBaseline(
  entries: readonly BaselineEntry[],
  findings: readonly BaselineEntry[],
  statusOf: (file: string) => BaselineFileStatus,
): BaselineMatch {
  const matches: (BaselineEntry | undefined)[] = findings.map(() => undefined);
  const status = new Map<string, BaselineFileStatus>();
  const statusOfFile = (file: string) => {
    let known = status.get(file);
    if (known === undefined) {
      known = statusOf(file);
      status.set(file, known);
    }
    return known;
  };
  const unchecked: BaselineEntry[] = [];
  const open: BaselineEntry[] = [];
  for (const entry of entries) (statusOfFile(entry.file) === 'unchecked' ? unchecked : open).push(entry);
  const baselineFiles = new Set(entries.map((entry) => entry.file));

  const pass = (
    key: (entry: BaselineEntry) => string,
    entryApplies: (entry: BaselineEntry) => boolean,
    findingApplies: (finding: BaselineEntry) => boolean,
  ) => {
    const waiting = new Map<string, BaselineEntry[]>();
    for (const entry of open) {
      if (!entryApplies(entry)) continue;
      const list = waiting.get(key(entry));
      if (list) list.push(entry);
      else waiting.set(key(entry), [entry]);
    }
    const taken = new Set<BaselineEntry>();
    findings.forEach((finding, index) => {
      if (matches[index] !== undefined || !findingApplies(finding)) return;
      const entry = waiting.get(key(finding))?.shift();
      if (!entry) return;
      matches[index] = entry;
      taken.add(entry);
    });
    if (taken.size > 0) open.splice(0, open.length, ...open.filter((entry) => !taken.has(entry)));
  };
  const identity = (entry: BaselineEntry) => [entry.rule, entry.file, objectKey(entry.object)].join('\u0001');
  const always = () => true;
  pass((entry) => `${identity(entry)}\u0001${entry.fingerprint}`, always, always);
  pass((entry) => `${identity(entry)}\u0001${entry.message}`, always, always);
  // Setting a namespace is a common fix: an object recorded without one is still itself with one.
  const withoutNamespace = (entry: BaselineEntry) =>
    [entry.rule, entry.file, objectKey(entry.object && { ...entry.object, namespace: undefined })].join('\u0001');
  const recordedWithoutNamespace = (entry: BaselineEntry) =>
    entry.object !== undefined && entry.object.namespace === undefined;
  pass((entry) => `${withoutNamespace(entry)}\u0001${entry.fingerprint}`, recordedWithoutNamespace, always);
  const moved = (entry: BaselineEntry) => statusOfFile(entry.file) === 'missing';
  const newFile = (finding: BaselineEntry) => !baselineFiles.has(finding.file);
  const identityAnywhere = (entry: BaselineEntry) => [entry.rule, objectKey(entry.object)].join('\u0001');
  pass((entry) => `${identityAnywhere(entry)}\u0001${entry.fingerprint}`, moved, newFile);
  pass((entry) => `${identityAnywhere(entry)}\u0001${entry.message}`, moved, newFile);
  return { matches, fixed: open, unchecked };
}
