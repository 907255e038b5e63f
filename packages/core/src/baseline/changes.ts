// Which findings a change touches, for `check --changed-since`: those on changed lines, and every
// finding of an object (a YAML document, a Dockerfile stage) that the change touched, so that a
// finding about a missing field counts when its object changed. Pure: the caller reads the diff.
import type { DocumentKind, Finding } from '../types.ts';

/** The lines of a file's new text that a change added or replaced, and where it removed lines. */
export interface FileChanges {
  /** 1-based lines added or replaced. */
  lines: ReadonlySet<number>;
  /** Lines next to which lines were removed (both neighbours count, since either may be the object's). */
  removedNear: ReadonlySet<number>;
}

const documentStart = /^(?:---|\.\.\.)(?:[ \t]|$)/;
const stageStart = /^[ \t]*FROM[ \t]/i;

/** The findings of one file that the change touches. */
export function findingsTouched(
  findings: readonly Finding[],
  text: string,
  kind: DocumentKind,
  changes: FileChanges,
): Finding[] {
  // Each line's object: the number of object starts (document separators, FROM) at or above it.
  const lines = text.split('\n');
  const objectOfLine: number[] = [0];
  let object = 0;
  for (const line of lines) {
    if ((kind === 'manifest' ? documentStart : stageStart).test(line)) object += 1;
    objectOfLine.push(object);
  }
  const objectAt = (line: number) => objectOfLine[Math.min(Math.max(line, 1), objectOfLine.length - 1)] ?? 0;
  const touched = new Set<number>();
  for (const line of changes.lines) touched.add(objectAt(line));
  for (const line of changes.removedNear) {
    touched.add(objectAt(line));
    touched.add(objectAt(line + 1));
  }
  return findings.filter((finding) => {
    for (let line = finding.start.line; line <= finding.end.line; line++) {
      if (changes.lines.has(line)) return true;
    }
    return touched.has(objectAt(finding.start.line));
  });
}

/**
 * The changes of `git diff -U0` output, by file as git names it (relative to the repository's root,
 * the new name of a renamed file); a deleted file has none. Expects `core.quotePath=false`.
 */
export function parseUnifiedDiff(diff: string): Map<string, FileChanges> {
  const files = new Map<string, { lines: Set<number>; removedNear: Set<number> }>();
  let current: { lines: Set<number>; removedNear: Set<number> } | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = undefined;
    } else if (line.startsWith('+++ ')) {
      // Git ends a name holding a space with a tab, as GNU diff does.
      const name = line.slice(4).replace(/\t$/, '');
      if (name === '/dev/null') {
        current = undefined;
        continue;
      }
      const path = unquoteGitPath(name).replace(/^b\//, '');
      current = { lines: new Set(), removedNear: new Set() };
      files.set(path, current);
    } else if (line.startsWith('rename to ') && current === undefined) {
      // A rename with no edit has no +++ line: the file is known, with nothing changed in it.
      files.set(unquoteGitPath(line.slice('rename to '.length)), { lines: new Set(), removedNear: new Set() });
    } else if (line.startsWith('@@') && current) {
      const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!hunk) continue;
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      if (count === 0) current.removedNear.add(start);
      for (let added = start; added < start + count; added++) current.lines.add(added);
    }
  }
  return files;
}

const escapes: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** A path as git prints it: as is, or in double quotes with C escapes (octal bytes of UTF-8). */
export function unquoteGitPath(written: string): string {
  if (!written.startsWith('"') || !written.endsWith('"') || written.length < 2) return written;
  const bytes: number[] = [];
  const inner = written.slice(1, -1);
  for (let index = 0; index < inner.length; index++) {
    const character = inner[index] ?? '';
    if (character !== '\\') {
      bytes.push(...new TextEncoder().encode(character));
      continue;
    }
    const next = inner[index + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(inner.slice(index + 1));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      index += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      index += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
