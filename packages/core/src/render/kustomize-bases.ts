// Which files are resources of a kustomization beside them: kustomize completes those (commonLabels add
// the selector, patches add fields), so a field they lack may be there once rendered.
import { basename, dirname, join, resolve } from 'node:path';
import { parseManifest } from '../documents/yaml.ts';
import { readBoundedTextFile } from '../kube/bounded-read.ts';

const kustomizationNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const maxKustomizationSize = 1024 * 1024;

export class KustomizeBases {
  readonly #byFolder = new Map<string, ReadonlySet<string>>();

  /** Whether the kustomization of the file's folder lists it among its resources. */
  has(absolutePath: string): boolean {
    return this.#resourcesOf(dirname(absolutePath)).has(basename(absolutePath));
  }

  #resourcesOf(folder: string): ReadonlySet<string> {
    const cached = this.#byFolder.get(folder);
    if (cached) return cached;
    const found = new Set<string>();
    for (const name of kustomizationNames) {
      const text = readSmallFile(join(folder, name));
      if (text === undefined) continue;
      for (const document of parseManifest(text).documents) {
        const contents = document.problems.length === 0 ? (document.document.toJSON() as unknown) : undefined;
        if (!contents || typeof contents !== 'object') continue;
        const { resources, bases } = contents as { resources?: unknown; bases?: unknown };
        for (const entry of [resources, bases].flatMap((list) => (Array.isArray(list) ? list : []))) {
          // Only files of this folder: a folder or a URL has its own kustomization.
          if (typeof entry === 'string' && !entry.includes('://')) {
            const path = resolve(folder, entry);
            if (dirname(path) === folder) found.add(basename(path));
          }
        }
      }
      break;
    }
    this.#byFolder.set(folder, found);
    return found;
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
