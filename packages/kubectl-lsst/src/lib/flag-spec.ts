// Command-line flags as plain data: oclif builds its flags from them (help, errors) and the
// start-up fast path parses them without loading oclif, so each flag is defined once.

export interface BooleanFlagSpec {
  type: 'boolean';
  char?: string;
  summary: string;
  /** Accepts `--no-<name>` too. */
  allowNo?: boolean;
}

export interface StringFlagSpec {
  type: 'string';
  char?: string;
  summary: string;
  /** Shown in help as the value's name, e.g. `stylish|json|sarif|github|junit`. */
  helpValue?: string;
  /** May be given several times; the values are collected in order. */
  multiple?: boolean;
  default?: string;
}

export interface IntegerFlagSpec {
  type: 'integer';
  char?: string;
  summary: string;
  helpValue?: string;
  default?: number;
}

export type FlagSpec = BooleanFlagSpec | StringFlagSpec | IntegerFlagSpec;
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

type ValueOf<S extends FlagSpec> = S extends BooleanFlagSpec
  ? boolean
  : S extends StringFlagSpec
    ? S['multiple'] extends true
      ? string[]
      : S['default'] extends string
        ? string
        : string | undefined
    : S extends IntegerFlagSpec
      ? S['default'] extends number
        ? number
        : number | undefined
      : never;

/** The parsed values of a set of flags, typed from their specs. */
export type FlagValues<T extends FlagSpecs> = { -readonly [K in keyof T]: ValueOf<T[K]> };

export interface ParsedArguments<T extends FlagSpecs> {
  flags: FlagValues<T>;
  args: string[];
}

/** Every flag at its default: false, undefined, [] or the spec's default. */
export function flagDefaults<T extends FlagSpecs>(specs: T): FlagValues<T> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.type === 'boolean') values[name] = false;
    else if (spec.type === 'string' && spec.multiple) values[name] = [];
    else values[name] = spec.default;
  }
  return values as FlagValues<T>;
}

/**
 * Parses the common forms (`--name value`, `--name=value`, `-c value`, `--bool`, `--no-bool`,
 * `--`, `-` as an argument) the way oclif does. Returns undefined for anything else (help, an
 * unknown or repeated flag, a missing or malformed value): the caller then hands the whole
 * command line to oclif, which either accepts it or explains what is wrong.
 */
export function parseFlagsFast<T extends FlagSpecs>(specs: T, argv: readonly string[]): ParsedArguments<T> | undefined {
  const byName = new Map<string, [string, FlagSpec]>();
  const byChar = new Map<string, [string, FlagSpec]>();
  for (const [name, spec] of Object.entries(specs)) {
    byName.set(name, [name, spec]);
    if (spec.char) byChar.set(spec.char, [name, spec]);
  }
  const values = flagDefaults(specs) as Record<string, unknown>;
  const seen = new Set<string>();
  const args: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] as string;
    if (token === '--') {
      for (const rest of argv.slice(index + 1)) args.push(rest);
      break;
    }
    if (token === '-' || !token.startsWith('-')) {
      args.push(token);
      continue;
    }
    let entry: [string, FlagSpec] | undefined;
    let inlineValue: string | undefined;
    let negated = false;
    if (token.startsWith('--')) {
      const equals = token.indexOf('=');
      const name = equals === -1 ? token.slice(2) : token.slice(2, equals);
      if (equals !== -1) inlineValue = token.slice(equals + 1);
      entry = byName.get(name);
      if (!entry && name.startsWith('no-')) {
        const positive = byName.get(name.slice(3));
        if (positive?.[1].type === 'boolean' && positive[1].allowNo) {
          entry = positive;
          negated = true;
        }
      }
    } else if (token.length === 2) {
      entry = byChar.get(token.slice(1));
    }
    if (!entry) return undefined;
    const [name, spec] = entry;
    if (seen.has(name) && !(spec.type === 'string' && spec.multiple)) return undefined;
    seen.add(name);
    if (spec.type === 'boolean') {
      if (inlineValue !== undefined) return undefined;
      values[name] = !negated;
      continue;
    }
    let value = inlineValue;
    if (value === undefined) {
      const next = argv[index + 1];
      // A negative number (`--max-warnings -1`) is a value: no flag is named by a digit.
      if (next === undefined || (next.startsWith('-') && next !== '-' && !/^-\d/.test(next))) return undefined;
      value = next;
      index += 1;
    }
    if (spec.type === 'integer') {
      if (!/^-?\d+$/.test(value)) return undefined;
      values[name] = Number.parseInt(value, 10);
    } else if (spec.multiple) {
      (values[name] as string[]).push(value);
    } else {
      values[name] = value;
    }
  }
  return { flags: values as FlagValues<T>, args };
}
