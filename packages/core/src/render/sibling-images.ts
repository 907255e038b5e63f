// Repositories of images keep one folder per image (build/oods/Dockerfile, build/atoods/Dockerfile), and an
// image is often built FROM another built there (`FROM ${hub}/oods:${cycle}`). What that base runs as is
// then written in the sibling folder's Dockerfile, which a check of one file would not see otherwise.
import { basename, dirname, join, relative } from 'node:path';
import type { SiblingImage, SiblingImageLookup } from '../rules/rule.ts';
import { readNearbyDockerfile } from './repository-images.ts';
import { RepositoryTops } from './repository-tops.ts';

/** The sibling images of the Dockerfiles checked in one run, each folder read once. */
export class SiblingImages {
  readonly #images = new Map<string, SiblingImage | null>();
  readonly #repositoryTops = new RepositoryTops();

  /** The CheckOptions field for a Dockerfile at this absolute path. */
  optionsFor(absolutePath: string): { siblingImages?: SiblingImageLookup } {
    const lookup = this.#lookupFrom(dirname(absolutePath));
    return lookup ? { siblingImages: lookup } : {};
  }

  /**
   * Finds `<folder of the Dockerfile's folder>/<name>/Dockerfile`, the folder named as the image, then the same one
   * level up, for a variant kept in a folder of its image's (images/pytorch-notebook/cuda12/Dockerfile, built on
   * images/scipy-notebook). None from a repository's top folder: the folders beside it are other projects.
   */
  #lookupFrom(folder: string): SiblingImageLookup | undefined {
    const levels: string[] = [];
    for (let level = folder; levels.length < 2; level = dirname(level)) {
      if (dirname(level) === level || this.#repositoryTops.has(level)) break;
      levels.push(level);
    }
    if (levels.length === 0) return undefined;
    return (name) => {
      // A name only: no path, no variable, not the Dockerfile's own folder (FROM its previous version). One level
      // up, the folder's own name is the image the variant is built on (cuda12/ in pytorch-notebook/).
      if (!/^[a-z0-9][a-z0-9._-]*$/.test(name) || name === basename(folder)) return undefined;
      for (const level of levels) {
        const imageFolder = join(dirname(level), name);
        const image = this.#imageIn(imageFolder);
        if (image) return { ...image, dockerfile: relative(folder, join(imageFolder, 'Dockerfile')) };
      }
      return undefined;
    };
  }

  #imageIn(imageFolder: string): SiblingImage | undefined {
    let image = this.#images.get(imageFolder);
    if (image === undefined) {
      const path = join(imageFolder, 'Dockerfile');
      const model = readNearbyDockerfile(path);
      const siblings = model ? this.#lookupFrom(imageFolder) : undefined;
      image = model ? { dockerfile: path, model, ...(siblings ? { siblings } : {}) } : null;
      this.#images.set(imageFolder, image);
    }
    return image ?? undefined;
  }
}
