// Which files are resources of a kustomization beside them: kustomize completes those (commonLabels add
// the selector, patches add fields, `namespace:` sets every object's namespace), so a field they lack
// may be there once rendered; a patch holds only the fields it changes. The namespace may also come from
// an overlay that builds on the folder.
import { type Dirent, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import { parseManifest } from '../documents/yaml.ts';
import { readBoundedTextFile } from '../kube/bounded-read.ts';
import type { KustomizeImageEntry, KustomizeImages, KustomizeNamespace } from '../types.ts';
import { RepositoryTops } from './repository-tops.ts';

const kustomizationNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const maxKustomizationSize = 1024 * 1024;
// Overlays sit beside their bases (base/ and overlays/prod/ under one folder): they are looked for
// this many folders up from a base, and this deep below there, within a bounded number of folders.
const overlaySearchLevelsUp = 2;
const overlaySearchDepth = 3;
const overlaySearchFolders = 300;
// A file named as a patch: `manager_config_patch.yaml`, `patch-replicas.yaml`, `patches.yaml`.
const patchName = /(?:^|[-_.])patch(?:es)?(?:[-_.]|$)/i;
// A kustomization lists files of its own folder, or of folders below it: this many levels are looked up.
const listingLevelsUp = 2;
// Deeper chains of kustomizations than this are not followed (and cycles never).
const maxKustomizationChain = 8;

/** What the check of one file needs to know of the kustomizations around it (CheckOptions fields). */
export interface KustomizeOptions {
  kustomizeData?: string;
  kustomizeBase?: boolean;
  kustomizePatch?: boolean;
  kustomizeNamespace?: KustomizeNamespace;
  kustomizeImages?: readonly KustomizeImages[];
}

interface Kustomization {
  path: string;
  folder: string;
  /** The files it lists as resources, absolute. */
  files: ReadonlySet<string>;
  /** The files it applies as patches (patchesStrategicMerge, patches[].path), absolute. */
  patches: ReadonlySet<string>;
  /** The files its ConfigMap and Secret generators read as data, absolute. */
  data: ReadonlySet<string>;
  /** The folders it builds on (resources, bases and components that are folders), absolute. */
  folders: readonly string[];
  namespace?: string;
  images: readonly KustomizeImageEntry[];
}

export class KustomizeBases {
  readonly #byFolder = new Map<string, Kustomization | null>();
  readonly #foundBelow = new Map<string, readonly string[]>();
  readonly #overlays = new Map<string, Kustomization[]>();
  readonly #repositoryTops = new RepositoryTops();

  /** Whether a kustomization in the file's folder, or one or two folders up, lists it among its resources. */
  has(absolutePath: string): boolean {
    return this.#listing(absolutePath, 'files') !== undefined;
  }

  /** The kustomization (relative to the file's folder) whose ConfigMap or Secret generator reads the file as data. */
  dataOf(absolutePath: string): string | undefined {
    const generating = this.#listing(absolutePath, 'data');
    return generating ? relative(dirname(absolutePath), generating.path) : undefined;
  }

  /**
   * Whether a kustomization in the file's folder, or one or two folders up, applies it as a patch; or the file is
   * named as one (`manager_config_patch.yaml`) beside a kustomization that does not list it as a resource, as
   * scaffolds leave patches that are switched on by uncommenting a line.
   */
  isPatch(absolutePath: string): boolean {
    if (this.#listing(absolutePath, 'patches') !== undefined) return true;
    return (
      patchName.test(basename(absolutePath)) &&
      this.#kustomizationOf(dirname(absolutePath)) !== undefined &&
      !this.has(absolutePath)
    );
  }

  /**
   * The namespace kustomize sets on the file's objects: its kustomization's `namespace:`, else that
   * of an overlay found beside it that builds on that kustomization's folder. Undefined when none is found.
   */
  namespaceOf(absolutePath: string): KustomizeNamespace | undefined {
    const own = this.#listing(absolutePath, 'files');
    if (!own) return undefined;
    const setting =
      own.namespace !== undefined ? own : this.#overlaysOf(own.folder).find((overlay) => overlay.namespace);
    if (setting?.namespace === undefined) return undefined;
    return { namespace: setting.namespace, kustomization: relative(dirname(absolutePath), setting.path) };
  }

  /** The `images:` that apply to the file's objects: its kustomization's, then each overlay's found beside it. */
  imagesOf(absolutePath: string): KustomizeImages[] {
    const own = this.#listing(absolutePath, 'files') ?? this.#listing(absolutePath, 'patches');
    if (!own) return [];
    return [own, ...this.#overlaysOf(own.folder)]
      .filter((kustomization) => kustomization.images.length > 0)
      .map((kustomization) => ({
        kustomization: relative(dirname(absolutePath), kustomization.path),
        own: kustomization === own,
        images: kustomization.images,
      }));
  }

  /** The answers as the fields of CheckOptions. */
  optionsFor(absolutePath: string): KustomizeOptions {
    const generatedBy = this.dataOf(absolutePath);
    if (generatedBy !== undefined) return { kustomizeData: generatedBy };
    const patch = this.isPatch(absolutePath);
    if (!patch && !this.has(absolutePath)) return {};
    const kustomizeNamespace = patch ? undefined : this.namespaceOf(absolutePath);
    const kustomizeImages = this.imagesOf(absolutePath);
    return {
      ...(patch ? { kustomizePatch: true } : { kustomizeBase: true }),
      ...(kustomizeNamespace ? { kustomizeNamespace } : {}),
      ...(kustomizeImages.length > 0 ? { kustomizeImages } : {}),
    };
  }

  /** The nearest kustomization (the file's folder, then up to two folders up) that lists the file as `kind`. */
  #listing(absolutePath: string, kind: 'files' | 'patches' | 'data'): Kustomization | undefined {
    let folder = dirname(absolutePath);
    for (let level = 0; level <= listingLevelsUp; level++) {
      const kustomization = this.#kustomizationOf(folder);
      if (kustomization?.[kind].has(absolutePath)) return kustomization;
      // A repository's top: the folders above it are other projects.
      const parent = dirname(folder);
      if (parent === folder || this.#repositoryTops.has(folder)) break;
      folder = parent;
    }
    return undefined;
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
      if (this.#repositoryTops.has(around)) break;
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
  const patches = new Set<string>();
  const data = new Set<string>();
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
      patchesStrategicMerge?: unknown;
      patches?: unknown;
      configMapGenerator?: unknown;
      secretGenerator?: unknown;
    };
    if (typeof fields.namespace === 'string' && fields.namespace !== '') namespace = fields.namespace;
    if (Array.isArray(fields.images)) {
      const written = document.document.get('images', true);
      fields.images.forEach((entry, index) => {
        images.push(...imageEntry(entry, tagAsWritten(written, index, text)));
      });
    }
    for (const entry of [fields.resources, fields.bases, fields.components].flatMap(listOf)) {
      const target = localPath(folder, entry);
      if (target === undefined) continue;
      // A file is a resource; a folder has its own kustomization (a file of this folder with another name may be either).
      const isFile = /\.(ya?ml|json)$/i.test(target);
      if (isFile || dirname(target) === folder) files.add(target);
      if (!isFile) folders.push(target);
    }
    // Patches hold only the fields they change: a file named here, or an inline patch (which is no file).
    const patchPaths = [
      ...listOf(fields.patchesStrategicMerge),
      ...listOf(fields.patches).map((patch) =>
        patch && typeof patch === 'object' ? (patch as { path?: unknown }).path : undefined,
      ),
    ];
    for (const entry of patchPaths) {
      const target = localPath(folder, entry);
      if (target !== undefined && !target.includes('\n')) patches.add(target);
    }
    // A generator's files are data (`files: [config.yaml]`, or `key=config.yaml`), however they look.
    for (const generator of [...listOf(fields.configMapGenerator), ...listOf(fields.secretGenerator)]) {
      const files = generator && typeof generator === 'object' ? (generator as { files?: unknown }).files : undefined;
      for (const entry of listOf(files)) {
        const target = localPath(folder, typeof entry === 'string' ? entry.slice(entry.indexOf('=') + 1) : entry);
        if (target !== undefined) data.add(target);
      }
    }
  }
  return { path, folder, files, patches, data, folders, images, ...(namespace !== undefined ? { namespace } : {}) };
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** An entry that names a local file or folder, resolved; undefined for a URL (kustomize fetches it) or anything else. */
function localPath(folder: string, entry: unknown): string | undefined {
  if (typeof entry !== 'string' || entry === '' || entry.includes('://')) return undefined;
  return resolve(folder, entry);
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
