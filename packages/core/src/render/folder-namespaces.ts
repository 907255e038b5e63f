// The manifests of one application often sit in one folder, each naming its namespace (a Job, its
// ConfigMaps and a Secret in `sasquatch`). An object there that names none is an oversight: applied
// with the others, it lands in another namespace. A folder where nothing names a namespace is written
// for the namespace it is applied in. This reads, once per folder, the namespaces its manifests name.
import { type Dirent, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseManifest } from '../documents/yaml.ts';
import { readBoundedTextFile } from '../kube/bounded-read.ts';
import { namespacesNamedIn } from '../rules/namespace/namespaces.ts';
import type { FolderNamespaceLookup } from '../rules/rule.ts';

// A folder of manifests is read within these bounds; what lies beyond them is not looked at.
const maxFilesPerFolder = 200;
const maxFileSize = 1024 * 1024;
const maxBytesPerFolder = 16 * 1024 * 1024;
const manifestName = /\.ya?ml$/i;
// Helm templates name their namespace through template actions, which are not read here.
const templateAction = /\{\{/;
// A manifest that has no `namespace:` key anywhere names none: it is not parsed (most folders that ask have none).
const namespaceKey = /(?:^|[\s{,])["']?namespace["']?\s*:/;

/** The namespaces the manifests of each folder name, for the manifests checked in one run; each folder read once. */
export class FolderNamespaces {
  readonly #byFolder = new Map<string, ReadonlyMap<string, readonly string[]>>();

  /** The CheckOptions field for a manifest at this absolute path: the namespaces the other files of its folder name. */
  optionsFor(absolutePath: string): { folderNamespaces: FolderNamespaceLookup } {
    return { folderNamespaces: () => this.around(absolutePath) };
  }

  /** The namespaces named by the objects of the manifests in the file's folder, other than the file itself. */
  around(absolutePath: string): readonly string[] {
    const folder = dirname(absolutePath);
    let byFile = this.#byFolder.get(folder);
    if (!byFile) {
      byFile = readFolder(folder);
      this.#byFolder.set(folder, byFile);
    }
    const named = new Set<string>();
    for (const [file, namespaces] of byFile) {
      if (file === absolutePath) continue;
      for (const namespace of namespaces) named.add(namespace);
    }
    return [...named].sort();
  }
}

function readFolder(folder: string): ReadonlyMap<string, readonly string[]> {
  const byFile = new Map<string, readonly string[]>();
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
    let text: string;
    try {
      text = readBoundedTextFile(path, maxFileSize);
    } catch {
      // Too large, unreadable or not text: what it names is not known, so it names nothing here.
      continue;
    }
    bytesRead += text.length;
    if (templateAction.test(text)) continue;
    if (!namespaceKey.test(text)) {
      byFile.set(path, []);
      continue;
    }
    byFile.set(path, namespacesIn(text));
  }
  return byFile;
}

/** The namespaces the Kubernetes objects of a manifest name in metadata.namespace. */
function namespacesIn(text: string): readonly string[] {
  try {
    return namespacesNamedIn(parseManifest(text));
  } catch {
    // A manifest that cannot be read names nothing that can be relied on.
    return [];
  }
}
