// The manifests of one application often sit in one folder, each naming its namespace (a Job, its
// ConfigMaps and a Secret in `sasquatch`), and a binding's ClusterRole is often defined in a file beside
// it (Kubebuilder's config/rbac/). An object there that names no namespace is an oversight: applied with
// the others, it lands in another namespace; and what a ClusterRoleBinding grants is in its role's rules.
// This reads, once per folder, what its manifests define.
import { type Dirent, readdirSync, type Stats, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readBoundedTextFile } from '../kube/bounded-read.ts';
import { type ManifestFacts, manifestFactsOfText } from '../rules/manifest-facts.ts';
import type { RoleRule } from '../rules/rbac/rbac.ts';
import type { FolderManifestLookup } from '../rules/rule.ts';
import { RepositoryImages } from './repository-images.ts';

// A folder of manifests is read within these bounds; what lies beyond them is not looked at.
const maxFilesPerFolder = 200;
const maxFileSize = 1024 * 1024;
const maxBytesPerFolder = 16 * 1024 * 1024;
const manifestName = /\.ya?ml$/i;
// Helm templates name their namespace through template actions, which are not read here.
const templateAction = /\{\{/;
// A manifest with neither a `namespace:` key nor a ClusterRole defines nothing asked for: it is not parsed.
const worthParsing = /(?:^|[\s{,])["']?namespace["']?\s*:|ClusterRole(?!Binding)/;

/** What a file defined when it was last read, and the size and time of change it had then. */
interface ReadFile {
  size: number;
  modified: number;
  facts: ManifestFacts | undefined;
}

/**
 * What the manifests of each folder define. In one run of the CLI each folder is read once; an instance kept
 * across checks (the editor's, `rereadEachCheck`) looks at the folder again at each check, and reads again only
 * the files whose size or time of change moved.
 */
export class FolderManifests {
  readonly #byFolder = new Map<string, ReadonlyMap<string, ManifestFacts>>();
  readonly #readFiles = new Map<string, ReadFile>();
  readonly #rereadEachCheck: boolean;
  readonly #repositoryImages: RepositoryImages;

  constructor(options: { rereadEachCheck?: boolean } = {}) {
    this.#rereadEachCheck = options.rereadEachCheck ?? false;
    this.#repositoryImages = new RepositoryImages(options);
  }

  /** The CheckOptions field for a manifest at this absolute path: what the other files of its folder define. */
  optionsFor(absolutePath: string): { folderManifests: FolderManifestLookup } {
    // A check looks at the folder once, however many of its objects ask.
    let looked = !this.#rereadEachCheck;
    const lookOnce = () => {
      if (!looked) this.#byFolder.delete(dirname(absolutePath));
      looked = true;
    };
    return {
      folderManifests: {
        namespaces: () => {
          lookOnce();
          return this.namespacesAround(absolutePath);
        },
        clusterRole: (name) => {
          lookOnce();
          return this.clusterRoleAround(absolutePath, name);
        },
        repositoryImage: (name) => this.#repositoryImages.builtFor(absolutePath, name),
      },
    };
  }

  /** The namespaces named by the objects of the manifests in the file's folder, other than the file itself. */
  namespacesAround(absolutePath: string): readonly string[] {
    const named = new Set<string>();
    for (const facts of this.#others(absolutePath)) for (const namespace of facts.namespaces) named.add(namespace);
    return [...named].sort();
  }

  /** The rules of a ClusterRole that another manifest of the file's folder defines (the first, by file name). */
  clusterRoleAround(absolutePath: string, name: string): readonly RoleRule[] | undefined {
    for (const facts of this.#others(absolutePath)) {
      const rules = facts.clusterRoles.get(name);
      if (rules) return rules;
    }
    return undefined;
  }

  *#others(absolutePath: string): Iterable<ManifestFacts> {
    const folder = dirname(absolutePath);
    let byFile = this.#byFolder.get(folder);
    if (!byFile) {
      byFile = this.#readFolder(folder);
      this.#byFolder.set(folder, byFile);
    }
    for (const [file, facts] of byFile) if (file !== absolutePath) yield facts;
  }

  #readFolder(folder: string): ReadonlyMap<string, ManifestFacts> {
    const byFile = new Map<string, ManifestFacts>();
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return byFile;
    }
    const files = entries
      .filter((entry) => entry.isFile() && manifestName.test(entry.name))
      .map((entry) => entry.name)
      .sort()
      .slice(0, maxFilesPerFolder);
    let bytesRead = 0;
    for (const name of files) {
      if (bytesRead >= maxBytesPerFolder) break;
      const path = join(folder, name);
      const read = this.#readFile(path);
      if (!read) continue;
      bytesRead += read.size;
      if (read.facts) byFile.set(path, read.facts);
    }
    return byFile;
  }

  /** A file's facts, read again only when its size or time of change moved; undefined when it cannot be read. */
  #readFile(path: string): ReadFile | undefined {
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch {
      this.#readFiles.delete(path);
      return undefined;
    }
    const known = this.#readFiles.get(path);
    if (known && known.size === stats.size && known.modified === stats.mtimeMs) return known;
    let text: string;
    try {
      text = readBoundedTextFile(path, maxFileSize);
    } catch {
      // Too large, unreadable or not text: what it defines is not known, so it defines nothing here.
      this.#readFiles.delete(path);
      return undefined;
    }
    const facts = templateAction.test(text) || !worthParsing.test(text) ? undefined : manifestFactsOfText(text);
    const read = { size: stats.size, modified: stats.mtimeMs, facts };
    this.#readFiles.set(path, read);
    return read;
  }
}
