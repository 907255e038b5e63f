// A worker thread of `check --jobs N`: checks the files it is sent exactly as run-check.ts does
// without --fix, and sends each result back (a test compares the reports of both).
import { dirname, resolve } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import {
  addDefinitionsFromText,
  CustomResourceCatalog,
  checkText,
  detectDocumentKind,
  type ResolvedConfig,
  resolveTargets,
} from '@lsst-kube/core';
import { FolderManifests, KustomizeBases, SiblingImages } from '@lsst-kube/core/render';
import { recordFingerprints } from './check-baseline.ts';
import type { CheckedFile, FileToCheck, WorkerFailure, WorkerSetup } from './check-workers.ts';
import { readInputFile } from './read-input.ts';
import { createConfigResolver, keepWanted, targetNames, unreadableResult } from './run-check.ts';

const setup = workerData as WorkerSetup;
const resolver = createConfigResolver(setup.configFlag, setup.env, setup.cwd);
const checkedTargets = new WeakSet<ResolvedConfig>();
const kustomizeBases = new KustomizeBases();
const siblingImages = new SiblingImages();
const folderManifests = new FolderManifests();
const now = setup.now !== undefined ? new Date(setup.now) : undefined;
const customResources = readCustomResources();

async function configFor(directory: string): Promise<ResolvedConfig> {
  const config = await resolver.forDirectory(resolve(setup.cwd, directory));
  if (!checkedTargets.has(config)) {
    resolveTargets(config, { targets: setup.targets, allTargets: setup.allTargets });
    checkedTargets.add(config);
  }
  return config;
}

async function readCustomResources(): Promise<CustomResourceCatalog> {
  const catalog = new CustomResourceCatalog();
  for (const file of setup.crdFiles) {
    const outcome = await readInputFile(file.absolute, 10 * 1024 * 1024);
    // The main thread read these files and reported any problem; here they only fill the catalog.
    if (!outcome.ok) continue;
    try {
      addDefinitionsFromText(catalog, outcome.text, file.path);
    } catch {}
  }
  return catalog;
}

async function checkFile(index: number, file: FileToCheck): Promise<CheckedFile> {
  const config = await configFor(dirname(file.absolute));
  const outcome = await readInputFile(file.absolute, config.limits.maxFileSize);
  if (!outcome.ok) return { index, result: unreadableResult(file.path, outcome) };
  const kind = detectDocumentKind(file.path);
  const options = {
    customResources: await customResources,
    ...kustomizeBases.optionsFor(file.absolute),
    ...(kind === 'dockerfile' ? siblingImages.optionsFor(file.absolute) : folderManifests.optionsFor(file.absolute)),
    config,
    targets: targetNames(config, setup.targets, setup.allTargets),
    ...(now ? { now } : {}),
    ...(setup.contextNamespace !== undefined ? { contextNamespace: setup.contextNamespace } : {}),
  };
  let result = checkText({ path: file.path, text: outcome.text, ...(kind ? { kind } : {}) }, options);
  if (setup.fingerprinted) recordFingerprints(result, outcome.text);
  result = keepWanted(result, setup.quiet);
  const listed = result.findings.some((finding) => setup.showSuppressed || !finding.suppression);
  return { index, result, ...(setup.keepTexts && listed ? { text: outcome.text } : {}) };
}

// One file at a time, in the order sent: the main thread hands out the next when this one is back.
parentPort?.on('message', async (message: FileToCheck & { index: number }) => {
  try {
    parentPort?.postMessage(await checkFile(message.index, message));
  } catch (error) {
    const failure: WorkerFailure = {
      index: message.index,
      error:
        error instanceof Error
          ? {
              name: error.name,
              message: error.message,
              ...exitCodeOf(error),
              ...(error.stack !== undefined ? { stack: error.stack } : {}),
            }
          : { name: 'Error', message: String(error) },
    };
    parentPort?.postMessage(failure);
  }
});

function exitCodeOf(error: Error): { exitCode?: number } {
  const exitCode = (error as Error & { exitCode?: unknown }).exitCode;
  return typeof exitCode === 'number' ? { exitCode } : {};
}
