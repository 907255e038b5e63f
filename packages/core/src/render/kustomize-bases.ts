// Which files are resources of a kustomization beside them: kustomize completes those (commonLabels add
// the selector, patches add fields, `namespace:` sets every object's namespace), so a field they lack
// may be there once rendered. The namespace may also come from an overlay that builds on the folder.
import { type Dirent, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseManifest } from '../documents/yaml.ts';
import { readBoundedTextFile } from '../kube/bounded-read.ts';
import type { KustomizeNamespace } from '../types.ts';

const kustomizationNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const maxKustomizationSize = 1024 * 1024;
// Overlays sit beside their bases (base/ and overlays/prod/ under one folder): they are looked for
// this many folders up from a base, and this deep below there, within a bounded number of folders.
const overlaySearchLevelsUp = 2;
const overlaySearchDepth = 3;
const overlaySearchFolders = 300;
// Deeper chains of kustomizations than this are not followed (and cycles never).
const maxKustomizationChain = 8;

/** What the check of one file needs to know of the kustomizations around it (CheckOptions fields). */
export interface KustomizeOptions {
  kustomizeBase?: boolean;
  kustomizeNamespace?: KustomizeNamespace;
}

interface Kustomization {
  path: string;
  /** The files of its own folder it lists as resources (basenames). */
  files: ReadonlySet<string>;
  /** The folders it builds on (resources, bases and components that are folders), absolute. */
  folders: readonly string[];
  namespace?: string;
}

export class KustomizeBases {
  readonly #byFolder = new Map<string, Kustomization | null>();
  readonly #foundBelow = new Map<string, readonly string[]>();

  /** Whether the kustomization of the file's folder lists it among its resources. */
  has(absolutePath: string): boolean {
    return this.#kustomizationOf(dirname(absolutePath))?.files.has(basename(absolutePath)) === true;
  }

  /**
   * The namespace kustomize sets on the file's objects: its own kustomization's `namespace:`, else
   * that of an overlay found beside it that builds on its folder. Undefined when none is found.
   */
  namespaceOf(absolutePath: string): KustomizeNamespace | undefined {
    const folder = dirname(absolutePath);
    const own = this.#kustomizationOf(folder);
    if (!own?.files.has(basename(absolutePath))) return undefined;
    const setting = own.namespace !== undefined ? own : this.#overlaySettingNamespace(folder);
    if (setting?.namespace === undefined) return undefined;
    return { namespace: setting.namespace, kustomization: relative(folder, setting.path) };
  }

  /** Both answers as the fields of CheckOptions. */
  optionsFor(absolutePath: string): KustomizeOptions {
    if (!this.has(absolutePath)) return {};
    const kustomizeNamespace = this.namespaceOf(absolutePath);
    return { kustomizeBase: true, ...(kustomizeNamespace ? { kustomizeNamespace } : {}) };
  }

  #overlaySettingNamespace(base: string): Kustomization | undefined {
    let around = base;
    for (let level = 0; level < overlaySearchLevelsUp; level++) {
      const parent = dirname(around);
      if (parent === around) break;
      around = parent;
      for (const folder of this.#kustomizationFoldersBelow(around)) {
        const overlay = this.#kustomizationOf(folder);
        if (overlay?.namespace !== undefined && folder !== base && this.#buildsOn(overlay, base, new Set()))
          return overlay;
      }
      // The top of a repository: its neighbours are other projects.
      if (safeEntries(around).some((entry) => entry.name === '.git')) break;
    }
    return undefined;
  }

  #buildsOn(kustomization: Kustomization, base: string, seen: Set<string>): boolean {
    if (seen.size >= maxKustomizationChain) return false;
    for (const folder of kustomization.folders) {
      if (folder === base) return true;
      if (seen.has(folder)) continue;
      seen.add(folder);
      const next = this.#kustomizationOf(folder);
      if (next && this.#buildsOn(next, base, seen)) return true;
    }
    return false;
  }

  /** Folders holding a kustomization at most overlaySearchDepth below `top`, in name order. */
  #kustomizationFoldersBelow(top: string): readonly string[] {
    const cached = this.#foundBelow.get(top);
    if (cached) return cached;
    const found: string[] = [];
    const queue: [string, number][] = [[top, 0]];
    let visited = 0;
    while (queue.length > 0 && visited < overlaySearchFolders) {
      const [folder, depth] = queue.shift() as [string, number];
      visited += 1;
      const entries = safeEntries(folder);
      if (entries.some((entry) => !entry.isDirectory() && kustomizationNames.includes(entry.name))) found.push(folder);
      if (depth === overlaySearchDepth) continue;
      for (const entry of entries) {
        if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
        queue.push([join(folder, entry.name), depth + 1]);
      }
    }
    this.#foundBelow.set(top, found);
    return found;
  }

  #kustomizationOf(folder: string): Kustomization | undefined {
    const cached = this.#byFolder.get(folder);
    if (cached !== undefined) return cached ?? undefined;
    let read: Kustomization | undefined;
    for (const name of kustomizationNames) {
      const path = join(folder, name);
      const text = readSmallFile(path);
      if (text === undefined) continue;
      read = readKustomization(path, folder, text);
      break;
    }
    this.#byFolder.set(folder, read ?? null);
    return read;
  }
}

function readKustomization(path: string, folder: string, text: string): Kustomization {
  const files = new Set<string>();
  const folders: string[] = [];
  let namespace: string | undefined;
  for (const document of parseManifest(text).documents) {
    const contents = document.problems.length === 0 ? (document.document.toJSON() as unknown) : undefined;
    if (!contents || typeof contents !== 'object') continue;
    const fields = contents as { resources?: unknown; bases?: unknown; components?: unknown; namespace?: unknown };
    if (typeof fields.namespace === 'string' && fields.namespace !== '') namespace = fields.namespace;
    const entries = [fields.resources, fields.bases, fields.components].flatMap((list) =>
      Array.isArray(list) ? list : [],
    );
    for (const entry of entries) {
      // A URL is fetched by kustomize, not read here.
      if (typeof entry !== 'string' || entry.includes('://')) continue;
      const target = resolve(folder, entry);
      // Files of this folder are its resources; a folder has its own kustomization.
      if (dirname(target) === folder) files.add(basename(target));
      if (!/\.(ya?ml|json)$/i.test(entry)) folders.push(target);
    }
  }
  return { path, files, folders, ...(namespace !== undefined ? { namespace } : {}) };
}

/** The entries of a folder in name order; none when it cannot be read. */
function safeEntries(folder: string): Dirent[] {
  try {
    return readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  } catch {
    return [];
  }
}

/** A regular file within the limit; never waits on a FIFO or reads a device. */
function readSmallFile(path: string): string | undefined {
  try {
    return readBoundedTextFile(path, maxKustomizationSize);
  } catch {
    return undefined;
  }
}
