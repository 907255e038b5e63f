// A fast reader for the plain Dockerfiles people write. It gives the same instructions, ranges,
// flags and FROM parts as dockerfile-ast (whose reading it follows step by step), and gives up
// (returns undefined) on anything it does not fully handle: the caller then parses with
// dockerfile-ast. The differential test (fast-dockerfile.test.ts) proves the two agree.
import type { OffsetRange } from '../types.ts';
import type { InstructionFlag, ReadInstruction } from './dockerfile.ts';

const LineFeed = 10;
const Space = 32;
const Hash = 35;
const Backslash = 92;

/** Thrown to leave the fast path; never escapes fastReadDockerfile. */
const unsupported = Symbol('unsupported');
function giveUp(): never {
  throw unsupported;
}

// Left to dockerfile-ast: CR and tabs (which its loops treat apart), a byte-order mark, heredocs, and
// any `escape` parser directive (even where it would not count as one).
const unsupportedText = /[\r\t\ufeff]|<<|^ *# *escape/im;

interface Argument {
  /** With the escapes applied, as dockerfile-ast's Argument.getValue(). */
  value: string;
  start: number;
  end: number;
}

/** The instructions of a Dockerfile, as dockerfile-ast reads them, or undefined when it must read it. */
export function fastReadDockerfile(text: string): ReadInstruction[] | undefined {
  if (unsupportedText.test(text)) return undefined;
  try {
    return readInstructions(text);
  } catch (error) {
    if (error === unsupported) return undefined;
    throw error;
  }
}

function readInstructions(text: string): ReadInstruction[] {
  const instructions: ReadInstruction[] = [];
  const length = text.length;
  let at = startAfterDirectives(text);
  while (at < length) {
    const code = text.charCodeAt(at);
    if (code === Space || code === LineFeed) {
      at++;
      continue;
    }
    if (code === Hash) {
      const lineEnd = text.indexOf('\n', at);
      at = lineEnd === -1 ? length : lineEnd;
      continue;
    }
    if (code === Backslash) giveUp();
    const start = at;
    let keywordEnd = at + 1;
    while (keywordEnd < length) {
      const next = text.charCodeAt(keywordEnd);
      if (next === Space || next === LineFeed) break;
      // An escape inside or right after the keyword (`RUN\`): dockerfile-ast joins lines into the keyword.
      if (next === Backslash) giveUp();
      keywordEnd++;
    }
    const keyword = text.slice(start, keywordEnd).toUpperCase();
    if (keywordEnd === length || text.charCodeAt(keywordEnd) === LineFeed) {
      instructions.push({ keyword, range: [start, keywordEnd], argumentsRange: [keywordEnd, keywordEnd], flags: [] });
      at = keywordEnd;
      continue;
    }
    const end = instructionEnd(text, keywordEnd);
    instructions.push(instructionOf(text, keyword, start, keywordEnd, end));
    at = end;
  }
  return instructions;
}

/**
 * Where dockerfile-ast starts reading instructions: at the line numbered by how many parser directives
 * it found at the top (`# name=value`; a line may hold more than one, so lines can be skipped whole).
 */
function startAfterDirectives(text: string): number {
  const length = text.length;
  let count = 0;
  let at = 0;
  lines: while (at < length) {
    const code = text.charCodeAt(at);
    if (code === Space) {
      at++;
      continue;
    }
    if (code !== Hash) break;
    let nameStart = -1;
    let search = at + 1;
    for (; search < length; search++) {
      const next = text.charCodeAt(search);
      if (next === LineFeed) break lines;
      if (next === 61 /* = */) break;
      if (next !== Space && nameStart === -1) nameStart = search;
    }
    // No `=` before the end: no more directives. No name before it: a comment, which ends them.
    if (search >= length || nameStart === -1) break;
    let valueStart = -1;
    let valueEnd = -1;
    let lineEnd = length;
    for (let value = search + 1; value < length; value++) {
      const next = text.charCodeAt(value);
      if (next === LineFeed || next === Space) {
        if (valueStart !== -1 && valueEnd === -1) valueEnd = value;
        if (next === LineFeed) {
          lineEnd = value;
          break;
        }
      } else if (valueStart === -1) valueStart = value;
    }
    if (valueStart === -1) valueEnd = lineEnd;
    else if (valueEnd === -1) valueEnd = length;
    count++;
    at = valueEnd + 1;
  }
  if (count === 0) return 0;
  let start = 0;
  for (let line = 0; line < count && start < length; line++) {
    const lineEnd = text.indexOf('\n', start);
    start = lineEnd === -1 ? length : lineEnd + 1;
  }
  // The one directive that changes the reading is `escape`, left to dockerfile-ast wherever it stands.
  if (/escape/i.test(text.slice(0, start))) giveUp();
  return start;
}

/** Where an instruction whose arguments start after `from` ends: its last unescaped line feed, or the end. */
function instructionEnd(text: string, from: number): number {
  const length = text.length;
  // True after an escaped line feed, until the next character that is not a space or line feed.
  let continued = false;
  for (let at = from + 1; at < length; at++) {
    const code = text.charCodeAt(at);
    if (code === LineFeed) {
      if (!continued) return at;
    } else if (code === Backslash) {
      const next = text.charCodeAt(at + 1);
      if (next === LineFeed) {
        continued = true;
        at++;
      } else if (next === Space || next === Backslash || Number.isNaN(next) || continued) {
        // `\ ` (spaces before the line feed), `\\`, an escape at the end, or one first on a continued line.
        giveUp();
      }
    } else if (code === Hash && continued) {
      // A comment line inside a continued instruction: skipped with its line feed, the instruction goes on.
      const lineEnd = text.indexOf('\n', at);
      const commentEnd = lineEnd === -1 ? length : lineEnd;
      // dockerfile-ast's word splitting reads escapes inside such comments.
      if (text.slice(at, commentEnd).includes('\\')) giveUp();
      at = commentEnd;
    } else if (code !== Space) {
      continued = false;
    }
  }
  return length;
}

/** The arguments of an instruction, split into words as dockerfile-ast's Instruction.getRawArguments does. */
function argumentsOf(text: string, from: number, end: number): Argument[] {
  const found: Argument[] = [];
  let start = -1;
  let value = '';
  // After an escaped line feed: `escaping` until the next word character; `afterSpace` when a space followed.
  let escaping = false;
  let afterSpace = false;
  let escapeMarker = -1;
  // Where the word's characters not yet added to `value` begin: added as one slice, not one by one.
  let pending = -1;
  const flush = (until: number) => {
    if (pending === -1) return;
    value += text.slice(pending, until);
    pending = -1;
  };
  const close = (until: number) => {
    found.push({ value, start, end: until });
    value = '';
    start = -1;
  };
  for (let at = from; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code === Space || code === LineFeed) {
      if (escaping) {
        afterSpace = code === Space;
        continue;
      }
      if (start !== -1) {
        flush(at);
        close(escapeMarker === -1 ? at : escapeMarker);
        escapeMarker = -1;
      }
      continue;
    }
    if (code === Hash && escaping) {
      // A comment line inside the continuation (without escapes: see instructionEnd); its line feed continues.
      const lineEnd = text.indexOf('\n', at);
      at = (lineEnd === -1 || lineEnd > end ? end : lineEnd) - 1;
      continue;
    }
    if (code === Backslash && text.charCodeAt(at + 1) === LineFeed && at + 1 < end) {
      flush(at);
      escaping = true;
      if (start !== -1 && escapeMarker === -1) escapeMarker = at;
      at++;
      continue;
    }
    // A word character (an escape `\x` is one too, two characters long).
    if (afterSpace && escapeMarker !== -1) close(escapeMarker);
    escapeMarker = -1;
    afterSpace = false;
    escaping = false;
    if (start === -1) start = at;
    if (code === Backslash) {
      if (at + 1 >= end) giveUp();
      const next = text[at + 1] as string;
      // `\<<`: an escaped `<` still opens a heredoc to dockerfile-ast, which reads the escaped words.
      if (next === '<') giveUp();
      flush(at);
      value += next === '$' ? '\\$' : next;
      at++;
    } else if (pending === -1) {
      pending = at;
    }
  }
  flush(end);
  if (start !== -1) close(escapeMarker === -1 ? end : escapeMarker);
  return found;
}

/** When dockerfile-ast stops looking for flags, by instruction; instructions not listed take none. */
const flagSearch: Record<string, (value: string) => boolean> = {
  FROM: (value) => !value.includes('--'),
  RUN: (value) => !value.includes('--'),
  COPY: (value) => !value.includes('--'),
  ADD: (value) => !value.includes('--'),
  HEALTHCHECK: (value) => {
    const upper = value.toUpperCase();
    return upper === 'CMD' || upper === 'NONE';
  },
  CMD: () => true,
  ENTRYPOINT: () => true,
  SHELL: () => true,
  VOLUME: () => true,
};

/** ModifiableInstruction.getFlags: the words that start with `--`, until one that stops the search. */
function flagsOf(text: string, words: readonly Argument[], stops: (value: string) => boolean): InstructionFlag[] {
  const flags: InstructionFlag[] = [];
  for (const word of words) {
    const value = word.value;
    if (stops(value)) break;
    if (!value.startsWith('--')) continue;
    const rawEquals = text.slice(word.start, word.end).indexOf('=');
    if (rawEquals === -1) flags.push({ name: value.substring(2), value: undefined });
    else if (rawEquals === value.length - 1) flags.push({ name: value.substring(2, rawEquals), value: '' });
    else {
      const equals = value.indexOf('=');
      flags.push({ name: value.substring(2, equals), value: value.substring(equals + 1) });
    }
  }
  return flags;
}

function instructionOf(text: string, keyword: string, start: number, keywordEnd: number, end: number): ReadInstruction {
  let words = argumentsOf(text, keywordEnd, end);
  // A word joined over a continuation (`<\⏎<EOF`) can open a heredoc that the text does not show.
  for (const word of words) if (word.value.includes('<<')) giveUp();
  const stops = flagSearch[keyword];
  const flags = stops ? flagsOf(text, words, stops) : [];
  // As dockerfile-ast, as many words are left out of the arguments as there are flags, from the front.
  if (flags.length > 0) words = words.slice(flags.length);
  const first = words[0];
  const last = words[words.length - 1];
  const argumentsRange: OffsetRange = first && last ? [first.start, last.end] : [end, end];
  const instruction: ReadInstruction = { keyword, range: [start, end], argumentsRange, flags };
  if (keyword === 'FROM' && first) {
    instruction.image = { text: first.value, range: [first.start, first.end] };
    const as = words[1];
    const name = words[2];
    if (as && name && as.value.toUpperCase() === 'AS') instruction.stageName = text.slice(name.start, name.end);
  }
  return instruction;
}
