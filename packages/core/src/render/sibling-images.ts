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
   * Finds `<folder of the Dockerfile's folder>/<name>/Dockerfile`, the folder named as the image. None from a
   * repository's top folder: the folders beside it are other projects.
   */
  #lookupFrom(folder: string): SiblingImageLookup | undefined {
    const parent = dirname(folder);
    if (parent === folder || this.#repositoryTops.has(folder)) return undefined;
    return (name) => {
      // A name only: no path, no variable, not the Dockerfile's own folder (FROM its previous version).
      if (!/^[a-z0-9][a-z0-9._-]*$/.test(name) || name === basename(folder)) return undefined;
      const image = this.#imageIn(join(parent, name));
      return image ? { ...image, dockerfile: relative(folder, join(parent, name, 'Dockerfile')) } : undefined;
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
