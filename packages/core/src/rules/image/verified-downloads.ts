import type { ShellCommand } from '../../data/package-managers.ts';
import type { DockerInstruction } from '../../documents/dockerfile.ts';
import { LineIndex } from '../../documents/source.ts';
import type { OffsetRange } from '../../types.ts';
import { defineRule } from '../rule.ts';
import { absolute, basename, instructionFlags, type RunScript, realWords, runScriptsOf } from '../run-scripts.ts';

const downloaders = new Set(['curl', 'wget']);
const shells = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', 'ksh', 'mksh', 'busybox']);
/** Commands that run a script given as text or as a file name. */
const scriptRunners = new Set([...shells, 'eval', 'source', '.']);

export const imageVerifiedDownloads = defineRule({
  name: 'image/verified-downloads',
  guideline: '1.2.2',
  description:
    'Downloads in a Dockerfile are verified: no curl or wget piped into a shell, no downloaded file extracted, installed or run without a checksum or signature check, and ADD of a URL carries --checksum.',
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
    const scripts = runScriptsOf(context.dockerfile.stages);
    // Only a finding that names a second line needs the line index.
    let lines: LineIndex | undefined;
    scripts.forEach((script, index) => {
      const { uses, unused } = unverifiedFileUses(script.commands);
      for (const use of uses) {
        context.report({ range: absolute(script, use.range), message: unverifiedUseMessage(use) });
      }
      // A file downloaded by one RUN and used by a later RUN of the same stage is the same risk.
      const laterInStage = scripts.slice(index + 1).filter((later) => later.stage === script.stage);
      for (const download of unused) {
        const later = useInLaterScripts(laterInStage, download);
        if (!later) continue;
        lines ??= new LineIndex(context.text);
        const line = lines.positionAt(absolute(later.script, later.command.range)[0]).line;
        context.report({
          range: absolute(script, download.command.range),
          message: unverifiedUseMessage({ ...download, ...later.use, where: `on line ${line}` }),
        });
      }
    });
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

/** What a command does with a file it is given, by executable; anything else (cp, mv, rm, ls) is no use. */
const fileUsers: ReadonlyMap<string, string> = new Map([
  ['tar', 'extracted'],
  ['bsdtar', 'extracted'],
  ['unzip', 'extracted'],
  ['gunzip', 'extracted'],
  ['bunzip2', 'extracted'],
  ['xz', 'extracted'],
  ['zstd', 'extracted'],
  ['dpkg', 'installed'],
  ['rpm', 'installed'],
  ['apt', 'installed'],
  ['apt-get', 'installed'],
  ['yum', 'installed'],
  ['dnf', 'installed'],
  ['microdnf', 'installed'],
  ['apk', 'installed'],
  ['pip', 'installed'],
  ['pip3', 'installed'],
  ['install', 'installed'],
  ['sh', 'run'],
  ['bash', 'run'],
  ['python', 'run'],
  ['python3', 'run'],
  ['perl', 'run'],
  ['java', 'run'],
]);
const pipeExtractors = new Set(['tar', 'bsdtar', 'unzip', 'gunzip', 'bunzip2', 'xz', 'zstd', 'funzip']);

/** A checksum or signature check of downloaded files. */
function isVerification(command: ShellCommand): boolean {
  const words = realWords(command.words).map((word) => word.text);
  const executable = basename(words[0] ?? '');
  if (/^(?:sha(?:1|224|256|384|512)sum|shasum|b2sum|md5sum|cksum)$/.test(executable)) {
    return words.some((word) => word === '-c' || word === '--check' || /^-[a-z]*c[a-z]*$/.test(word));
  }
  if (executable === 'gpg' || executable === 'gpg2') return words.some((word) => word === '--verify');
  if (executable === 'gpgv' || executable === 'minisign' || executable === 'signify') return true;
  if (executable === 'cosign') return words.some((word) => word.startsWith('verify'));
  return false;
}

interface FileUse {
  file: string;
  downloader: string;
  action: string;
  user: string;
  range: OffsetRange;
}

/** A file a curl or wget command writes, which nothing later in its script checks or uses. */
interface PendingDownload {
  command: ShellCommand;
  /** As the command names it, to match later commands by. */
  path: string;
  file: string;
  downloader: string;
}

function unverifiedUseMessage(use: { file: string; downloader: string; action: string; user: string; where?: string }) {
  const then = use.where ? `then ${use.action} by ${use.user} ${use.where}` : `then ${use.action} by ${use.user}`;
  return `"${use.file}" is downloaded with ${use.downloader} and ${then} with no checksum or signature check in between: a changed or tampered file goes into the image unnoticed, and images are to come from trusted sources (guideline 1.2.2). Verify it first (echo "<sha256>  ${use.file}" | sha256sum -c -, or gpg --verify), or use ADD --checksum=sha256:<digest>.`;
}

/**
 * The first use of a pending download in the later RUN scripts of its stage, unless a checksum or
 * signature check comes first (in an earlier script, or anywhere in the script that uses it, as within one script).
 */
function useInLaterScripts(
  later: readonly RunScript[],
  download: PendingDownload,
): { script: RunScript; command: ShellCommand; use: FileAction } | undefined {
  for (const script of later) {
    if (script.commands.some(isVerification)) return undefined;
    const found =
      firstUse(script.commands, download.path, download.file, strongUse) ??
      firstUse(script.commands, download.path, download.file, placedForUse);
    if (found) return { script, ...found };
  }
  return undefined;
}

/** The file a curl or wget command writes, when it writes one: `-o FILE`, `-O` (the URL's last segment), wget's default. */
function downloadedFile(command: ShellCommand): string | undefined {
  const words = realWords(command.words).map((word) => word.text);
  const downloader = basename(words[0] ?? '');
  const url = words.slice(1).find((word) => /^(?:https?|ftp):\/\//i.test(word));
  const urlName = url ? basename(url.replace(/[?#].*$/, '')) : undefined;
  for (let index = 1; index < words.length; index++) {
    const word = words[index] as string;
    const next = words[index + 1];
    if (downloader === 'curl') {
      if (word === '-o' || word === '--output') return next;
      if (/^-[a-zA-Z]*o$/.test(word)) return next;
      if (word.startsWith('--output=')) return word.slice('--output='.length);
      if (word === '-O' || word === '--remote-name' || /^-[a-zA-Z]*O[a-zA-Z]*$/.test(word)) return urlName;
    } else {
      if (word === '-O' || word === '--output-document' || /^-[a-zA-Z]*O$/.test(word)) return next;
      if (word.startsWith('--output-document=')) return word.slice('--output-document='.length);
    }
  }
  return downloader === 'wget' && !command.terminator?.startsWith('|') ? urlName : undefined;
}

/**
 * A file fetched with curl or wget, then extracted, installed or run with no checksum or signature check in
 * between (`curl -o x.tgz URL && tar xf x.tgz`, `wget URL && dpkg -i x.deb`, `curl URL | tar xz`).
 */
function unverifiedFileUses(commands: readonly ShellCommand[]): { uses: FileUse[]; unused: PendingDownload[] } {
  const found: FileUse[] = [];
  const unused: PendingDownload[] = [];
  commands.forEach((command, index) => {
    const downloader = executableOf(command);
    if (!downloaders.has(downloader)) return;
    if (commands.slice(index + 1).some(isVerification)) return;
    if (command.terminator === '|') {
      const next = commands[index + 1];
      if (next && pipeExtractors.has(executableOf(next))) {
        const url = realWords(command.words).find((word) => /^(?:https?|ftp):\/\//i.test(word.text));
        found.push({
          file: url ? basename(url.text.replace(/[?#].*$/, '')) : 'the download',
          downloader,
          action: 'extracted',
          user: executableOf(next),
          range: [command.range[0], next.range[1]],
        });
      }
      return;
    }
    const file = downloadedFile(command);
    if (!file || file === '-' || file.includes('$')) return;
    const name = basename(file);
    const use =
      firstUse(commands.slice(index + 1), file, name, strongUse) ??
      firstUse(commands.slice(index + 1), file, name, placedForUse);
    if (use) found.push({ file: name, downloader, ...use.use, range: [command.range[0], use.command.range[1]] });
    else unused.push({ command, path: file, file: name, downloader });
  });
  return { uses: found, unused };
}

/** What a command does with the file, and which program does it. */
interface FileAction {
  action: string;
  user: string;
}

type UseOf = (words: readonly string[], file: string, name: string) => FileAction | undefined;

/** The first later command that uses the file as `judge` sees it. */
function firstUse(
  later: readonly ShellCommand[],
  file: string,
  name: string,
  judge: UseOf,
): { command: ShellCommand; use: FileAction } | undefined {
  for (const command of later) {
    const use = judge(
      realWords(command.words).map((word) => word.text),
      file,
      name,
    );
    if (use) return { command, use };
  }
  return undefined;
}

/** Extracting, installing or running the file. */
function strongUse(words: readonly string[], file: string, name: string): FileAction | undefined {
  const executable = words[0] ?? '';
  const runsIt =
    executable === file || executable === `./${name}` || (executable.includes('/') && basename(executable) === name);
  if (runsIt) return { action: 'run', user: 'the shell' };
  const action = fileUsers.get(basename(executable));
  if (!action || !namesFile(words, file, name)) return undefined;
  return { action, user: basename(executable) };
}

/**
 * Making the file executable, or moving it onto the PATH (`chmod +x kubectl && mv kubectl /usr/local/bin/`):
 * a downloaded program installed by hand. Only when nothing later extracts, installs or runs it.
 */
function placedForUse(words: readonly string[], file: string, name: string): FileAction | undefined {
  const executable = basename(words[0] ?? '');
  if (!namesFile(words, file, name)) return undefined;
  if (executable === 'chmod' && words.slice(1).some(addsExecute)) return { action: 'made executable', user: 'chmod' };
  const destination = words[words.length - 1] ?? '';
  if ((executable === 'mv' || executable === 'cp') && words.length >= 3 && programFolder.test(destination))
    return { action: 'put on the PATH', user: executable };
  return undefined;
}

/** Whether the command names the file among its operands (for mv and cp, among the sources). */
function namesFile(words: readonly string[], file: string, name: string): boolean {
  const copies = ['mv', 'cp'].includes(basename(words[0] ?? ''));
  return words.slice(1, copies ? -1 : undefined).some((word) => word === file || basename(word) === name);
}

// Folders on the PATH of common base images.
const programFolder = /^(?:\/usr(?:\/local)?)?\/s?bin(?:\/|$)|^\/opt\/[^/]+\/bin(?:\/|$)/;

/** A chmod mode that sets an execute bit: `+x`, `u+x`, `a+rx`, `755`, `0750`. */
function addsExecute(mode: string): boolean {
  if (/^[ugoa]*\+[rwxXst]*x/.test(mode)) return true;
  return /^0?[0-7]{3,4}$/.test(mode) && (Number.parseInt(mode, 8) & 0o111) !== 0;
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
