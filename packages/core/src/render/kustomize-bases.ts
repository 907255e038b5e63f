// Which files are resources of a kustomization beside them: kustomize completes those (commonLabels add
// the selector, patches add fields, `namespace:` sets every object's namespace), so a field they lack
// may be there once rendered. The namespace may also come from an overlay that builds on the folder.
import { type Dirent, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import { parseManifest } from '../documents/yaml.ts';
import { readBoundedTextFile } from '../kube/bounded-read.ts';
import type { KustomizeImageEntry, KustomizeImages, KustomizeNamespace } from '../types.ts';

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
  kustomizeImages?: readonly KustomizeImages[];
}

interface Kustomization {
  path: string;
  /** The files of its own folder it lists as resources (basenames). */
  files: ReadonlySet<string>;
  /** The folders it builds on (resources, bases and components that are folders), absolute. */
  folders: readonly string[];
  namespace?: string;
  images: readonly KustomizeImageEntry[];
}

export class KustomizeBases {
  readonly #byFolder = new Map<string, Kustomization | null>();
  readonly #foundBelow = new Map<string, readonly string[]>();
  readonly #overlays = new Map<string, Kustomization[]>();

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
    const setting = own.namespace !== undefined ? own : this.#overlaysOf(folder).find((overlay) => overlay.namespace);
    if (setting?.namespace === undefined) return undefined;
    return { namespace: setting.namespace, kustomization: relative(folder, setting.path) };
  }

  /** The `images:` that apply to the file's objects: its own kustomization's, then each overlay's found beside it. */
  imagesOf(absolutePath: string): KustomizeImages[] {
    const folder = dirname(absolutePath);
    const own = this.#kustomizationOf(folder);
    if (!own?.files.has(basename(absolutePath))) return [];
    return [own, ...this.#overlaysOf(folder)]
      .filter((kustomization) => kustomization.images.length > 0)
      .map((kustomization) => ({
        kustomization: relative(folder, kustomization.path),
        own: kustomization === own,
        images: kustomization.images,
      }));
  }

  /** The answers as the fields of CheckOptions. */
  optionsFor(absolutePath: string): KustomizeOptions {
    if (!this.has(absolutePath)) return {};
    const kustomizeNamespace = this.namespaceOf(absolutePath);
    const kustomizeImages = this.imagesOf(absolutePath);
    return {
      kustomizeBase: true,
      ...(kustomizeNamespace ? { kustomizeNamespace } : {}),
      ...(kustomizeImages.length > 0 ? { kustomizeImages } : {}),
    };
  }

  /** The kustomizations found beside the base that build on its folder (directly or through others), in path order. */
  #overlaysOf(base: string): Kustomization[] {
    const cached = this.#overlays.get(base);
    if (cached) return cached;
    const overlays: Kustomization[] = [];
    let around = base;
    for (let level = 0; level < overlaySearchLevelsUp; level++) {
      const parent = dirname(around);
      if (parent === around) break;
      around = parent;
      for (const folder of this.#kustomizationFoldersBelow(around)) {
        const overlay = this.#kustomizationOf(folder);
        if (!overlay || folder === base || overlays.includes(overlay)) continue;
        if (this.#buildsOn(overlay, base, new Set())) overlays.push(overlay);
      }
      // The top of a repository: its neighbours are other projects.
      if (safeEntries(around).some((entry) => entry.name === '.git')) break;
    }
    this.#overlays.set(base, overlays);
    return overlays;
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
  const images: KustomizeImageEntry[] = [];
  let namespace: string | undefined;
  for (const document of parseManifest(text).documents) {
    const contents = document.problems.length === 0 ? (document.document.toJSON() as unknown) : undefined;
    if (!contents || typeof contents !== 'object') continue;
    const fields = contents as {
      resources?: unknown;
      bases?: unknown;
      components?: unknown;
      namespace?: unknown;
      images?: unknown;
    };
    if (typeof fields.namespace === 'string' && fields.namespace !== '') namespace = fields.namespace;
    if (Array.isArray(fields.images)) {
      const written = document.document.get('images', true);
      fields.images.forEach((entry, index) => {
        images.push(...imageEntry(entry, tagAsWritten(written, index, text)));
      });
    }
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
  return { path, files, folders, images, ...(namespace !== undefined ? { namespace } : {}) };
}

/** The text of entry `index`'s newTag as written, for a tag YAML reads as a number (1.20, not 1.2). */
function tagAsWritten(images: unknown, index: number, text: string): string | undefined {
  if (!isSeq(images)) return undefined;
  const entry = images.items[index];
  const tag = isMap(entry) ? entry.get('newTag', true) : undefined;
  return isScalar(tag) && tag.range ? text.slice(tag.range[0], tag.range[1]).trim() : undefined;
}

/** An `images:` entry that names an image and changes it; anything else is left out. */
function imageEntry(entry: unknown, writtenTag: string | undefined): KustomizeImageEntry[] {
  if (!entry || typeof entry !== 'object') return [];
  const { name, newName, newTag, digest } = entry as Record<string, unknown>;
  if (typeof name !== 'string' || name === '') return [];
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  // A tag written as a number (newTag: 1.20) is read as one; kustomize takes its text.
  const tag = typeof newTag === 'number' ? writtenTag : text(newTag);
  const changed: KustomizeImageEntry = {
    name,
    ...(text(newName) ? { newName: text(newName) as string } : {}),
    ...(tag ? { newTag: tag } : {}),
    ...(text(digest) ? { digest: text(digest) as string } : {}),
  };
  return changed.newName || changed.newTag || changed.digest ? [changed] : [];
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
