// Re-checks only the YAML documents that changed: a keystroke changes one document of a
// multi-document manifest, and rules look at one object at a time, so the findings of the
// other documents are reused (moved to their new offsets). Gives the same findings as checking
// the whole text; a test holds it to that.
import { parseManifest } from '../documents/yaml.ts';
import { namespacesNamedIn } from '../rules/namespace/namespaces.ts';
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

/** Options that give the same findings: the same configuration object, targets and namespace. */
function sameOptions(a: CheckOptions, b: CheckOptions | undefined): boolean {
  return (
    b !== undefined &&
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
  /** The namespaces each document names (by its text), and those of the whole file, at the last check. */
  #chunkNamespaces = new Map<string, readonly string[]>();
  #fileNamespaces: readonly string[] = [];
  /** What the file's folder named when it was last read; undefined until an object asks. */
  #folderNamespaces: readonly string[] | undefined;

  /** The same result as `checkText(input, options)` for a manifest, re-checking only changed documents. */
  check(path: string, text: string, options: CheckOptions): CheckResult {
    if (!sameOptions(options, this.#options)) {
      this.#cache.clear();
      this.#options = options;
    }
    const chunks = splitDocuments(text);
    // Whole-file matters (Helm templates, size limits) and single documents: the engine as it is.
    if (chunks.length < 2 || text.includes('{{') || chunks.length > options.config.limits.maxDocuments) {
      return checkText({ path, text, kind: 'manifest' }, options);
    }
    const chunkOptions = this.#withNamespacesAround(chunks, this.#withFileDefinitions(path, chunks, options));
    const next = new Map<string, ChunkResult>();
    const findings: Finding[] = [];
    let allSkipped = true;
    for (const chunk of chunks) {
      let result = next.get(chunk.text) ?? this.#cache.get(chunk.text);
      if (!result) {
        const checked = checkText({ path, text: chunk.text, kind: 'manifest' }, chunkOptions);
        result = { findings: checked.findings, skipped: checked.skipped !== undefined, blank: isBlank(chunk.text) };
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
   * Options that carry the namespaces every document of the file names, and the folder's as they are now; a change
   * to either re-checks every document, since an object without a namespace is judged by them.
   */
  #withNamespacesAround(chunks: readonly DocumentChunk[], options: CheckOptions): CheckOptions {
    const next = new Map<string, readonly string[]>();
    const named = new Set<string>();
    for (const chunk of chunks) {
      const namespaces =
        next.get(chunk.text) ?? this.#chunkNamespaces.get(chunk.text) ?? namespacesNamedIn(parseManifest(chunk.text));
      next.set(chunk.text, namespaces);
      for (const namespace of namespaces) named.add(namespace);
    }
    this.#chunkNamespaces = next;
    const fileNamespaces = [...named].sort();
    // The folder is read only when an object asks, as in a whole-file check; once read, it is read again at each
    // check to see whether the documents kept from before were judged by what it names now.
    const lookup = options.folderNamespaces;
    let inFolder: readonly string[] | undefined;
    const folderNow = (): readonly string[] => {
      inFolder ??= lookup?.() ?? [];
      this.#folderNamespaces = inFolder;
      return inFolder;
    };
    const before = this.#folderNamespaces;
    const folderChanged = lookup !== undefined && before !== undefined && folderNow().join('\n') !== before.join('\n');
    if (folderChanged || fileNamespaces.join('\n') !== this.#fileNamespaces.join('\n')) this.#cache.clear();
    this.#fileNamespaces = fileNamespaces;
    return { ...options, fileNamespaces, ...(lookup ? { folderNamespaces: folderNow } : {}) };
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
