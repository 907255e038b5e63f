// The CustomResourceDefinitions in files and folders named by `customResourceDefinitions` in .lsst.yaml,
// for the editor (the CLI reads them with the files it checks).
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ResolvedConfig } from '../config/model.ts';
import { readBoundedTextFile } from '../kube/bounded-read.ts';
import { addDefinitionsFromText, CustomResourceCatalog } from '../schema/custom-resources.ts';

const maxFileSize = 10 * 1024 * 1024;
const maxFiles = 10_000;

/** The CRDs the configuration names, read from the folder of the file that names them; unreadable paths are skipped. */
export function configuredCustomResources(config: ResolvedConfig, workingDirectory: string): CustomResourceCatalog {
  const catalog = new CustomResourceCatalog();
  const source = config.customResourceDefinitionsSource ?? config.source;
  const base = source !== undefined ? dirname(resolve(workingDirectory, source)) : workingDirectory;
  const files: string[] = [];
  for (const path of config.customResourceDefinitions) collect(resolve(base, path), files, 0);
  for (const file of files) {
    try {
      addDefinitionsFromText(catalog, readBoundedTextFile(file, maxFileSize), file);
    } catch {
      // A file that vanished, is too large or is no regular file (a FIFO) adds nothing.
    }
  }
  return catalog;
}

function collect(path: string, files: string[], depth: number): void {
  if (files.length >= maxFiles || depth > 20) return;
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    return;
  }
  if (stats.isFile()) {
    if (/\.(ya?ml|json)$/i.test(path)) files.push(path);
    return;
  }
  if (!stats.isDirectory()) return;
  let entries: string[];
  try {
    entries = readdirSync(path).sort();
  } catch {
    return;
  }
  for (const entry of entries) if (!entry.startsWith('.')) collect(join(path, entry), files, depth + 1);
}
