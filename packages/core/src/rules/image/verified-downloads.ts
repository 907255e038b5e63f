import type { ShellCommand } from '../../data/package-managers.ts';
import type { DockerInstruction } from '../../documents/dockerfile.ts';
import type { OffsetRange } from '../../types.ts';
import { defineRule } from '../rule.ts';
import { absolute, basename, instructionFlags, realWords, runScriptsOf } from '../run-scripts.ts';

const downloaders = new Set(['curl', 'wget']);
const shells = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', 'ksh', 'mksh', 'busybox']);
/** Commands that run a script given as text or as a file name. */
const scriptRunners = new Set([...shells, 'eval', 'source', '.']);

export const imageVerifiedDownloads = defineRule({
  name: 'image/verified-downloads',
  guideline: '1.2.2',
  description:
    'Downloads in a Dockerfile are verified: no curl or wget piped into a shell, and ADD of a URL carries --checksum.',
  defaultSeverity: 'warning',
  appliesTo: ['dockerfile'],
  fixable: false,
  checkDockerfile(context) {
    for (const script of runScriptsOf(context.dockerfile.stages)) {
      for (const range of unverifiedExecutions(script.commands)) {
        context.report({
          range: absolute(script, range),
          message:
            'A script downloaded with curl/wget is run by a shell without being checked: whatever the server (or anyone in between) sends is executed in the image. Download it to a file, verify its sha256 checksum (sha256sum -c) or signature, then run it; or install the software from a package repository.',
        });
      }
    }
    for (const instruction of context.dockerfile.instructions) {
      if (instruction.keyword !== 'ADD') continue;
      for (const url of uncheckedUrls(instruction)) {
        context.report({
          range: url.range,
          message: `ADD downloads "${url.text}" without --checksum, so a changed or tampered file goes unnoticed and the build is not reproducible. Add --checksum=sha256:<digest> (ADD --checksum=sha256:... ${url.text} ...).`,
        });
      }
    }
  },
});

/** `curl ... | sh`, `bash <(curl ...)`, `sh -c "$(curl ...)"`: the range from the download to the shell. */
function unverifiedExecutions(commands: readonly ShellCommand[]): OffsetRange[] {
  const found: OffsetRange[] = [];
  let pipeline: ShellCommand[] = [];
  const closePipeline = () => {
    const download = pipeline.findIndex((command) => downloaders.has(executableOf(command)));
    if (download !== -1) {
      const shell = pipeline.slice(download + 1).find((command) => shells.has(executableOf(command)));
      const start = pipeline[download] as ShellCommand;
      if (shell) found.push([start.range[0], shell.range[1]]);
    }
    pipeline = [];
  };
  commands.forEach((command, index) => {
    pipeline.push(command);
    if (command.terminator !== '|' && command.terminator !== '|&') closePipeline();
    const next = commands[index + 1];
    const runsProcessSubstitution =
      scriptRunners.has(executableOf(command)) &&
      command.terminator === '(' &&
      command.redirections[command.redirections.length - 1]?.text === '<' &&
      next !== undefined &&
      downloaders.has(executableOf(next));
    if (runsProcessSubstitution && next) found.push([command.range[0], next.range[1] + 1]);
    const runsSubstitution =
      scriptRunners.has(executableOf(command)) &&
      command.words.some((word) => /(?:\$\(|`)\s*(?:\S*\/)?(?:curl|wget)\s/.test(word.text));
    if (runsSubstitution) found.push(command.range);
  });
  return found;
}

function executableOf(command: ShellCommand): string {
  return basename(realWords(command.words)[0]?.text ?? '');
}

interface UrlWord {
  text: string;
  range: OffsetRange;
}

/** The http(s) sources of an ADD without `--checksum`. */
function uncheckedUrls(instruction: DockerInstruction): UrlWord[] {
  const full = instruction.argumentsText;
  // With a heredoc, only the first line names sources; the rest is file content.
  const text = /<<-?\s*["']?[A-Za-z_]/.test(full) ? (full.split('\n')[0] ?? '') : full;
  const base = instruction.argumentsRange[0];
  const words: UrlWord[] = [];
  for (const match of text.matchAll(/[^\s\\]+/g)) {
    words.push({ text: match[0], range: [base + (match.index ?? 0), base + (match.index ?? 0) + match[0].length] });
  }
  if (instructionFlags(instruction).some((flag) => flag.startsWith('--checksum='))) return [];
  const flags = words.filter((word) => word.text.startsWith('--'));
  const afterFlags = (flags[flags.length - 1]?.range[1] ?? base) - base;
  const restStart = afterFlags + (text.slice(afterFlags).length - text.slice(afterFlags).trimStart().length);
  const rest = text.slice(restStart);
  let sources: UrlWord[];
  if (rest.startsWith('[')) {
    sources = [];
    for (const match of rest.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
      const start = base + restStart + (match.index ?? 0) + 1;
      sources.push({ text: match[1] ?? '', range: [start, start + (match[1]?.length ?? 0)] });
    }
    sources = sources.slice(0, -1);
  } else {
    sources = words.filter((word) => !word.text.startsWith('--')).slice(0, -1);
  }
  return sources.filter((source) => /^https?:\/\//i.test(source.text));
}
