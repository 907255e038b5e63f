// Globs of the configuration (contexts, servers, namespaces, exemptions), matched in time that grows
// with the name times the pattern, never more: a regular expression with a quantifier per `*`
// backtracks, and `*a*a*a…` against a long name would take minutes.
//
// Syntax: `*` any run of characters (not `/` in paths), `**` as a whole path segment any run of
// segments, `?` one character (not `/` in paths), `[abc]`, `[a-z]`, `[!a]` or `[^a]` one of a set,
// `{a,b}` either alternative (at most maxAlternatives in all), `\` makes the next character literal;
// a leading `!` matches what the rest does not.

export interface GlobOptions {
  /** `*` and `?` stop at `/`, and `**` is a whole path segment that crosses them (file paths). */
  path?: boolean;
}

/** Alternatives a pattern's braces may expand to; past this, braces are literal characters. */
export const maxAlternatives = 64;

type Token =
  | { type: 'char'; char: string }
  | { type: 'one' }
  | { type: 'set'; negated: boolean; ranges: [string, string][] }
  | { type: 'star' }
  | { type: 'globstar' }
  /** `**\/`: no segment at all, or any run ending with `/`. */
  | { type: 'segments' };

/** A compiled glob: whether a whole name matches. */
export type GlobMatcher = (text: string) => boolean;

export function compileGlob(pattern: string, options: GlobOptions = {}): GlobMatcher {
  // A leading `!` negates, as it did with picomatch, which matched these globs before.
  if (pattern.startsWith('!') && pattern.length > 1) {
    const matches = compileGlob(pattern.slice(1), options);
    return (text) => !matches(text);
  }
  const alternatives = pathAlternatives(expandBraces(pattern), options).map((alternative) => {
    const tokens = tokenize(alternative, options.path === true);
    return { tokens, literal: longestLiteral(tokens) };
  });
  // A name without the pattern's longest literal run cannot match: most names are turned away without the automaton.
  return (text) =>
    alternatives.some(
      ({ tokens, literal }) => text.includes(literal) && run(tokens, text, options.path === true, undefined),
    );
}

/** The longest run of literal characters in the tokens: every match holds it as it stands. */
function longestLiteral(tokens: readonly Token[]): string {
  let longest = '';
  let current = '';
  for (const token of tokens) {
    if (token.type === 'char') {
      current += token.char;
      if (current.length > longest.length) longest = current;
    } else current = '';
  }
  return longest;
}

/** A final `/**` matches the folder itself too (`tests/**` matches `tests`), never a longer name (`tests-old`). */
function pathAlternatives(alternatives: readonly string[], options: GlobOptions): string[] {
  if (options.path !== true) return [...alternatives];
  return alternatives.flatMap((alternative) =>
    alternative.length > 3 && alternative.endsWith('/**') && !alternative.endsWith('\\/**')
      ? [alternative, alternative.slice(0, -3)]
      : [alternative],
  );
}

/** A matcher that matches when any of the patterns does. */
export function compileGlobs(patterns: readonly string[], options: GlobOptions = {}): GlobMatcher {
  const matchers = patterns.map((pattern) => compileGlob(pattern, options));
  return (text) => matchers.some((matches) => matches(text));
}

/**
 * A glob on a checked file's path as the configuration writes it: a glob without `/` matches the
 * file name, and a relative glob also matches the end of a longer or absolute path, so that the
 * CLI (relative paths) and the editor (absolute ones) agree. Backslashes and a leading `./` are
 * ignored on both sides.
 */
export function compilePathGlob(pattern: string): GlobMatcher {
  const normalized = pattern.replace(/^\.\//, '');
  const exact = compileGlob(normalized, { path: true });
  const byName = normalized.includes('/') ? undefined : exact;
  const anywhere = normalized.startsWith('/') ? undefined : compileGlob(`**/${normalized}`, { path: true });
  return (path) => {
    const value = path.replace(/\\/g, '/').replace(/^\.\//, '');
    return exact(value) || (byName?.(value.slice(value.lastIndexOf('/') + 1)) ?? false) || (anywhere?.(value) ?? false);
  };
}

/** The steps matching takes (states visited), for tests that hold matching to its bound. */
export function countGlobSteps(pattern: string, text: string, options: GlobOptions = {}): number {
  const counter = { steps: 0 };
  for (const alternative of pathAlternatives(expandBraces(pattern), options)) {
    run(tokenize(alternative, options.path === true), text, options.path === true, counter);
  }
  return counter.steps;
}

/**
 * Simulates the pattern's automaton over the text, every possible position in the pattern at once:
 * (text length + 1) x (tokens + 1) steps at most, whatever the pattern.
 */
function run(tokens: readonly Token[], text: string, path: boolean, counter: { steps: number } | undefined): boolean {
  const size = tokens.length + 1;
  let current = new Uint8Array(size);
  let next = new Uint8Array(size);
  current[0] = 1;
  closeOver(tokens, current, counter);
  // By code point, as the pattern was split: `?` is one character even beyond the first plane.
  for (const char of text) {
    next.fill(0);
    let any = false;
    for (let state = 0; state < tokens.length; state += 1) {
      if (counter) counter.steps += 1;
      if (current[state] === 0) continue;
      const token = tokens[state] as Token;
      switch (token.type) {
        case 'char':
          if (token.char === char) next[state + 1] = 1;
          break;
        case 'one':
          if (!(path && char === '/')) next[state + 1] = 1;
          break;
        case 'set':
          if (inSet(token, char) && !(path && char === '/')) next[state + 1] = 1;
          break;
        case 'star':
          if (!(path && char === '/')) next[state] = 1;
          break;
        case 'globstar':
          next[state] = 1;
          break;
        case 'segments':
          // Inside the run: stay, mid-segment (2), where what follows may not start; its closing `/` ends a segment.
          if (char === '/') next[state] = 1;
          else if (next[state] === 0) next[state] = 2;
          break;
      }
      any = true;
    }
    if (!any) return false;
    closeOver(tokens, next, counter);
    [current, next] = [next, current];
  }
  return current[tokens.length] === 1;
}

/**
 * Adds the states reachable without reading a character: past stars, which may match nothing, and past a `**\/`
 * run at a segment boundary (state 1), never from the middle of a segment (state 2).
 */
function closeOver(tokens: readonly Token[], states: Uint8Array, counter: { steps: number } | undefined): void {
  for (let state = 0; state < tokens.length; state += 1) {
    if (counter) counter.steps += 1;
    const type = tokens[state]?.type;
    if (states[state] === 1 && (type === 'star' || type === 'globstar' || type === 'segments')) states[state + 1] = 1;
  }
}

function inSet(token: Extract<Token, { type: 'set' }>, char: string): boolean {
  let found = false;
  for (const [low, high] of token.ranges) {
    if (char >= low && char <= high) {
      found = true;
      break;
    }
  }
  return found !== token.negated;
}

function tokenize(pattern: string, path: boolean): Token[] {
  const tokens: Token[] = [];
  const characters = Array.from(pattern);
  for (let index = 0; index < characters.length; index += 1) {
    const char = characters[index] as string;
    if (char === '\\' && index + 1 < characters.length) {
      index += 1;
      tokens.push({ type: 'char', char: characters[index] as string });
    } else if (char === '*') {
      let end = index;
      while (characters[end + 1] === '*') end += 1;
      const double = end > index;
      const segmentStart = index === 0 || characters[index - 1] === '/';
      const segmentEnd = end + 1 === characters.length || characters[end + 1] === '/';
      index = end;
      if (!path) tokens.push({ type: 'globstar' });
      else if (!(double && segmentStart && segmentEnd)) tokens.push({ type: 'star' });
      else if (characters[index + 1] === '/') {
        tokens.push({ type: 'segments' });
        index += 1;
      } else tokens.push({ type: 'globstar' });
    } else if (char === '?') {
      tokens.push({ type: 'one' });
    } else if (char === '[') {
      const set = readSet(characters, index);
      if (set) {
        tokens.push(set.token);
        index = set.end;
      } else tokens.push({ type: 'char', char });
    } else {
      tokens.push({ type: 'char', char });
    }
  }
  // Consecutive stars add nothing but states.
  return tokens.filter((token, position) => !(token.type === 'star' && tokens[position - 1]?.type === 'star'));
}

/** The set starting at `[`, and the index of its `]`; undefined when it is not closed (a literal `[`). */
function readSet(characters: readonly string[], start: number): { token: Token; end: number } | undefined {
  let index = start + 1;
  const negated = characters[index] === '!' || characters[index] === '^';
  if (negated) index += 1;
  const ranges: [string, string][] = [];
  let first = true;
  for (; index < characters.length; index += 1) {
    let char = characters[index] as string;
    if (char === ']' && !first) return { token: { type: 'set', negated, ranges }, end: index };
    first = false;
    if (char === '\\' && index + 1 < characters.length) {
      index += 1;
      char = characters[index] as string;
    }
    if (characters[index + 1] === '-' && index + 2 < characters.length && characters[index + 2] !== ']') {
      ranges.push([char, characters[index + 2] as string]);
      index += 2;
    } else ranges.push([char, char]);
  }
  return undefined;
}

/** `a{b,c}d` -> `abd`, `acd`; nested braces too. Too many alternatives, or none, leave the pattern as it is. */
function expandBraces(pattern: string): string[] {
  const expanded = expand(pattern, maxAlternatives);
  return expanded ?? [pattern];
}

function expand(pattern: string, budget: number): string[] | undefined {
  const open = findUnescaped(pattern, '{', 0);
  if (open === -1) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let index = open; index < pattern.length; index += 1) {
    const char = pattern[index];
    if (char === '\\') index += 1;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) {
        close = index;
        break;
      }
    } else if (char === ',' && depth === 1) commas.push(index);
  }
  if (close === -1 || commas.length === 0) {
    // Not an alternation: the brace is a literal character; expand what follows it.
    const rest = expand(pattern.slice(open + 1), budget);
    return rest?.map((tail) => `${pattern.slice(0, open)}\\{${tail}`);
  }
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const bounds = [open, ...commas, close];
  const results: string[] = [];
  const tails = expand(tail, budget);
  if (!tails) return undefined;
  for (let part = 0; part + 1 < bounds.length; part += 1) {
    const inner = expand(pattern.slice((bounds[part] as number) + 1, bounds[part + 1]), budget);
    if (!inner) return undefined;
    for (const middle of inner) {
      for (const end of tails) {
        results.push(`${head}${middle}${end}`);
        if (results.length > budget) return undefined;
      }
    }
  }
  return results;
}

function findUnescaped(text: string, wanted: string, from: number): number {
  for (let index = from; index < text.length; index += 1) {
    if (text[index] === '\\') index += 1;
    else if (text[index] === wanted) return index;
  }
  return -1;
}
