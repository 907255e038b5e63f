// Re-checks only the YAML documents that changed: a keystroke changes one document of a
// multi-document manifest, and rules look at one object at a time, so the findings of the
// other documents are reused (moved to their new offsets). Gives the same findings as checking
// the whole text; a test holds it to that.
import { factsKey, joinFacts, type ManifestFacts, manifestFactsOfText, noFacts } from '../rules/manifest-facts.ts';
import type { FolderManifestLookup } from '../rules/rule.ts';
import { addDefinitionsFromText, CustomResourceCatalog } from '../schema/custom-resources.ts';
import type { Finding } from '../types.ts';
import { type CheckOptions, type CheckResult, checkText, keepFirstPerFile } from './check.ts';

const definesCustomResource = /kind:\s*["']?CustomResourceDefinition/;

export interface DocumentChunk {
  /** Offset of the chunk's first character (the start of its `---` line, or 0). */
  start: number;
  /** Lines before the chunk. */
  linesBefore: number;
  text: string;
}

const documentMarker = /^---(?=[ \t\r\n]|$)/gm;

/** Splits a manifest at its `---` lines; each marker line starts the chunk it opens. */
export function splitDocuments(text: string): DocumentChunk[] {
  const starts = [0];
  for (const match of text.matchAll(documentMarker)) if (match.index > 0) starts.push(match.index);
  const chunks: DocumentChunk[] = [];
  let linesBefore = 0;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] ?? 0;
    const end = starts[i + 1] ?? text.length;
    const chunkText = text.slice(start, end);
    chunks.push({ start, linesBefore, text: chunkText });
    for (let at = chunkText.indexOf('\n'); at !== -1; at = chunkText.indexOf('\n', at + 1)) linesBefore++;
  }
  return chunks;
}

interface ChunkResult {
  findings: Finding[];
  skipped: boolean;
  /** Only markers, plain comments and blank lines: nothing to check in any context. */
  blank: boolean;
  /** What its check asked of the file's folder (namespaces, a ClusterRole by name), with the answers as JSON. */
  asked: ReadonlyMap<string, string>;
}

// A suppression comment is not blank: alone it is skipped with the rest of a document that is not
// Kubernetes, but in a Kubernetes file it is judged (an unknown rule name is a finding).
const blankLine = /^(\s*(#(?!\s*lsst-ignore).*)?|---\s*(#(?!\s*lsst-ignore).*)?|\.\.\.\s*)$/;

function isBlank(text: string): boolean {
  return text.split('\n').every((line) => blankLine.test(line));
}

function moved(finding: Finding, chunk: DocumentChunk): Finding {
  const shift = chunk.start;
  const copy: Finding = {
    ...finding,
    range: [finding.range[0] + shift, finding.range[1] + shift],
    start: { line: finding.start.line + chunk.linesBefore, column: finding.start.column },
    end: { line: finding.end.line + chunk.linesBefore, column: finding.end.column },
  };
  if (finding.fix) {
    copy.fix = {
      ...finding.fix,
      edits: finding.fix.edits.map((edit) => ({ ...edit, range: [edit.range[0] + shift, edit.range[1] + shift] })),
    };
  }
  return copy;
}

function kustomizeKey(options: CheckOptions): string {
  const { kustomizeBase, kustomizePatch, kustomizeData, kustomizeNamespace, kustomizeImages } = options;
  return JSON.stringify([kustomizeBase, kustomizePatch, kustomizeData, kustomizeNamespace, kustomizeImages]);
}

/** The folder's answer to a question a document's check asked, as JSON: `namespaces`, `role:NAME` or `image:NAME`. */
function folderAnswer(folder: FolderManifestLookup | undefined, question: string): string {
  if (!folder) return 'null';
  if (question.startsWith('image:')) {
    // A Dockerfile answers by where it is and which version of it was read.
    const image = folder.repositoryImage?.(question.slice('image:'.length));
    return JSON.stringify(image ? [image.dockerfile, image.version] : null);
  }
  const value = question === 'namespaces' ? folder.namespaces() : folder.clusterRole(question.slice('role:'.length));
  return JSON.stringify(value ?? null);
}

/** The folder as a check sees it, writing down each question asked and its answer. */
function recording(folder: FolderManifestLookup, asked: Map<string, string>): FolderManifestLookup {
  return {
    namespaces: () => {
      asked.set('namespaces', folderAnswer(folder, 'namespaces'));
      return folder.namespaces();
    },
    clusterRole: (name) => {
      asked.set(`role:${name}`, folderAnswer(folder, `role:${name}`));
      return folder.clusterRole(name);
    },
    repositoryImage: (name) => {
      asked.set(`image:${name}`, folderAnswer(folder, `image:${name}`));
      return folder.repositoryImage?.(name);
    },
  };
}

/**
 * Options that give the same findings: the same configuration object, targets and namespace, and the same
 * answers from the kustomizations around the file (an edit of one changes what its documents are judged by).
 */
function sameOptions(a: CheckOptions, b: CheckOptions | undefined): boolean {
  return (
    b !== undefined &&
    kustomizeKey(a) === kustomizeKey(b) &&
    a.config === b.config &&
    a.contextNamespace === b.contextNamespace &&
    a.now?.getTime() === b.now?.getTime() &&
    (a.targets ?? []).join('\n') === (b.targets ?? []).join('\n') &&
    a.rules === b.rules &&
    a.portRequests === b.portRequests
  );
}

export class IncrementalManifestChecker {
  #cache = new Map<string, ChunkResult>();
  #options: CheckOptions | undefined;
  /** The file's CRDs, which validate the objects of every document: the text they were read from, and them. */
  #definitions = { text: '', catalog: undefined as CustomResourceCatalog | undefined };
  /** What each document defines (by its text), and the whole file's as a key, at the last check. */
  #chunkFacts = new Map<string, ManifestFacts>();
  #wholeFileKey = factsKey(noFacts);

  /** The same result as `checkText(input, options)` for a manifest, re-checking only changed documents. */
  check(path: string, text: string, options: CheckOptions): CheckResult {
    if (!sameOptions(options, this.#options)) {
      this.#cache.clear();
      this.#options = options;
    }
    const chunks = splitDocuments(text);
    // Whole-file matters (Helm and Jinja templates, size limits) and single documents: the engine as it is.
    if (
      chunks.length < 2 ||
      text.includes('{{') ||
      text.includes('{%') ||
      chunks.length > options.config.limits.maxDocuments
    ) {
      return checkText({ path, text, kind: 'manifest' }, options);
    }
    const chunkOptions = this.#withWholeFile(chunks, this.#withFileDefinitions(path, chunks, options));
    const next = new Map<string, ChunkResult>();
    const findings: Finding[] = [];
    let allSkipped = true;
    const folder = options.folderManifests;
    for (const chunk of chunks) {
      let result = next.get(chunk.text) ?? this.#stillValid(this.#cache.get(chunk.text), folder);
      if (!result) {
        const asked = new Map<string, string>();
        const checked = checkText(
          { path, text: chunk.text, kind: 'manifest' },
          folder ? { ...chunkOptions, folderManifests: recording(folder, asked) } : chunkOptions,
        );
        result = {
          findings: checked.findings,
          skipped: checked.skipped !== undefined,
          blank: isBlank(chunk.text),
          asked,
        };
      }
      next.set(chunk.text, result);
      if (!result.skipped) allSkipped = false;
      for (const finding of result.findings) findings.push(moved(finding, chunk));
    }
    // Only the documents of the current text are kept: memory follows the file, not its history.
    this.#cache = next;
    // A document that is not Kubernetes on its own is still judged as part of a Kubernetes file.
    const judgedAlone = [...next.values()].some((chunk) => chunk.skipped && !chunk.blank);
    if (judgedAlone && !allSkipped) return checkText({ path, text, kind: 'manifest' }, options);
    // Rules that report once per file do so over the joined documents, as in a whole-file check.
    const result: CheckResult = { path, kind: 'manifest', findings: keepFirstPerFile(findings) };
    if (allSkipped) {
      result.skipped = 'not a Kubernetes manifest (no document has both apiVersion and kind)';
      result.findings = [];
    }
    return result;
  }

  /**
   * Options that carry what every document of the file defines (namespaces, ClusterRoles); a change to it
   * re-checks every document, since an object is judged by what the others define.
   */
  #withWholeFile(chunks: readonly DocumentChunk[], options: CheckOptions): CheckOptions {
    const next = new Map<string, ManifestFacts>();
    for (const chunk of chunks) {
      next.set(chunk.text, next.get(chunk.text) ?? this.#chunkFacts.get(chunk.text) ?? manifestFactsOfText(chunk.text));
    }
    this.#chunkFacts = next;
    const wholeFile = joinFacts([...next.values()]);
    const wholeFileKey = factsKey(wholeFile);
    if (wholeFileKey !== this.#wholeFileKey) this.#cache.clear();
    this.#wholeFileKey = wholeFileKey;
    return { ...options, wholeFile };
  }

  /** A document's result from before, unless the folder now answers differently what its check asked. */
  #stillValid(cached: ChunkResult | undefined, folder: FolderManifestLookup | undefined): ChunkResult | undefined {
    if (!cached) return undefined;
    for (const [question, before] of cached.asked) {
      if (folderAnswer(folder, question) !== before) return undefined;
    }
    return cached;
  }

  /** Options that carry the CRDs of every document of the file; a change to them re-checks every document. */
  #withFileDefinitions(path: string, chunks: readonly DocumentChunk[], options: CheckOptions): CheckOptions {
    const text = chunks
      .filter((chunk) => definesCustomResource.test(chunk.text))
      .map((chunk) => chunk.text)
      .join('\n---\n');
    if (text !== this.#definitions.text) {
      let catalog: CustomResourceCatalog | undefined;
      if (text !== '') {
        catalog = new CustomResourceCatalog();
        addDefinitionsFromText(catalog, text, path);
      }
      this.#definitions = { text, catalog };
      this.#cache.clear();
    }
    const catalog = this.#definitions.catalog;
    return catalog ? { ...options, customResources: catalog.with(options.customResources) } : options;
  }
}
