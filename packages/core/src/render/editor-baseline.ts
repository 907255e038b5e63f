// The baseline in the editor: findings the baseline file records are hidden (or shown as hints),
// and "add to baseline" records one more. No vscode here: the linter and the command call it.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import {
  type BaselineEntry,
  baselineEntryFor,
  findingFingerprint,
  matchBaseline,
  parseBaseline,
  serializeBaseline,
} from '../baseline/index.ts';
import type { ResolvedConfig } from '../config/model.ts';
import type { Finding } from '../types.ts';

/** Largest baseline file read. */
const maxBaselineBytes = 64 * 1024 * 1024;

/** The baseline file a configuration names, as an absolute path; undefined when it names none. */
export function baselinePathOf(config: ResolvedConfig): string | undefined {
  if (config.baseline === undefined) return undefined;
  if (isAbsolute(config.baseline)) return config.baseline;
  // The embedded defaults name none, so a baseline always comes with the file that named it.
  return config.baselineSource !== undefined ? resolve(dirname(config.baselineSource), config.baseline) : undefined;
}

/** A document's path as the baseline records it: relative to the baseline's folder, with `/`. */
export function baselineFileOf(documentPath: string, baselinePath: string): string {
  const path = relative(dirname(baselinePath), documentPath);
  const shown = path === '' || isAbsolute(path) ? documentPath : path;
  return sep === '\\' ? shown.replaceAll('\\', '/') : shown;
}

export type BaselineRead = { entries: BaselineEntry[] } | { problem: string };

/** Reads baseline files, again only when one changed on disk (checks run on every keystroke). */
export class BaselineReader {
  readonly #cache = new Map<string, { stamp: string; read: BaselineRead }>();

  read(path: string): BaselineRead {
    let stamp: string;
    try {
      const stats = statSync(path);
      // A device or a FIFO would never end: only regular files are read.
      if (!stats.isFile()) return { problem: `${path} is not a regular file.` };
      if (stats.size > maxBaselineBytes) return { problem: `${path} is larger than ${maxBaselineBytes} bytes.` };
      stamp = `${stats.mtimeMs}:${stats.size}`;
    } catch {
      // Not written yet: nothing is baselined.
      return { entries: [] };
    }
    const cached = this.#cache.get(path);
    if (cached?.stamp === stamp) return cached.read;
    let read: BaselineRead;
    try {
      read = { entries: parseBaseline(readFileSync(path, 'utf8'), path).entries };
    } catch (error) {
      read = { problem: (error as Error).message };
    }
    this.#cache.set(path, { stamp, read });
    return read;
  }

  forget(path: string): void {
    this.#cache.delete(path);
  }
}

/** The findings of one document that the baseline records (each entry recognises one finding at most). */
export function baselinedFindings(
  findings: readonly Finding[],
  text: string,
  documentPath: string,
  baselinePath: string,
  entries: readonly BaselineEntry[],
): Set<Finding> {
  const file = baselineFileOf(documentPath, baselinePath);
  const candidates = findings.filter((finding) => !finding.suppression);
  const current = candidates.map((finding) => baselineEntryFor(finding, file, findingFingerprint(finding, text)));
  // Only this document is checked: entries of other files are neither matched nor fixed.
  const mine = entries.filter((entry) => entry.file === file);
  const { matches } = matchBaseline(mine, current, (entryFile) => (entryFile === file ? 'checked' : 'unchecked'));
  return new Set(candidates.filter((_, index) => matches[index] !== undefined));
}

/** The baseline file's new text with one finding added (the file is created when it does not exist). */
export function baselineWithFinding(
  existing: readonly BaselineEntry[],
  finding: Finding,
  text: string,
  documentPath: string,
  baselinePath: string,
): string {
  const entry = baselineEntryFor(
    finding,
    baselineFileOf(documentPath, baselinePath),
    findingFingerprint(finding, text),
  );
  return serializeBaseline([...existing, entry]);
}
