// Re-checks only the YAML documents that changed: a keystroke changes one document of a
// multi-document manifest, and rules look at one object at a time, so the findings of the
// other documents are reused (moved to their new offsets). Gives the same findings as checking
// the whole text; a test holds it to that.
import { factsKey, joinFacts, type ManifestFacts, manifestFactsOfText, noFacts } from '../rules/manifest-facts.ts';
import type { RoleRule } from '../rules/rbac/rbac.ts';
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
  /** What each document defines (by its text), and the whole file's as a key, at the last check. */
  #chunkFacts = new Map<string, ManifestFacts>();
  #wholeFileKey = factsKey(noFacts);
  /** What documents asked of the folder (namespaces, a ClusterRole by name), and its answers, as JSON. */
  #folderAnswers = new Map<string, string>();

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
    const chunkOptions = this.#withSurroundings(chunks, this.#withFileDefinitions(path, chunks, options));
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
   * Options that carry what every document of the file defines (namespaces, ClusterRoles), and what the folder
   * defines as it is now; a change to either re-checks every document, since an object is judged by them.
   */
  #withSurroundings(chunks: readonly DocumentChunk[], options: CheckOptions): CheckOptions {
    const next = new Map<string, ManifestFacts>();
    for (const chunk of chunks) {
      next.set(chunk.text, next.get(chunk.text) ?? this.#chunkFacts.get(chunk.text) ?? manifestFactsOfText(chunk.text));
    }
    this.#chunkFacts = next;
    const wholeFile = joinFacts([...next.values()]);
    const wholeFileKey = factsKey(wholeFile);
    // The folder is read only when an object asks, as in a whole-file check; what was asked is asked again at
    // each check, to see whether the documents kept from before were judged by what the folder holds now.
    const folder = options.folderManifests;
    const asked = this.#folderAnswers;
    const answer = (question: string, ask: () => unknown): unknown => {
      const value = ask();
      asked.set(question, JSON.stringify(value ?? null));
      return value;
    };
    let folderChanged = false;
    if (folder) {
      for (const [question, before] of asked) {
        const value = question === 'namespaces' ? folder.namespaces() : folder.clusterRole(question.slice(5));
        const now = JSON.stringify(value ?? null);
        if (now !== before) folderChanged = true;
        asked.set(question, now);
      }
    }
    if (folderChanged || wholeFileKey !== this.#wholeFileKey) this.#cache.clear();
    this.#wholeFileKey = wholeFileKey;
    if (!folder) return { ...options, wholeFile };
    const folderManifests: FolderManifestLookup = {
      namespaces: () => answer('namespaces', () => folder.namespaces()) as readonly string[],
      clusterRole: (name) => answer(`role:${name}`, () => folder.clusterRole(name)) as readonly RoleRule[] | undefined,
    };
    return { ...options, wholeFile, folderManifests };
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
