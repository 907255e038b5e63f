import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Which folders are a repository's top (hold `.git`): the folders above or beside one are other projects. */
export class RepositoryTops {
  // Asked for every checked file's folders, so each answer is kept.
  readonly #tops = new Map<string, boolean>();

  has(folder: string): boolean {
    let top = this.#tops.get(folder);
    if (top === undefined) {
      top = existsSync(join(folder, '.git'));
      this.#tops.set(folder, top);
    }
    return top;
  }
}
