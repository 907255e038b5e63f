// Dockerfiles: instructions with ranges, build stages, ARG substitution in FROM, heredocs.
import { DockerfileParser } from 'dockerfile-ast';
import type { OffsetRange } from '../types.ts';
import { fastReadDockerfile } from './fast-dockerfile.ts';
import { type ImageReference, parseImageReference } from './image-reference.ts';
import { LineIndex, restOfLine } from './source.ts';
import type { InputProblem } from './yaml.ts';

export const knownInstructions = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

/** A `--name=value` flag of an instruction; the value is undefined when there is no `=`. */
export interface InstructionFlag {
  name: string;
  value: string | undefined;
}

/** One instruction as a reader (dockerfile-ast, or the fast path) gives it: plain data only. */
export interface ReadInstruction {
  /** Upper-case keyword, e.g. `RUN`. */
  keyword: string;
  range: OffsetRange;
  /** The arguments, continuation lines and heredoc bodies included; the flags of RUN, COPY, ADD, FROM and HEALTHCHECK left out. */
  argumentsRange: OffsetRange;
  /** The leading flags of RUN, COPY, ADD, FROM and HEALTHCHECK; empty for other instructions. */
  flags: InstructionFlag[];
  /** FROM: its first argument after the flags, the image. */
  image?: { text: string; range: OffsetRange };
  /** FROM: the word after `AS`, as written. */
  stageName?: string;
}

export interface DockerInstruction extends ReadInstruction {
  argumentsText: string;
  /** The build stage it belongs to; undefined before the first FROM. */
  stage?: BuildStage;
}

export interface FromLine {
  instruction: DockerInstruction;
  /** The image as written, variables unexpanded. */
  imageText: string;
  imageRange: OffsetRange;
  /** The image with ARG defaults substituted; undefined when a variable has no default. */
  image?: string;
  reference?: ImageReference;
  /** The earlier build stage this FROM builds on, when it names one. */
  baseStage?: BuildStage;
  isScratch: boolean;
  platform?: string;
}

export interface BuildStage {
  index: number;
  name?: string;
  from: FromLine;
  instructions: DockerInstruction[];
  isFinal: boolean;
}

/** An image named by a flag of a build step rather than by FROM: `COPY --from=IMAGE`, `RUN --mount=from=IMAGE`. */
export interface FlagImage {
  instruction: DockerInstruction;
  stage: BuildStage;
  via: 'COPY --from' | 'RUN --mount';
  /** The value as written, variables unexpanded. */
  imageText: string;
  range: OffsetRange;
  /** With ARG defaults substituted. */
  image: string;
  reference: ImageReference;
}

export interface ShellScript {
  text: string;
  /** Offset of `text` in the Dockerfile. */
  offset: number;
  /** True for the body of a heredoc (`RUN <<EOF`). */
  heredoc: boolean;
}

export interface DockerfileModel {
  text: string;
  instructions: DockerInstruction[];
  stages: BuildStage[];
  finalStage?: BuildStage;
  problems: InputProblem[];
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: ReadonlyMap<string, string | undefined>;
  /** Images that build steps copy from or mount; build stages, numbers and unresolved variables left out. */
  flagImages: FlagImage[];
}

/** How Dockerfiles are read: the fast path (falling back to dockerfile-ast), or dockerfile-ast alone. */
export type DockerfileReader = 'fast' | 'dockerfile-ast';

// LSST_DOCKERFILE_READER=dockerfile-ast turns the fast path off (for comparison, or should it ever disagree).
const defaultDockerfileReader: DockerfileReader =
  typeof process !== 'undefined' && process.env.LSST_DOCKERFILE_READER === 'dockerfile-ast' ? 'dockerfile-ast' : 'fast';

/** Parses a Dockerfile; never throws. */
export function parseDockerfile(text: string, reader: DockerfileReader = defaultDockerfileReader): DockerfileModel {
  const read = (reader === 'fast' ? fastReadDockerfile(text) : undefined) ?? readWithDockerfileAst(text);
  const model: DockerfileModel = {
    text,
    instructions: [],
    stages: [],
    problems: [],
    globalArgs: new Map(),
    flagImages: [],
  };
  const globalArgs = new Map<string, string | undefined>();
  let currentStage: BuildStage | undefined;

  for (const readInstruction of read) {
    // Completed in place: the reader made it for this model, and a spread of its varying shapes was slow.
    const instruction = readInstruction as DockerInstruction;
    instruction.argumentsText = text.slice(readInstruction.argumentsRange[0], readInstruction.argumentsRange[1]);
    model.instructions.push(instruction);

    if (!knownInstructions.has(instruction.keyword)) {
      // As written: `frm` is named as the user typed it.
      const written = text.slice(instruction.range[0], instruction.range[0] + instruction.keyword.length);
      model.problems.push({
        message: `Unknown Dockerfile instruction "${written}". Check the spelling (known: ${[...knownInstructions].join(', ')}).`,
        range: [instruction.range[0], instruction.range[0] + instruction.keyword.length],
      });
      continue;
    }
    if (instruction.keyword === 'ARG' && !currentStage) {
      for (const [name, value] of parseArgDeclarations(instruction.argumentsText)) {
        // A default may name the ARGs declared before it (`ARG BASE_IMAGE=$REGISTRY/$OWNER/base`), as Docker expands it.
        globalArgs.set(name, value?.includes('$') ? (substituteVariables(value, globalArgs) ?? value) : value);
      }
      continue;
    }
    if (instruction.keyword === 'FROM') {
      currentStage = buildStage(instruction, model.stages, globalArgs);
      model.stages.push(currentStage);
    } else if (!currentStage) {
      model.problems.push({
        message: `${instruction.keyword} before the first FROM. Only ARG may come before FROM.`,
        range: [instruction.range[0], instruction.range[0] + instruction.keyword.length],
      });
      continue;
    }
    instruction.stage = currentStage;
    currentStage.instructions.push(instruction);
  }
  for (const instruction of model.instructions) {
    const problem = unterminatedHeredoc(instruction, text);
    if (problem) model.problems.push(problem);
  }
  const finalStage = model.stages[model.stages.length - 1];
  if (finalStage) {
    finalStage.isFinal = true;
    model.finalStage = finalStage;
  }
  model.globalArgs = globalArgs;
  model.flagImages = flagImagesOf(model);
  return model;
}

interface AstFlag {
  getName(): string;
  getValue(): string | null;
}

interface AstFrom {
  getImage(): string | null;
  getImageRange(): AstRange | null;
  getBuildStage(): string | null;
}

interface AstRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** The instructions as dockerfile-ast reads them, turned into plain data. */
export function readWithDockerfileAst(text: string): ReadInstruction[] {
  const lines = new LineIndex(text);
  const toOffset = (position: { line: number; character: number }) =>
    Math.min(lines.lineStart(position.line + 1) + position.character, text.length);
  const read: ReadInstruction[] = [];
  for (const node of DockerfileParser.parse(text).getInstructions()) {
    const range = node.getRange();
    const argumentsRange = node.getArgumentsRange();
    const end = toOffset(range.end);
    const instruction: ReadInstruction = {
      keyword: node.getKeyword().toUpperCase(),
      range: [toOffset(range.start), end],
      argumentsRange: argumentsRange ? [toOffset(argumentsRange.start), toOffset(argumentsRange.end)] : [end, end],
      flags: [],
    };
    // Only the instructions that take flags (RUN, COPY, ADD, FROM, HEALTHCHECK...) have getFlags.
    const withFlags = node as unknown as { getFlags?(): AstFlag[] };
    for (const flag of withFlags.getFlags?.() ?? []) {
      instruction.flags.push({ name: flag.getName(), value: flag.getValue() ?? undefined });
    }
    if (instruction.keyword === 'FROM') {
      const from = node as unknown as AstFrom;
      const imageRange = from.getImageRange();
      if (imageRange) {
        instruction.image = {
          text: from.getImage() ?? '',
          range: [toOffset(imageRange.start), toOffset(imageRange.end)],
        };
      }
      const stageName = from.getBuildStage();
      if (stageName !== null) instruction.stageName = stageName;
    }
    read.push(instruction);
  }
  return read;
}

/** Each leading `--name=value` flag of an instruction, with the offset of its value in the arguments. */
function leadingFlags(argumentsText: string): Array<{ name: string; value: string; offset: number }> {
  const flags: Array<{ name: string; value: string; offset: number }> = [];
  // Flags may be split over lines with the escape character.
  const pattern = /(?:\s|\\\r?\n)*--([a-z-]+)(?:=("[^"]*"|[^\s"\\]\S*))?/y;
  for (let match = pattern.exec(argumentsText); match; match = pattern.exec(argumentsText)) {
    const value = match[2] ?? '';
    const quoted = value.startsWith('"');
    flags.push({
      name: match[1] ?? '',
      value: quoted ? value.slice(1, -1) : value,
      offset: match.index + match[0].length - value.length + (quoted ? 1 : 0),
    });
    if (!/[\s\\]/.test(argumentsText[pattern.lastIndex] ?? '')) break;
  }
  return flags;
}

interface FromFlag {
  instruction: DockerInstruction;
  stage: BuildStage;
  via: FlagImage['via'];
  /** The value as written, and its offset from the end of the keyword. */
  text: string;
  offset: number;
  flagsStart: number;
}

/** Every `COPY --from=` and `RUN --mount=...,from=` value of the file: a stage, a stage's number or an image. */
function fromFlagsOf(model: DockerfileModel): FromFlag[] {
  const found: FromFlag[] = [];
  for (const instruction of model.instructions) {
    const stage = instruction.stage;
    if (!stage || (instruction.keyword !== 'COPY' && instruction.keyword !== 'RUN')) continue;
    // dockerfile-ast leaves the flags out of the arguments: they sit between the keyword and the arguments.
    const flagsStart = instruction.range[0] + instruction.keyword.length;
    const flagsText = model.text.slice(flagsStart, Math.max(flagsStart, instruction.argumentsRange[0]));
    const via = instruction.keyword === 'COPY' ? 'COPY --from' : 'RUN --mount';
    for (const flag of leadingFlags(flagsText)) {
      if (instruction.keyword === 'COPY' && flag.name === 'from') {
        found.push({ instruction, stage, via, text: flag.value, offset: flag.offset, flagsStart });
      }
      if (instruction.keyword === 'RUN' && flag.name === 'mount') {
        let at = 0;
        for (const option of flag.value.split(',')) {
          if (option.startsWith('from=')) {
            found.push({ instruction, stage, via, text: option.slice(5), offset: flag.offset + at + 5, flagsStart });
          }
          at += option.length + 1;
        }
      }
    }
  }
  return found;
}

function flagImagesOf(model: DockerfileModel): FlagImage[] {
  const stageNames = new Set(model.stages.map((stage) => stage.name).filter((name) => name !== undefined));
  const found: FlagImage[] = [];
  for (const flag of fromFlagsOf(model)) {
    const image = substituteVariables(flag.text, model.globalArgs);
    if (image === undefined || image === '' || /^\d+$/.test(image)) continue;
    if (stageNames.has(image.toLowerCase()) || image.toLowerCase() === 'scratch') continue;
    const reference = parseImageReference(image);
    if (!reference) continue;
    const start = flag.flagsStart + flag.offset;
    found.push({
      instruction: flag.instruction,
      stage: flag.stage,
      via: flag.via,
      imageText: flag.text,
      range: [start, start + flag.text.length],
      image,
      reference,
    });
  }
  return found;
}

/**
 * The stages that other stages build on (FROM) or take files from (`COPY --from`, `RUN --mount=from=`), by
 * name or number: the others are the ones a build can stop at (`--target`), the final stage among them.
 */
export function stagesUsedByOthers(model: DockerfileModel): Set<BuildStage> {
  const used = new Set<BuildStage>();
  for (const stage of model.stages) if (stage.from.baseStage) used.add(stage.from.baseStage);
  for (const flag of fromFlagsOf(model)) {
    const value = (substituteVariables(flag.text, model.globalArgs) ?? '').toLowerCase();
    const named = /^\d+$/.test(value)
      ? model.stages[Number(value)]
      : model.stages.find((stage) => stage.name?.toLowerCase() === value);
    if (named && named !== flag.stage) used.add(named);
  }
  return used;
}

function buildStage(
  instruction: DockerInstruction,
  earlierStages: readonly BuildStage[],
  globalArgs: ReadonlyMap<string, string | undefined>,
): BuildStage {
  const imageText = instruction.image?.text ?? '';
  const from: FromLine = {
    instruction,
    imageText,
    imageRange: instruction.image?.range ?? instruction.argumentsRange,
    isScratch: false,
  };
  // dockerfile-ast's reading: the platform counts only when it is the one flag.
  const onlyFlag = instruction.flags.length === 1 ? instruction.flags[0] : undefined;
  if (onlyFlag?.name === 'platform' && onlyFlag.value) from.platform = onlyFlag.value;
  const image = substituteVariables(imageText, globalArgs);
  if (image !== undefined) {
    from.image = image;
    const baseStage = earlierStages.find((stage) => stage.name !== undefined && stage.name === image.toLowerCase());
    if (baseStage) from.baseStage = baseStage;
    else if (image.toLowerCase() === 'scratch') from.isScratch = true;
    else {
      const reference = parseImageReference(image);
      if (reference) from.reference = reference;
    }
  }
  const stage: BuildStage = { index: earlierStages.length, from, instructions: [], isFinal: false };
  if (instruction.stageName) stage.name = instruction.stageName.toLowerCase();
  return stage;
}

/** `ARG A=1 B` -> [[A, '1'], [B, undefined]]; quotes around a default are removed. */
export function parseArgDeclarations(argumentsText: string): Array<[string, string | undefined]> {
  const declarations: Array<[string, string | undefined]> = [];
  for (const word of argumentsText.trim().split(/\s+/)) {
    if (word === '') continue;
    const equals = word.indexOf('=');
    if (equals === -1) declarations.push([word, undefined]);
    else declarations.push([word.slice(0, equals), word.slice(equals + 1).replace(/^(["'])(.*)\1$/, '$2')]);
  }
  return declarations;
}

/** Expands `$A`, `${A}`, `${A:-default}` and `${A-default}`; undefined when a variable stays unknown. */
export function substituteVariables(
  value: string,
  variables: ReadonlyMap<string, string | undefined>,
): string | undefined {
  let unresolved = false;
  const expanded = value.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_match, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      const known = variables.get(name);
      if (known !== undefined && known !== '') return known;
      if (fallback !== undefined) return fallback;
      unresolved = true;
      return '';
    },
  );
  return unresolved ? undefined : expanded;
}

/** The shell scripts a RUN executes: its heredoc bodies, or its shell-form arguments. */
export function shellScriptsOf(instruction: DockerInstruction): ShellScript[] {
  const text = instruction.argumentsText;
  const base = instruction.argumentsRange[0];
  const withoutFlags = text.match(/^(?:--[a-z-]+(?:=(?:"[^"]*"|\S+))?\s+)*/);
  const flagsLength = withoutFlags?.[0].length ?? 0;
  const body = text.slice(flagsLength);
  const heredocs = [...body.matchAll(/<<-?\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\1/g)];
  if (heredocs.length > 0) {
    const scripts: ShellScript[] = [];
    let searchFrom = body.indexOf('\n');
    for (const match of heredocs) {
      const delimiter = match[2] ?? '';
      if (searchFrom === -1) break;
      const bodyStart = searchFrom + 1;
      const terminator = new RegExp(`^\\s*${delimiter}\\s*$`, 'm');
      const rest = body.slice(bodyStart);
      const end = rest.search(terminator);
      const scriptText = end === -1 ? rest : rest.slice(0, end);
      scripts.push({ text: scriptText, offset: base + flagsLength + bodyStart, heredoc: true });
      searchFrom = end === -1 ? -1 : body.indexOf('\n', bodyStart + end);
    }
    const firstLineEnd = body.indexOf('\n');
    const commandLine = firstLineEnd === -1 ? body : body.slice(0, firstLineEnd);
    const beforeHeredoc = commandLine.replace(/<<-?\s*(["']?)[A-Za-z_][A-Za-z0-9_]*\1/g, '').trim();
    if (beforeHeredoc !== '') scripts.unshift({ text: commandLine, offset: base + flagsLength, heredoc: false });
    return scripts;
  }
  if (body.trimStart().startsWith('[')) {
    return [{ text: execFormAsShell(body), offset: base + flagsLength, heredoc: false }];
  }
  return [{ text: body, offset: base + flagsLength, heredoc: false }];
}

/** An exec-form array keeps its offsets: brackets, quotes and commas become spaces. */
function execFormAsShell(body: string): string {
  try {
    const parts = JSON.parse(body) as unknown;
    if (Array.isArray(parts) && parts.every((part) => typeof part === 'string')) {
      return body.replace(/[[\]",]/g, ' ');
    }
  } catch {
    // Not valid JSON: Docker runs it as a shell command.
  }
  return body;
}

/**
 * The first heredoc opener of an instruction, read as dockerfile-ast reads it (whose reading decides which
 * lines the instruction takes): a word that starts with `<<`, an optional `-`, the name with its quotes.
 */
function heredocOpener(
  argumentsText: string,
): { index: number; length: number; name: string; tabs: boolean } | undefined {
  // The pattern looks behind at every position: most instructions have no `<<` to look for.
  if (!argumentsText.includes('<<')) return undefined;
  for (const match of argumentsText.matchAll(/(?<=^|\s)<<(-?)(\S*)/g)) {
    let name = match[2] ?? '';
    const quote = name[0];
    if (quote === '"' || quote === "'") {
      if (name.length < 2 || !name.endsWith(quote)) continue;
      name = name.slice(1, -1);
    }
    if (name === '' || name.startsWith('<')) continue;
    return { index: match.index ?? 0, length: match[0].length, name, tabs: match[1] === '-' };
  }
  return undefined;
}

const heredocKeywords = new Set(['RUN', 'COPY', 'ADD', 'ONBUILD']);

function unterminatedHeredoc(instruction: DockerInstruction, text: string): InputProblem | undefined {
  if (!heredocKeywords.has(instruction.keyword)) return undefined;
  const opener = heredocOpener(instruction.argumentsText);
  if (!opener) return undefined;
  const delimiter = opener.name;
  // To the end of the last line as written: the arguments leave out trailing spaces, which a closing line may not have.
  const written = text.slice(instruction.argumentsRange[0], restOfLine(text, instruction.argumentsRange[1])[1]);
  const afterOpener = written.indexOf('\n', opener.index);
  const rest = afterOpener === -1 ? '' : written.slice(afterOpener + 1);
  // The closing line is the delimiter alone; `<<-` allows leading tabs (as the shell does).
  const closing = `^${opener.tabs ? '\\t*' : ''}${delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\r?$`;
  if (new RegExp(closing, 'm').test(rest)) return undefined;
  const start = instruction.argumentsRange[0] + opener.index;
  return {
    message: `Heredoc "<<${delimiter}" is never closed: add a line "${delimiter}" after its body.`,
    range: [start, Math.min(start + opener.length, text.length)],
  };
}
