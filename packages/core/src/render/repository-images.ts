// A repository that deploys its own service keeps the Dockerfile that builds the image beside its manifests
// (ltd-keeper: manifests/base/ and a Dockerfile at the top of a checkout named as the image). What that image
// runs as is written in the Dockerfile, which a check of the manifest would not see otherwise.
import { type Stats, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { type DockerfileModel, parseDockerfile } from '../documents/dockerfile.ts';
import { readBoundedTextFile } from '../kube/bounded-read.ts';
import type { RepositoryImage } from '../rules/rule.ts';
import { RepositoryTops } from './repository-tops.ts';

const maxDockerfileSize = 1024 * 1024;

/** A Dockerfile near the one checked, read to learn what its image runs as; undefined when it cannot be read. */
export function readNearbyDockerfile(path: string): DockerfileModel | undefined {
  try {
    return parseDockerfile(readBoundedTextFile(path, maxDockerfileSize));
  } catch {
    // No such file, too large, unreadable or not a file: nothing is known of the image.
    return undefined;
  }
}
// Without a repository's top (a copy outside git), the folders this far above a manifest are looked at.
const maxFoldersUp = 4;
// An image's last path part, as a folder can be named: no variable, no path.
const folderLikeName = /^[a-z0-9][a-z0-9._-]*$/;

/** A Dockerfile as last read, with the size and time of change it had then. */
interface ReadDockerfile {
  version: string;
  image: Omit<RepositoryImage, 'dockerfile'> | undefined;
}

/**
 * The images that the Dockerfiles of a manifest's repository build, found by the image's name: the Dockerfile of a
 * folder named as the image, that folder being the manifest's own, one above it up to the repository's top, or
 * one beside any of those. In one run of the CLI each Dockerfile is read once; an instance kept across checks (the
 * editor's, `rereadEachCheck`) reads again a Dockerfile whose size or time of change moved.
 */
export class RepositoryImages {
  readonly #repositoryTops = new RepositoryTops();
  readonly #dockerfiles = new Map<string, ReadDockerfile | null>();
  // Where each folder's manifests find each image's Dockerfile: a run asks it for every container of every object.
  readonly #found = new Map<string, string | null>();
  readonly #rereadEachCheck: boolean;

  constructor(options: { rereadEachCheck?: boolean } = {}) {
    this.#rereadEachCheck = options.rereadEachCheck ?? false;
  }

  /** The image of this name (its last path part, without the tag) built for the manifest at this path. */
  builtFor(manifestPath: string, name: string): RepositoryImage | undefined {
    if (!folderLikeName.test(name)) return undefined;
    const manifestFolder = dirname(resolve(manifestPath));
    const key = `${manifestFolder}\u0000${name}`;
    let path = this.#found.get(key);
    if (path === undefined || this.#rereadEachCheck) {
      path = this.#dockerfileFor(manifestFolder, name) ?? null;
      this.#found.set(key, path);
    }
    const image = path === null ? undefined : this.#read(path)?.image;
    return image ? { ...image, dockerfile: relative(manifestFolder, path as string) } : undefined;
  }

  /** The Dockerfile that builds the image of this name for the manifests of this folder, when one does. */
  #dockerfileFor(manifestFolder: string, name: string): string | undefined {
    let folder = manifestFolder;
    for (let up = 0; up <= maxFoldersUp; up++) {
      const candidates = basename(folder) === name ? [folder, join(folder, name)] : [join(folder, name)];
      for (const imageFolder of candidates) {
        const path = join(imageFolder, 'Dockerfile');
        if (this.#read(path)?.image) return path;
      }
      const parent = dirname(folder);
      // The folders above a repository's top are other projects.
      if (parent === folder || this.#repositoryTops.has(folder)) break;
      folder = parent;
    }
    return undefined;
  }

  #read(path: string): ReadDockerfile | undefined {
    const known = this.#dockerfiles.get(path);
    if (known !== undefined && !this.#rereadEachCheck) return known ?? undefined;
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch {
      this.#dockerfiles.set(path, null);
      return undefined;
    }
    const version = `${stats.size}:${stats.mtimeMs}`;
    if (known && known.version === version) return known;
    const model = readNearbyDockerfile(path);
    const read = { version, image: model ? { model, version } : undefined };
    this.#dockerfiles.set(path, read);
    return read;
  }
}
