// Writes docs/commands.md from the command classes' own metadata (summary, description, args,
// flags, examples): the same text `--help` prints, so that the reference cannot drift from the CLI.
//   node --import tsx packages/kubectl-lsst/scripts/generate-command-reference.ts           write the page
//   node --import tsx packages/kubectl-lsst/scripts/generate-command-reference.ts --check   exit 1 when it is stale
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../src/commands/index.ts';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const commandReferencePath = join(repositoryRoot, 'docs', 'commands.md');
const bin = 'kubectl lsst';

/** What the page reads of a flag or an argument (oclif's definitions carry more). */
interface OptionMetadata {
  name?: string;
  char?: string;
  summary?: string;
  description?: string;
  type?: 'boolean' | 'option';
  helpValue?: string | string[];
  options?: readonly string[];
  default?: unknown;
  multiple?: boolean;
  required?: boolean;
  allowNo?: boolean;
  hidden?: boolean;
}

interface CommandMetadata {
  summary?: string;
  description?: string;
  examples?: readonly (string | { description: string; command: string })[];
  args?: Record<string, OptionMetadata>;
  flags?: Record<string, OptionMetadata>;
  strict?: boolean;
  hidden?: boolean;
  aliases?: readonly string[];
}

/** The commands the page documents: every registered command except hidden ones (protocol endpoints). */
export function documentedCommandIds(commands: object = COMMANDS): string[] {
  return Object.entries(commands as Record<string, CommandMetadata>)
    .filter(([, command]) => command.hidden !== true)
    .map(([id]) => id)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const words = (id: string) => id.replaceAll(':', ' ');
const anchor = (id: string) => `kubectl-lsst-${id.replaceAll(':', '-')}`;
const withBin = (text: string) => text.replaceAll('<%= config.bin %>', bin).replaceAll('<%= command.id %>', '');
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function flagValueName(flag: OptionMetadata, name: string): string {
  if (flag.type === 'boolean') return '';
  const help = Array.isArray(flag.helpValue) ? flag.helpValue.join(' ') : flag.helpValue;
  if (help) return ` ${help}`;
  if (flag.options && flag.options.length > 0) return ` ${flag.options.join('|')}`;
  return ` ${name.toUpperCase()}`;
}

function renderUsage(id: string, command: CommandMetadata): string {
  const args = Object.entries(command.args ?? {}).map(([name, arg]) => {
    const shown = `${name.toUpperCase()}${command.strict === false ? '...' : ''}`;
    return arg.required ? shown : `[${shown}]`;
  });
  const hasFlags = Object.values(command.flags ?? {}).some((flag) => !flag.hidden);
  return [bin, words(id), ...args, ...(hasFlags ? ['[FLAGS]'] : [])].join(' ');
}

function defaultText(value: unknown): string {
  if (value === undefined || typeof value === 'function' || value === false) return '';
  if (Array.isArray(value)) return value.length === 0 ? '' : value.join(', ');
  return String(value);
}

function renderCommand(id: string, command: CommandMetadata): string[] {
  const lines = [`## \`${bin} ${words(id)}\``, ''];
  if (command.summary) lines.push(withBin(command.summary), '');
  lines.push('```text', renderUsage(id, command), '```', '');
  if (command.description) lines.push(withBin(command.description).trim(), '');
  const args = Object.entries(command.args ?? {});
  if (args.length > 0) {
    lines.push('| Argument | Description |', '|---|---|');
    for (const [name, arg] of args) {
      const text = cell(withBin(arg.description ?? arg.summary ?? ''));
      lines.push(`| \`${name.toUpperCase()}\`${arg.required ? ' (required)' : ''} | ${text} |`);
    }
    lines.push('');
  }
  const flags = Object.entries(command.flags ?? {})
    .filter(([, flag]) => !flag.hidden)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (flags.length > 0) {
    lines.push('| Flag | Description | Default |', '|---|---|---|');
    for (const [name, flag] of flags) {
      const forms = [`--${flag.allowNo ? '[no-]' : ''}${name}${flagValueName(flag, name)}`];
      if (flag.char) forms.unshift(`-${flag.char}`);
      const text = [flag.summary, flag.description]
        .filter((part) => part && part !== '')
        .map((part) => withBin(part ?? ''));
      if (flag.options && flag.options.length > 0 && !flagValueName(flag, name).includes('|'))
        text.push(`One of: ${flag.options.join(', ')}.`);
      if (flag.multiple) text.push('May be given more than once.');
      if (flag.required) text.push('Required.');
      const fallback = defaultText(flag.default);
      lines.push(
        `| ${forms.map((form) => `\`${form}\``).join(', ')} | ${cell(text.join(' '))} | ${fallback === '' ? '' : `\`${cell(fallback)}\``} |`,
      );
    }
    lines.push('');
  }
  const examples = command.examples ?? [];
  if (examples.length > 0) {
    lines.push('Examples:', '', '```sh');
    for (const example of examples) {
      if (typeof example === 'string') lines.push(withBin(example));
      else lines.push(`# ${withBin(example.description)}`, withBin(example.command));
    }
    lines.push('```', '');
  }
  return lines;
}

/** The page's exact text. */
export function renderCommandReference(registry: object = COMMANDS): string {
  const commands = registry as Record<string, CommandMetadata>;
  const ids = documentedCommandIds(commands);
  const lines = [
    '<!-- Generated by packages/kubectl-lsst/scripts/generate-command-reference.ts from the command classes. Do not edit: run `npm run generate`. -->',
    '',
    '# Command reference',
    '',
    '`kubectl lsst` is a kubectl plugin: kubectl runs the `kubectl-lsst` executable found on `PATH`,',
    'so `kubectl lsst check` and `kubectl-lsst check` are the same. Every command also prints this',
    'text with `--help`.',
    '',
    'Exit codes, for every command: 0 success (for `check`: no error-level findings); 1 error-level',
    'findings, or more warnings than `--max-warnings`; 2 usage or configuration error; 3 cluster',
    'unreachable or forbidden. Errors say what was wrong and what to do; `--debug` (accepted by every command) adds a stack trace.',
    '',
    '| Command | Summary |',
    '|---|---|',
    ...ids.map((id) => `| [\`${bin} ${words(id)}\`](#${anchor(id)}) | ${cell(withBin(commands[id]?.summary ?? ''))} |`),
    '',
  ];
  for (const id of ids) {
    const command = commands[id];
    if (!command) continue;
    lines.push(`<a id="${anchor(id)}"></a>`, '', ...renderCommand(id, command));
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function main(argv: readonly string[]): number {
  const expected = renderCommandReference();
  let current: string | undefined;
  try {
    current = readFileSync(commandReferencePath, 'utf8');
  } catch {
    current = undefined;
  }
  const shown = relative(repositoryRoot, commandReferencePath);
  if (argv.includes('--check')) {
    if (current === expected) return 0;
    console.error(`${shown} is out of date with the commands. Run: npm run generate`);
    return 1;
  }
  if (current !== expected) {
    mkdirSync(dirname(commandReferencePath), { recursive: true });
    const temporary = `${commandReferencePath}.${process.pid}.tmp`;
    writeFileSync(temporary, expected);
    renameSync(temporary, commandReferencePath);
    console.log(`wrote ${shown}`);
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  process.exitCode = main(process.argv.slice(2));
