// A chart's `file://` dependencies that are not in its charts/ folder, vendored into a temporary
// copy so that it renders offline, as `helm dependency build` would, without touching the chart.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { readBoundedTextFile } from '../kube/bounded-read.ts';

export interface ChartDependency {
  name: string;
  /** The name it renders under (`charts/<alias>/` in helm's output), when set. */
  alias?: string;
  repository?: string;
}

/** The `dependencies` of a Chart.yaml; empty when it has none or cannot be read. */
export function chartDependencies(chartText: string): ChartDependency[] {
  let document: ReturnType<typeof parseDocument>;
  try {
    document = parseDocument(chartText);
  } catch {
    return [];
  }
  const contents = document.contents;
  const list = isMap(contents) ? contents.get('dependencies', true) : undefined;
  if (!isSeq(list)) return [];
  const dependencies: ChartDependency[] = [];
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const name = item.get('name', true);
    const repository = item.get('repository', true);
    const alias = item.get('alias', true);
    if (!isScalar(name) || typeof name.value !== 'string') continue;
    dependencies.push({
      name: name.value,
      ...(isScalar(alias) && typeof alias.value === 'string' ? { alias: alias.value } : {}),
      ...(isScalar(repository) && typeof repository.value === 'string' ? { repository: repository.value } : {}),
    });
  }
  return dependencies;
}

/** Whether charts/ holds the dependency: a folder whose Chart.yaml names it, or its packaged `.tgz`. */
export function isVendored(chartDirectory: string, name: string): boolean {
  const folder = join(chartDirectory, 'charts');
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return false;
  }
  for (const entry of entries) {
    if (entry.endsWith('.tgz') && entry.startsWith(`${name}-`)) return true;
    const chartFile = join(folder, entry, 'Chart.yaml');
    if (!existsSync(chartFile)) continue;
    const text = readSmall(chartFile);
    if (text !== undefined && new RegExp(`^name:\\s*["']?${escapeRegExp(name)}["']?\\s*$`, 'm').test(text)) return true;
  }
  return false;
}

export interface PreparedChart {
  /** The folder to render: the chart itself, or a temporary copy with its local dependencies in charts/. */
  directory: string;
  /** Folders of vendored dependencies by the path helm prints for them (`charts/<name>`, nested too). */
  vendored: Map<string, string>;
  /** Removes the temporary copy. */
  cleanup(): Promise<void>;
}

/**
 * The chart ready to render offline: when a `file://` dependency is missing from charts/, a
 * temporary copy with it (and its own local dependencies) in charts/; else the chart itself.
 */
export async function prepareChart(chartDirectory: string): Promise<PreparedChart> {
  const unchanged: PreparedChart = { directory: chartDirectory, vendored: new Map(), cleanup: async () => {} };
  const missing = missingLocalDependencies(chartDirectory);
  if (missing.length === 0) return unchanged;
  // Loaded here: node:fs/promises (and the readline and watcher modules it brings) costs 2 ms of every start.
  const { cp, mkdtemp, rm } = await import('node:fs/promises');
  const temporary = await mkdtemp(join(tmpdir(), 'lsst-chart-'));
  const remove = () => rm(temporary, { recursive: true, force: true });
  const copy = join(temporary, basename(chartDirectory));
  const vendored = new Map<string, string>();
  try {
    await cp(chartDirectory, copy, { recursive: true, dereference: false });
    await vendorInto(copy, missing, [''], vendored, 0);
  } catch {
    // Not copied: helm's own message about the missing dependency then says what to do.
    await remove();
    return unchanged;
  }
  return { directory: copy, vendored, cleanup: remove };
}

interface LocalDependency {
  name: string;
  /** The names it renders under: its aliases, else its name. */
  printedAs: string[];
  /** The dependency's folder, resolved from the chart that names it. */
  source: string;
}

function missingLocalDependencies(chartDirectory: string): LocalDependency[] {
  const text = readSmall(join(chartDirectory, 'Chart.yaml'));
  if (text === undefined) return [];
  const missing = new Map<string, LocalDependency>();
  for (const dependency of chartDependencies(text)) {
    if (!dependency.repository?.startsWith('file://') || isVendored(chartDirectory, dependency.name)) continue;
    const source = resolve(chartDirectory, dependency.repository.slice('file://'.length));
    if (!isDirectory(source)) continue;
    // One copy serves every alias of the same chart.
    const known = missing.get(dependency.name) ?? { name: dependency.name, printedAs: [], source };
    known.printedAs.push(dependency.alias ?? dependency.name);
    missing.set(dependency.name, known);
  }
  return [...missing.values()];
}

/** Copies each dependency into `<copy>/charts/<name>`, then its own missing local dependencies, a few levels deep. */
async function vendorInto(
  copy: string,
  dependencies: readonly LocalDependency[],
  prefixes: readonly string[],
  vendored: Map<string, string>,
  depth: number,
): Promise<void> {
  if (depth > 8) return;
  const { cp } = await import('node:fs/promises');
  for (const dependency of dependencies) {
    const target = join(copy, 'charts', dependency.name);
    await cp(dependency.source, target, { recursive: true, dereference: false });
    const printed = prefixes.flatMap((prefix) => dependency.printedAs.map((name) => `${prefix}charts/${name}`));
    for (const path of printed) vendored.set(path, dependency.source);
    await vendorInto(
      target,
      missingLocalDependencies(dependency.source),
      printed.map((path) => `${path}/`),
      vendored,
      depth + 1,
    );
  }
}

function readSmall(path: string): string | undefined {
  try {
    return readBoundedTextFile(path, 1024 * 1024);
  } catch {
    return undefined;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
