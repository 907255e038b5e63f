// "Did you mean" suggestions, shared by every message about a misspelt name (keys, rules, formats).

/**
 * Optimal string alignment distance (Levenshtein plus transposition of two neighbours),
 * because most typos are one dropped, added, changed or swapped character.
 */
export function editDistance(a: string, b: string): number {
  return boundedEditDistance(a, b, Number.POSITIVE_INFINITY);
}

/** Whether `a` and `b` are at most `limit` edits apart; strings whose lengths differ by more are, without computing. */
export function withinEditDistance(a: string, b: string, limit: number): boolean {
  if (Math.abs(a.length - b.length) > limit) return false;
  return boundedEditDistance(a, b, limit) <= limit;
}

/** The three rows of boundedEditDistance, kept between calls: it runs for every key a fix looks up. */
let rows = [new Uint32Array(32), new Uint32Array(32), new Uint32Array(32)];

/**
 * The distance, or a value above `limit` as soon as two rows in a row exceed it (a transposition reaches
 * back two rows, so one row over the limit is not yet proof).
 */
function boundedEditDistance(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const width = b.length + 1;
  if ((rows[0] as Uint32Array).length < width) rows = rows.map(() => new Uint32Array(width * 2));
  let [beforePrevious, previous, current] = rows as [Uint32Array, Uint32Array, Uint32Array];
  for (let j = 0; j < width; j++) previous[j] = j;
  let previousRowOver = false;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMinimum = i;
    const charA = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = charA === b.charCodeAt(j - 1) ? 0 : 1;
      let best = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && charA === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        best = Math.min(best, (beforePrevious[j - 2] as number) + 1);
      }
      current[j] = best;
      if (best < rowMinimum) rowMinimum = best;
    }
    const rowOver = rowMinimum > limit;
    if (rowOver && previousRowOver) return rowMinimum;
    previousRowOver = rowOver;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[b.length] as number;
}

function commonPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && a[length] === b[length]) length++;
  return length;
}

export interface NearestNamesOptions {
  /** At most this many names (default 3). */
  limit?: number;
  /** Largest edit distance still suggested; default grows with the input's length (2 to 4). */
  maxDistance?: number;
}

/**
 * The candidates closest to `input`, best first: case-insensitive edit distance within a
 * threshold, and also candidates that the input abbreviates (`prod` -> `production`) or
 * names the last part of (`pinned` -> `image/pinned`), or shortens
 * (`trustedDockerHubOrgs` -> `trustedDockerHubOrganizations`). Empty when nothing is close.
 */
export function nearestNames(input: string, candidates: Iterable<string>, options: NearestNamesOptions = {}): string[] {
  const limit = options.limit ?? 3;
  const needle = input.toLowerCase();
  const maxDistance = options.maxDistance ?? Math.min(4, Math.max(2, Math.floor(needle.length / 3)));
  const scored: { name: string; score: number }[] = [];
  const seen = new Set<string>();
  for (const name of candidates) {
    if (seen.has(name) || name === input) continue;
    seen.add(name);
    const candidate = name.toLowerCase();
    // Lengths further apart than the threshold are further apart in edits too.
    const distance =
      Math.abs(needle.length - candidate.length) > maxDistance
        ? Number.POSITIVE_INFINITY
        : editDistance(needle, candidate);
    if (distance <= maxDistance) {
      scored.push({ name, score: distance });
    } else if (
      needle.length >= 3 &&
      (candidate.startsWith(needle) ||
        candidate.endsWith(`/${needle}`) ||
        commonPrefixLength(needle, candidate) >= Math.max(4, needle.length * 0.75))
    ) {
      // Ranked after every near miss, since an abbreviation is a weaker hint than a typo.
      scored.push({ name, score: maxDistance + 1 });
    }
  }
  scored.sort((left, right) => left.score - right.score || left.name.localeCompare(right.name));
  return scored.slice(0, limit).map((entry) => entry.name);
}

/** ` Did you mean "x"?` (or `"x" or "y"`), or the empty string when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>, options: NearestNamesOptions = {}): string {
  const names = nearestNames(input, candidates, { limit: 2, ...options });
  if (names.length === 0) return '';
  return ` Did you mean ${names.map((name) => `"${name}"`).join(' or ')}?`;
}
