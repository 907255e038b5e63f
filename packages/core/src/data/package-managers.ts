// How package installs look in a RUN instruction, per package manager, and a shell-word splitter to find them.
//
// Sources:
// - apt-get(8): https://manpages.debian.org/stable/apt/apt-get.8.en.html ; apt(8): https://manpages.debian.org/stable/apt/apt.8.en.html
// - yum(8): https://man7.org/linux/man-pages/man8/yum.8.html ; dnf: https://dnf.readthedocs.io/en/latest/command_ref.html ;
//   microdnf: https://github.com/rpm-software-management/microdnf
// - apk(8): https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper
// - pip install: https://pip.pypa.io/en/stable/cli/pip_install/
// - Dockerfile best practices: https://docs.docker.com/build/building/best-practices/#apt-get
// - Shell word splitting and quoting: https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html
// Compiled: 2026-11-27.

import type { OffsetRange } from '../types.ts';

export type PackageManager = 'apt' | 'yum' | 'apk' | 'pip';

export interface PackageManagerSpec {
  manager: PackageManager;
  /** Executables (basename) that are this manager. pip is also reached through `python -m pip` and `uv pip`. */
  executables: readonly string[];
  /** Subcommands that install packages; for yum/dnf the group forms install groups rather than packages. */
  installSubcommands: readonly string[];
  groupInstallSubcommands: readonly string[];
  /** Flags that take the next word as their value when not written `--flag=value` (short ones may be glued: `-oFoo`). */
  flagsWithValue: readonly string[];
  /** What `container/minimal-packages` asks of an install with this manager. */
  minimal: { flags: readonly string[]; cleanup?: string; environment?: string; description: string };
}

// biome-ignore format: one row per line keeps the table reviewable
export const PACKAGE_MANAGERS: Readonly<Record<PackageManager, PackageManagerSpec>> = {
  apt: { manager: 'apt', executables: ['apt-get', 'apt', 'aptitude'], installSubcommands: ['install'], groupInstallSubcommands: [], flagsWithValue: ['-o', '--option', '-c', '--config-file', '-t', '--target-release', '--default-release', '-a', '--host-architecture'], minimal: { flags: ['--no-install-recommends'], cleanup: 'rm -rf /var/lib/apt/lists/*', description: 'apt-get install --no-install-recommends, and rm -rf /var/lib/apt/lists/* in the same RUN' } },
  yum: { manager: 'yum', executables: ['yum', 'dnf', 'dnf5', 'microdnf', 'tdnf'], installSubcommands: ['install', 'localinstall'], groupInstallSubcommands: ['groupinstall'], flagsWithValue: ['-c', '--config', '-d', '--debuglevel', '-e', '--errorlevel', '-x', '--exclude', '--enablerepo', '--disablerepo', '--repo', '--repoid', '--installroot', '--releasever', '--setopt', '--downloaddir', '--destdir', '--forcearch', '--color', '--rpmverbosity', '--comment', '--advisory', '--cve', '--bz', '--sec-severity'], minimal: { flags: [], cleanup: 'yum clean all', description: 'yum/dnf clean all (or removing /var/cache/yum, /var/cache/dnf) in the same RUN' } },
  apk: { manager: 'apk', executables: ['apk'], installSubcommands: ['add'], groupInstallSubcommands: [], flagsWithValue: ['-X', '--repository', '-p', '--root', '-t', '--virtual', '--arch', '--cache-dir', '--keys-dir', '--repositories-file', '--cache-max-age', '--timeout'], minimal: { flags: ['--no-cache'], description: 'apk add --no-cache' } },
  pip: { manager: 'pip', executables: ['pip', 'pip3'], installSubcommands: ['install'], groupInstallSubcommands: [], flagsWithValue: ['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--platform', '--python-version', '--implementation', '--abi', '--no-binary', '--only-binary', '--progress-bar', '--trusted-host', '--cache-dir', '--src', '--upgrade-strategy', '--log', '--proxy', '--retries', '--timeout', '--exists-action', '--cert', '--client-cert', '--global-option', '--install-option', '-C', '--config-settings', '--report', '--python', '--group'], minimal: { flags: ['--no-cache-dir'], environment: 'PIP_NO_CACHE_DIR', description: 'pip install --no-cache-dir (or PIP_NO_CACHE_DIR set)' } },
};

// ---------------------------------------------------------------------------------------------------------------
// Shell words

export interface ShellWord {
  /** The word after quote removal and line-continuation removal; `$VAR` and `$(...)` are kept as written. */
  text: string;
  /** The word exactly as it appears in the source, quotes included. */
  raw: string;
  /** Offsets into the text given to the parser, covering `raw`. */
  range: OffsetRange;
  /** True when any part of the word was quoted. */
  quoted: boolean;
  /** True when the word holds an unquoted or double-quoted expansion (`$VAR`, `${VAR}`, `$(...)`, backticks). */
  expansion: boolean;
}

export interface ShellCommand {
  /** The command and its arguments, without leading assignments, redirections and reserved words (`if`, `then`). */
  words: ShellWord[];
  /** Leading `NAME=value` words (`DEBIAN_FRONTEND=noninteractive apt-get ...`). */
  assignments: ShellWord[];
  /** Redirection operators and their targets (`>`, `/dev/null`, `2>&1`). */
  redirections: ShellWord[];
  /** From the first to the last word of the command. */
  range: OffsetRange;
  /** The operator that ends this command: `&&`, `||`, `;`, `|`, `&`, a newline, or undefined at the end of the text. */
  terminator?: string;
}

const RESERVED_WORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}']);

interface Token {
  kind: 'word' | 'operator' | 'redirect';
  word: ShellWord;
}

/**
 * Splits a RUN instruction's shell text into simple commands on `&&`, `||`, `;`, `|`, `&`, newlines and
 * parentheses, following POSIX quoting: single quotes, double quotes with backslash escapes, backslash escapes,
 * backslash-newline continuations, `#` comments, `$(...)`, `${...}` and backticks. Every word keeps its offsets
 * in `text`, so that findings can point at one package. Heredoc bodies are not recognised.
 */
export function parseShellCommands(text: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let current: Token[] = [];
  const finish = (terminator?: string) => {
    const command = buildCommand(current, terminator);
    if (command) commands.push(command);
    current = [];
  };
  for (const token of tokenize(text)) {
    if (token.kind === 'operator') finish(token.word.text);
    else current.push(token);
  }
  finish(undefined);
  return commands;
}

function buildCommand(tokens: Token[], terminator: string | undefined): ShellCommand | undefined {
  const words: ShellWord[] = [];
  const assignments: ShellWord[] = [];
  const redirections: ShellWord[] = [];
  let expectRedirectTarget = false;
  for (const token of tokens) {
    if (token.kind === 'redirect') {
      redirections.push(token.word);
      // `2>&1` and `>&2` carry their target; `>` and `>>` take the next word.
      expectRedirectTarget = !/&\d*-?$/.test(token.word.text);
      continue;
    }
    if (expectRedirectTarget) {
      redirections.push(token.word);
      expectRedirectTarget = false;
      continue;
    }
    if (words.length === 0 && !token.word.quoted && RESERVED_WORDS.has(token.word.text)) continue;
    if (words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(token.word.text) && !token.word.raw.startsWith('=')) {
      assignments.push(token.word);
      continue;
    }
    words.push(token.word);
  }
  const all = [...assignments, ...words, ...redirections];
  if (all.length === 0) return undefined;
  // Loops, not Math.min(...): a command of many words would overflow the stack as call arguments.
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const word of all) {
    start = Math.min(start, word.range[0]);
    end = Math.max(end, word.range[1]);
  }
  return { words, assignments, redirections, range: [start, end], terminator };
}

function* tokenize(text: string): Generator<Token> {
  let index = 0;
  const length = text.length;
  const operator = (start: number, value: string): Token => ({
    kind: 'operator',
    word: {
      text: value,
      raw: text.slice(start, start + value.length),
      range: [start, start + value.length],
      quoted: false,
      expansion: false,
    },
  });
  while (index < length) {
    const char = text[index] as string;
    if (char === '\\' && text[index + 1] === '\n') {
      index += 2;
      continue;
    }
    if (char === '\\' && text[index + 1] === '\r' && text[index + 2] === '\n') {
      index += 3;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r') {
      index++;
      continue;
    }
    if (char === '#') {
      while (index < length && text[index] !== '\n') index++;
      continue;
    }
    if (char === '\n' || char === ';' || char === '(' || char === ')') {
      yield operator(index, char);
      index++;
      continue;
    }
    if (char === '&' || char === '|') {
      const next = text[index + 1];
      if (char === '&' && next === '>') {
        // `&>file` redirects both streams.
        const end = text[index + 2] === '>' ? index + 3 : index + 2;
        yield { kind: 'redirect', word: plainWord(text, index, end) };
        index = end;
        continue;
      }
      const double = next === char;
      yield operator(index, double ? char + char : char === '|' && next === '&' ? '|&' : char);
      index += double || (char === '|' && next === '&') ? 2 : 1;
      continue;
    }
    if (char === '>' || char === '<') {
      yield { kind: 'redirect', word: redirectWord(text, index, index) };
      index = redirectEnd(text, index);
      continue;
    }
    const word = readWord(text, index);
    // `2>file`: a word of digits glued to a redirection is a file descriptor, not an argument.
    const after = text[word.range[1]];
    if ((after === '>' || after === '<') && /^\d+$/.test(word.raw)) {
      yield { kind: 'redirect', word: redirectWord(text, word.range[0], word.range[1]) };
      index = redirectEnd(text, word.range[1]);
      continue;
    }
    yield { kind: 'word', word };
    index = word.range[1];
  }
}

function plainWord(text: string, start: number, end: number): ShellWord {
  const raw = text.slice(start, end);
  return { text: raw, raw, range: [start, end], quoted: false, expansion: false };
}

function redirectEnd(text: string, operatorStart: number): number {
  const match = /^(?:>>|>&|>\||<<-?|<<<|<&|<>|>|<)(?:\d+-?|-)?/.exec(text.slice(operatorStart));
  const operatorText = match?.[0] ?? (text[operatorStart] as string);
  // `>&1` carries its target; other operators take the next word.
  return operatorStart + operatorText.length;
}

function redirectWord(text: string, start: number, operatorStart: number): ShellWord {
  return plainWord(text, start, redirectEnd(text, operatorStart));
}

const WORD_BREAK = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '(', ')', '<', '>']);

// ASCII characters that neither end a word nor quote, escape or expand anything in it; all others are ordinary.
const specialInWord = new Uint8Array(128);
for (const char of [...WORD_BREAK, '\\', "'", '"', '$', '`']) specialInWord[char.charCodeAt(0)] = 1;

function isOrdinaryWordCharacter(code: number): boolean {
  return code >= 128 || specialInWord[code] === 0;
}

function readWord(text: string, start: number): ShellWord {
  let index = start;
  let value = '';
  let quoted = false;
  let expansion = false;
  const length = text.length;
  while (index < length) {
    // A run of ordinary characters is taken whole: most words are nothing else.
    let runEnd = index;
    while (runEnd < length && isOrdinaryWordCharacter(text.charCodeAt(runEnd))) runEnd++;
    if (runEnd > index) {
      value += text.slice(index, runEnd);
      index = runEnd;
      continue;
    }
    const char = text[index] as string;
    if (WORD_BREAK.has(char)) break;
    if (char === '\\') {
      const next = text[index + 1];
      if (next === '\n') {
        index += 2;
        continue;
      }
      if (next === '\r' && text[index + 2] === '\n') {
        index += 3;
        continue;
      }
      if (next !== undefined) value += next;
      index += 2;
      quoted = true;
      continue;
    }
    if (char === "'") {
      const close = text.indexOf("'", index + 1);
      const end = close === -1 ? length : close;
      value += text.slice(index + 1, end);
      index = close === -1 ? length : close + 1;
      quoted = true;
      continue;
    }
    if (char === '"') {
      quoted = true;
      index++;
      while (index < length && text[index] !== '"') {
        const inner = text[index] as string;
        if (inner === '\\' && text[index + 1] === '\n') {
          index += 2;
        } else if (inner === '\\' && '"\\$`'.includes(text[index + 1] ?? '')) {
          value += text[index + 1];
          index += 2;
        } else if (inner === '$' || inner === '`') {
          expansion = true;
          const end = expansionEnd(text, index);
          value += text.slice(index, end);
          index = end;
        } else {
          value += inner;
          index++;
        }
      }
      index++;
      continue;
    }
    if (char === '$' || char === '`') {
      expansion = true;
      const end = expansionEnd(text, index);
      value += text.slice(index, end);
      index = end;
      continue;
    }
    value += char;
    index++;
  }
  const end = Math.min(index, length);
  return { text: value, raw: text.slice(start, end), range: [start, end], quoted, expansion };
}

// The end of `$VAR`, `${...}`, `$(...)`, `$((...))` or a backtick substitution starting at `start`.
function expansionEnd(text: string, start: number): number {
  if (text[start] === '`') {
    const close = text.indexOf('`', start + 1);
    return close === -1 ? text.length : close + 1;
  }
  const open = text[start + 1];
  if (open === '{' || open === '(') {
    const closeChar = open === '{' ? '}' : ')';
    let depth = 0;
    for (let index = start + 1; index < text.length; index++) {
      const char = text[index];
      if (char === '\\') {
        index++;
        continue;
      }
      if (char === "'" && open === '(') {
        const close = text.indexOf("'", index + 1);
        index = close === -1 ? text.length : close;
        continue;
      }
      if (char === open) depth++;
      else if (char === closeChar && --depth === 0) return index + 1;
    }
    return text.length;
  }
  const name = /^\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])?/.exec(text.slice(start));
  return start + (name?.[0].length ?? 1);
}

// ---------------------------------------------------------------------------------------------------------------
// Package installs

export interface InstallFlag {
  /** `--no-install-recommends`, `-y`; a short cluster `-yq` gives `-y` and `-q`. */
  name: string;
  value?: string;
  word: ShellWord;
  valueWord?: ShellWord;
}

export interface InstalledPackage {
  /** The package as written, quotes removed: `b=1.2`, `x>=1`, `Development Tools`. */
  name: string;
  /** Name without version constraint, architecture or extras: `b`, `x`. */
  baseName: string;
  range: OffsetRange;
  word: ShellWord;
  /** True for a yum/dnf group (`groupinstall`, `group install`, `@group`). */
  group: boolean;
}

export interface PackageInstall {
  manager: PackageManager;
  /** The executable as written: `apt-get`, `/usr/bin/dnf`, `pip3`, `python3` (for `python3 -m pip`). */
  tool: string;
  /** `install`, `add`, `groupinstall`, `group install`. */
  subcommand: string;
  command: ShellCommand;
  /** The command's words from the package manager on (wrappers such as `sudo` and `python -m` left out). */
  words: ShellWord[];
  packages: InstalledPackage[];
  flags: InstallFlag[];
  /** pip `-r` / `--requirement` files. */
  requirementFiles: ShellWord[];
  commandRange: OffsetRange;
}

const WRAPPERS = new Set(['sudo', 'env', 'command', 'exec', 'nice', 'nohup', 'time', 'xargs', 'eatmydata']);
const WRAPPER_FLAGS_WITH_VALUE: Readonly<Record<string, ReadonlySet<string>>> = {
  sudo: new Set(['-u', '--user', '-g', '--group', '-C', '-D', '-h', '-p', '-r', '-t', '-U']),
  nice: new Set(['-n', '--adjustment']),
  env: new Set(['-u', '--unset', '-C', '--chdir', '-S']),
  xargs: new Set(['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s']),
};

function basename(word: string): string {
  return word.split('/').pop() ?? word;
}

/** Drops wrappers (`sudo -E`, `env A=1`) in front of the real command; returns the index of the real command word. */
function skipWrappers(words: readonly ShellWord[]): number {
  let index = 0;
  while (index < words.length) {
    const name = basename((words[index] as ShellWord).text);
    if (!WRAPPERS.has(name)) return index;
    index++;
    const valued = WRAPPER_FLAGS_WITH_VALUE[name];
    while (index < words.length) {
      const word = (words[index] as ShellWord).text;
      if (word === '--') {
        index++;
        break;
      }
      if (word.startsWith('-') && word.length > 1) {
        index += valued?.has(word) ? 2 : 1;
      } else if (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
        index++;
      } else break;
    }
  }
  return index;
}

function managerOf(words: readonly ShellWord[], start: number): { manager: PackageManager; next: number } | undefined {
  const first = words[start];
  if (!first) return undefined;
  const name = basename(first.text);
  for (const spec of Object.values(PACKAGE_MANAGERS)) {
    if (spec.executables.includes(name)) return { manager: spec.manager, next: start + 1 };
  }
  if (/^pip\d+(\.\d+)?$/.test(name)) return { manager: 'pip', next: start + 1 };
  if (name === 'uv' && words[start + 1]?.text === 'pip') return { manager: 'pip', next: start + 2 };
  if (/^python(\d+(\.\d+)?)?$/.test(name)) {
    // `python3 -u -m pip install ...`: interpreter flags, then `-m pip`.
    for (let index = start + 1; index < words.length - 1; index++) {
      const word = (words[index] as ShellWord).text;
      if (word === '-m') return words[index + 1]?.text === 'pip' ? { manager: 'pip', next: index + 2 } : undefined;
      if (word === '-mpip') return { manager: 'pip', next: index + 1 };
      if (!word.startsWith('-')) return undefined;
    }
  }
  return undefined;
}

/** Splits a flag word into flags; `value` is undefined when it must come from the next word. */
function splitFlag(word: ShellWord, valued: ReadonlySet<string>): { flags: InstallFlag[]; needsValue?: InstallFlag } {
  const text = word.text;
  if (text.startsWith('--')) {
    const equals = text.indexOf('=');
    if (equals !== -1) return { flags: [{ name: text.slice(0, equals), value: text.slice(equals + 1), word }] };
    const flag: InstallFlag = { name: text, word };
    return { flags: [flag], needsValue: valued.has(text) ? flag : undefined };
  }
  const flags: InstallFlag[] = [];
  for (let index = 1; index < text.length; index++) {
    const name = `-${text[index]}`;
    if (valued.has(name)) {
      const rest = text.slice(index + 1).replace(/^=/, '');
      const flag: InstallFlag = rest ? { name, value: rest, word } : { name, word };
      flags.push(flag);
      return { flags, needsValue: rest ? undefined : flag };
    }
    flags.push({ name, word });
  }
  return { flags };
}

/**
 * An answer about a package, as written under a manager, kept once worked out: tables are asked about every
 * package of every image, and the same few recur. Bounded, so that no input can grow it without end.
 */
export function keptPerPackage<T>(
  find: (manager: PackageManager, packageName: string) => T | undefined,
): (manager: PackageManager, packageName: string) => T | undefined {
  const answers = new Map<string, T | null>();
  return (manager, packageName) => {
    const key = `${manager}\n${packageName}`;
    const known = answers.get(key);
    if (known !== undefined) return known ?? undefined;
    const answer = find(manager, packageName);
    if (answers.size >= 10_000) answers.clear();
    answers.set(key, answer ?? null);
    return answer;
  };
}

/**
 * The name of a package without version constraint, release, architecture or extras, as each manager writes
 * them: apt `b=1.2`, `b:amd64`, `b/bookworm-backports`; apk `b=1.2`, `b~1.2`, `b>1`, `b@edge`; yum `b-1.2.3`
 * is ambiguous and left as is; pip `Foo_Bar[extra]>=1 ; python_version<"3.9"` -> `foo-bar` (PEP 503).
 */
export function packageBaseName(manager: PackageManager, packageName: string): string {
  const name = packageName.trim();
  switch (manager) {
    case 'apt':
      return (name.split(/[=/]/)[0] ?? '').split(':')[0] ?? '';
    case 'apk':
      return name.split(/[=~<>@]/)[0] ?? '';
    case 'yum':
      return name.replace(/\.(x86_64|aarch64|i686|noarch|ppc64le|s390x)$/, '');
    case 'pip':
      return (name.split(/[\s;[=<>!~@]/)[0] ?? '').toLowerCase().replace(/[-_.]+/g, '-');
  }
}

/**
 * Every package install in a RUN instruction's shell text: apt-get/apt/aptitude install, yum/dnf/microdnf
 * install and group installs, apk add, pip/pip3/python -m pip/uv pip install. Wrappers such as `sudo` are looked
 * through. Words that are expansions (`$PACKAGES`) are reported as packages too, with `word.expansion` set.
 */
export function findPackageInstalls(text: string): PackageInstall[] {
  return packageInstallsIn(parseShellCommands(text));
}

/** The package installs among commands parseShellCommands read (a caller that has them need not read them again). */
export function packageInstallsIn(commands: readonly ShellCommand[]): PackageInstall[] {
  const installs: PackageInstall[] = [];
  for (const command of commands) {
    const install = installOf(command);
    if (install) installs.push(install);
  }
  return installs;
}

function installOf(command: ShellCommand): PackageInstall | undefined {
  const start = skipWrappers(command.words);
  const found = managerOf(command.words, start);
  if (!found) return undefined;
  const spec = PACKAGE_MANAGERS[found.manager];
  const valued = new Set(spec.flagsWithValue);
  const words = command.words.slice(start);
  const flags: InstallFlag[] = [];
  const operands: ShellWord[] = [];
  let pendingValue: InstallFlag | undefined;
  let endOfFlags = false;
  for (const word of command.words.slice(found.next)) {
    if (pendingValue) {
      pendingValue.value = word.text;
      pendingValue.valueWord = word;
      pendingValue = undefined;
    } else if (!endOfFlags && word.text === '--') {
      endOfFlags = true;
    } else if (!endOfFlags && word.text.startsWith('-') && word.text.length > 1 && !word.quoted) {
      const split = splitFlag(word, valued);
      for (const flag of split.flags) flags.push(flag);
      pendingValue = split.needsValue;
    } else {
      operands.push(word);
    }
  }
  const [first, second] = operands;
  if (!first) return undefined;
  let subcommand: string;
  let packageWords: ShellWord[];
  let group = false;
  if (spec.installSubcommands.includes(first.text)) {
    subcommand = first.text;
    packageWords = operands.slice(1);
  } else if (spec.groupInstallSubcommands.includes(first.text)) {
    subcommand = first.text;
    packageWords = operands.slice(1);
    group = true;
  } else if (
    found.manager === 'yum' &&
    (first.text === 'group' || first.text === 'groups') &&
    second?.text === 'install'
  ) {
    subcommand = `${first.text} install`;
    packageWords = operands.slice(2);
    group = true;
  } else {
    return undefined;
  }
  const packages = packageWords.map((word) => ({
    name: word.text,
    baseName: packageBaseName(found.manager, word.text),
    range: word.range,
    word,
    group: group || (found.manager === 'yum' && word.text.startsWith('@')),
  }));
  const requirementFiles = flags.flatMap((flag) =>
    (flag.name === '-r' || flag.name === '--requirement') && flag.valueWord ? [flag.valueWord] : [],
  );
  return {
    manager: found.manager,
    tool: (command.words[start] as ShellWord).text,
    subcommand,
    command,
    words,
    packages,
    flags,
    requirementFiles,
    commandRange: command.range,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// What `container/minimal-packages` looks for

/** True when the install carries one of the flags (any spelling given, e.g. `--no-cache`). */
export function hasInstallFlag(install: PackageInstall, ...names: string[]): boolean {
  return install.flags.some((flag) => names.includes(flag.name));
}

/** apt: `--no-install-recommends`, or `-o APT::Install-Recommends=false` (or `0`). */
export function skipsRecommends(install: PackageInstall): boolean {
  if (hasInstallFlag(install, '--no-install-recommends')) return true;
  return install.flags.some(
    (flag) =>
      (flag.name === '-o' || flag.name === '--option') &&
      /^APT::Install-Recommends=(false|0|no)$/i.test(flag.value ?? ''),
  );
}

/**
 * pip: `--no-cache-dir`, or a prefix of it that pip's option parser takes for it (`--no-cache`: no other option of
 * pip starts with `--no-ca`), or `PIP_NO_CACHE_DIR` set on the command itself.
 */
export function skipsPipCache(install: PackageInstall): boolean {
  if (install.flags.some((flag) => flag.name.length >= '--no-ca'.length && '--no-cache-dir'.startsWith(flag.name))) {
    return true;
  }
  return install.command.assignments.some((word) => /^PIP_NO_CACHE_DIR=(?!0$|false$|no$|off$)/i.test(word.text));
}

/** True when some command removes the apt lists (`rm -rf /var/lib/apt/lists/*` or a path under it). */
export function removesAptLists(commands: readonly ShellCommand[]): boolean {
  return commands.some(
    (command) =>
      basename(command.words[0]?.text ?? '') === 'rm' &&
      command.words.slice(1).some((word) => /^\/var\/lib\/apt\/lists(\/|$)/.test(word.text)),
  );
}

/** True when some command fills /var/lib/apt/lists: `apt-get update`, `apt update`, or `add-apt-repository` (which updates). */
export function updatesAptLists(commands: readonly ShellCommand[]): boolean {
  return commands.some((command) => {
    const words = command.words.map((word) => word.text);
    const start = skipWrappers(command.words);
    const tool = basename(words[start] ?? '');
    if (tool === 'add-apt-repository') return !words.includes('-n') && !words.includes('--no-update');
    if (!PACKAGE_MANAGERS.apt.executables.includes(tool)) return false;
    return words.slice(start + 1).find((word) => !word.startsWith('-')) === 'update';
  });
}

/** True when some command cleans the yum/dnf cache: `yum clean all`, `dnf clean all`, or `rm -rf /var/cache/yum`. */
export function cleansYumCache(commands: readonly ShellCommand[]): boolean {
  return commands.some((command) => {
    const words = command.words.map((word) => word.text);
    const start = skipWrappers(command.words);
    const tool = basename(words[start] ?? '');
    if (PACKAGE_MANAGERS.yum.executables.includes(tool)) {
      const rest = words.slice(start + 1).filter((word) => !word.startsWith('-'));
      return rest[0] === 'clean' && rest[1] === 'all';
    }
    return tool === 'rm' && words.slice(start + 1).some((word) => /^\/var\/cache\/(yum|dnf|libdnf5)(\/|$)/.test(word));
  });
}
