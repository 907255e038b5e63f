// Writing CEL text: literals, the workload variables every pod rule shares, and regular expressions
// (RE2, as CEL's matches() uses) for globs and dates.

/** A CEL string literal. */
export function celString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/** A CEL list of string literals. */
export function celStringList(values: readonly string[]): string {
  return `[${values.map(celString).join(', ')}]`;
}

/** Where each workload kind keeps its pod spec (documents/workloads.ts reads the same paths). */
export const podSpecPaths: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** `has()` of every step of a path, then the value: CEL errors on a missing field, so each step is tested first. */
function guardedPath(root: string, path: readonly string[]): { present: string; value: string } {
  const steps: string[] = [];
  let current = root;
  for (const key of path) {
    current = `${current}.${key}`;
    steps.push(`has(${current})`);
  }
  return { present: steps.join(' && '), value: current };
}

/** The pod spec of a workload, or an empty map: the kinds differ only in where they keep it. */
export function podSpecExpression(): string {
  const byKind = Object.entries(podSpecPaths)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([kind, path]) => {
      const { present, value } = guardedPath('object', path);
      return `object.kind == ${celString(kind)} && ${present} ? ${value} : `;
    });
  return `${byKind.join('')}{}`;
}

/** Every container of the pod spec: containers, initContainers and ephemeralContainers. */
export function containersExpression(): string {
  return ['containers', 'initContainers', 'ephemeralContainers']
    .map((group) => `(has(variables.podSpec.${group}) ? variables.podSpec.${group} : [])`)
    .join(' + ');
}

/** The variables every workload policy declares, in order (a variable can use those before it). */
export const workloadVariables: readonly { name: string; expression: string }[] = [
  { name: 'podSpec', expression: podSpecExpression() },
  { name: 'containers', expression: containersExpression() },
];

/** CEL: the field at `path` under `root` is present and equals `value` (a CEL literal). */
export function fieldEquals(root: string, path: readonly string[], value: string): string {
  const { present, value: field } = guardedPath(root, path);
  return `(${present} && ${field} == ${value})`;
}

/** CEL: the field at `path` under `root`, when present, else `fallback`. */
export function fieldOr(root: string, path: readonly string[], fallback: string): string {
  const { present, value } = guardedPath(root, path);
  return `(${present} ? ${value} : ${fallback})`;
}

/** Escapes a literal for RE2. */
export function regexLiteral(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/**
 * A configuration glob (config/glob.ts, names rather than paths) as an RE2 pattern for the whole name,
 * with whether it is negated; undefined when the glob uses something RE2 cannot say the same way.
 */
export function globToRegex(glob: string): { pattern: string; negated: boolean } | undefined {
  let negated = false;
  let source = glob;
  if (source.startsWith('!') && source.length > 1) {
    negated = true;
    source = source.slice(1);
  }
  let out = '';
  let braceDepth = 0;
  for (let index = 0; index < source.length; index++) {
    const char = source[index] as string;
    if (char === '\\') {
      const next = source[index + 1];
      if (next === undefined) return undefined;
      out += regexLiteral(next);
      index++;
    } else if (char === '*') {
      while (source[index + 1] === '*') index++;
      out += '.*';
    } else if (char === '?') out += '.';
    else if (char === '[') {
      const close = source.indexOf(']', index + 2);
      if (close === -1) return undefined;
      let body = source.slice(index + 1, close);
      let negate = '';
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = '^';
        body = body.slice(1);
      }
      if (/[\\[]/.test(body)) return undefined;
      out += `[${negate}${body.replace(/\]/g, '\\]')}]`;
      index = close;
    } else if (char === '{') {
      braceDepth++;
      out += '(?:';
    } else if (char === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
    } else if (char === ',' && braceDepth > 0) out += '|';
    else out += regexLiteral(char);
  }
  if (braceDepth !== 0) return undefined;
  return { pattern: `^(?:${out})$`, negated };
}

/**
 * An RE2 pattern matching exactly the strings `YYYY-MM-DD` (digits in each place) that sort before `day`:
 * for ISO days, sorting as text is sorting in time, and CEL in Kubernetes has no clock to compare with.
 */
export function daysBeforePattern(day: string): string {
  const alternatives: string[] = [];
  for (let index = 0; index < day.length; index++) {
    const char = day[index] as string;
    if (char === '-') continue;
    const digit = Number(char);
    if (digit === 0) continue;
    const prefix = regexLiteral(day.slice(0, index));
    const rest = day.slice(index + 1).replace(/\d/g, '\\d');
    alternatives.push(`${prefix}[0-${digit - 1}]${rest}`);
  }
  return alternatives.length === 0 ? '[^\\s\\S]' : `(?:${alternatives.join('|')})`;
}

/**
 * An RE2 pattern for the absolute paths at or below one of `roots`, as the kernel resolves `.` and
 * repeated slashes (paths with `..` are judged apart: RE2 cannot resolve them).
 */
export function pathsUnderPattern(roots: readonly string[]): string {
  const separator = '/(?:\\.?/)*';
  const alternatives = roots.map((root) => {
    const segments = root.split('/').filter((segment) => segment !== '' && segment !== '.');
    if (segments.length === 0) return '/.*';
    return `${segments.map((segment) => `${separator}${regexLiteral(segment)}`).join('')}(?:/.*)?`;
  });
  return `^(?:${alternatives.join('|')})$`;
}
