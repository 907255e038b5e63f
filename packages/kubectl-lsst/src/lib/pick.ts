// A small picker on a terminal, in the manner of kubectx with fzf: type to filter, arrow keys to
// move, Enter to pick, Esc or Ctrl-C to leave. Raw-mode standard input, drawn on standard error.
import type { CliIo } from './io.ts';

export interface PickItem {
  /** What is picked and what the filter matches. */
  name: string;
  /** Shown beside the name (namespace, role). */
  detail: string;
  /** Marked with `*`, as `kubectl lsst context` marks the current context. */
  current?: boolean;
}

export type PickKey =
  | { key: 'text'; text: string }
  | { key: 'up' | 'down' | 'enter' | 'backspace' | 'cancel' | 'clear' | 'home' | 'end' };

// biome-ignore lint/suspicious/noControlCharactersInRegex: an escape sequence starts with ESC.
const escapeSequence = /^\x1b(?:\[|O)([0-9;]*)([A-Za-z~])/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is made visible.
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/g;

/** The keys in a chunk of raw terminal input; a chunk may hold several (typed ahead or pasted). */
export function parseKeys(input: string): PickKey[] {
  const keys: PickKey[] = [];
  let text = '';
  const flush = () => {
    if (text !== '') keys.push({ key: 'text', text });
    text = '';
  };
  for (let index = 0; index < input.length; index++) {
    const character = input[index] as string;
    const sequence = escapeSequence.exec(input.slice(index));
    if (sequence) {
      flush();
      const [whole, , final] = sequence;
      if (final === 'A') keys.push({ key: 'up' });
      else if (final === 'B') keys.push({ key: 'down' });
      else if (final === 'H') keys.push({ key: 'home' });
      else if (final === 'F') keys.push({ key: 'end' });
      // Other sequences (left, right, function keys) change nothing here.
      index += whole.length - 1;
      continue;
    }
    const code = character.charCodeAt(0);
    const control: PickKey['key'] | undefined =
      character === '\r' || character === '\n'
        ? 'enter'
        : code === 0x7f || code === 0x08
          ? 'backspace'
          : code === 0x1b || code === 0x03 || code === 0x04
            ? 'cancel'
            : code === 0x10
              ? 'up'
              : code === 0x0e
                ? 'down'
                : code === 0x15
                  ? 'clear'
                  : undefined;
    if (control) {
      flush();
      keys.push({ key: control } as PickKey);
    } else if (code >= 0x20) text += character;
  }
  flush();
  return keys;
}

/** Whether the letters of `query` appear in `name` in order (case ignored), as fzf matches. */
function isSubsequence(query: string, name: string): boolean {
  let at = 0;
  for (const letter of name) if (at < query.length && letter === query[at]) at++;
  return at === query.length;
}

/** The items the query keeps: those that contain it first, then those that hold its letters in order. */
export function filterItems<T extends PickItem>(items: readonly T[], query: string): T[] {
  const wanted = query.trim().toLowerCase();
  if (wanted === '') return [...items];
  const containing = items.filter((item) => item.name.toLowerCase().includes(wanted));
  const scattered = items.filter(
    (item) => !item.name.toLowerCase().includes(wanted) && isSubsequence(wanted, item.name.toLowerCase()),
  );
  return [...containing, ...scattered];
}

/** Text from a kubeconfig shown on a terminal: control characters as visible escapes, never run. */
export function printable(text: string): string {
  return text.replace(controlCharacter, (character) => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

interface RawInput {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'end', listener: () => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface PickOptions {
  title: string;
  items: readonly PickItem[];
  /** Rows of items shown at once. */
  rows?: number;
  /** Width of the terminal; longer lines are cut so that redrawing stays in place. */
  columns?: number;
}

/**
 * Lets the person pick an item; resolves with its name, or undefined when they leave (Esc,
 * Ctrl-C, Ctrl-D, or the input ends). The caller checks first that stdin and stderr are terminals.
 */
export function pickInTerminal(io: CliIo, options: PickOptions): Promise<string | undefined> {
  const input = io.stdin as unknown as RawInput;
  const rows = Math.max(1, options.rows ?? 10);
  const columns = options.columns && options.columns > 20 ? options.columns : 80;
  const nameWidth = Math.min(40, Math.max(...options.items.map((item) => printable(item.name).length), 4));
  let query = '';
  let selected = 0;
  let drawnLines = 0;

  const fit = (line: string) => (line.length > columns - 1 ? `${line.slice(0, columns - 2)}…` : line);
  const draw = () => {
    const matches = filterItems(options.items, query);
    selected = Math.min(Math.max(0, selected), Math.max(0, matches.length - 1));
    const first = Math.min(Math.max(0, selected - rows + 1), Math.max(0, matches.length - rows));
    const lines = [
      fit(`${options.title}: type to filter, ↑/↓ to move, Enter to pick, Esc to leave`),
      fit(`> ${printable(query)}`),
      ...matches.slice(first, first + rows).map((item, offset) => {
        const pointer = first + offset === selected ? '▸' : ' ';
        const mark = item.current ? '*' : ' ';
        return fit(`${pointer}${mark} ${printable(item.name).padEnd(nameWidth)}  ${printable(item.detail)}`);
      }),
      fit(`  ${matches.length}/${options.items.length}`),
    ];
    // Back to the first line drawn, clear what is below, and draw again.
    const back = drawnLines > 1 ? `\x1b[${drawnLines - 1}A` : '';
    io.stderr.write(`${back}\r\x1b[J${lines.join('\r\n')}`);
    drawnLines = lines.length;
    return matches;
  };

  return new Promise((resolve) => {
    let matches = draw();
    const finish = (picked: string | undefined) => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.setRawMode?.(false);
      input.pause();
      const back = drawnLines > 1 ? `\x1b[${drawnLines - 1}A` : '';
      io.stderr.write(`${back}\r\x1b[J`);
      resolve(picked);
    };
    const onData = (chunk: Buffer | string) => {
      for (const key of parseKeys(chunk.toString())) {
        if (key.key === 'enter') {
          const item = matches[selected];
          if (item) return finish(item.name);
          continue;
        }
        if (key.key === 'cancel') return finish(undefined);
        if (key.key === 'text') {
          query += key.text;
          selected = 0;
        } else if (key.key === 'backspace') {
          query = [...query].slice(0, -1).join('');
          selected = 0;
        } else if (key.key === 'clear') {
          query = '';
          selected = 0;
        } else if (key.key === 'up') selected = selected > 0 ? selected - 1 : Math.max(0, matches.length - 1);
        else if (key.key === 'down') selected = selected + 1 < matches.length ? selected + 1 : 0;
        else if (key.key === 'home') selected = 0;
        else if (key.key === 'end') selected = Math.max(0, matches.length - 1);
        matches = draw();
      }
    };
    const onEnd = () => finish(undefined);
    input.setRawMode?.(true);
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  });
}
