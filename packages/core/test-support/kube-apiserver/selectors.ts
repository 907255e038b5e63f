// Label and field selectors as the API server parses them (equality- and set-based).

export class SelectorError extends Error {}

type Requirement = (labels: Record<string, string>) => boolean;

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const keyPattern = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;

function parseRequirement(text: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(text);
  if (set) {
    const [, key = '', operator, list = ''] = set;
    const values = list.split(',').map((v) => v.trim());
    return operator === 'in'
      ? (labels) => key in labels && values.includes(labels[key] ?? '')
      : (labels) => !(key in labels) || !values.includes(labels[key] ?? '');
  }
  const comparison = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(text);
  if (comparison) {
    const [, key = '', operator, value = ''] = comparison;
    if (!keyPattern.test(key)) throw new SelectorError(`unable to parse requirement: invalid label key "${key}"`);
    return operator === '!=' ? (labels) => labels[key] !== value : (labels) => labels[key] === value;
  }
  const existence = /^(!?)([^=!\s()]+)$/.exec(text);
  if (existence) {
    const [, not, key = ''] = existence;
    if (!keyPattern.test(key)) throw new SelectorError(`unable to parse requirement: invalid label key "${key}"`);
    return not ? (labels) => !(key in labels) : (labels) => key in labels;
  }
  throw new SelectorError(`unable to parse requirement: found '${text}', expected: key, !, in, notin, =, ==, !=`);
}

/** A predicate on a label map; an empty selector selects everything. */
export function parseLabelSelector(selector: string): (labels: Record<string, string> | undefined) => boolean {
  const requirements = splitTopLevel(selector).map(parseRequirement);
  return (labels) => requirements.every((r) => r(labels ?? {}));
}

/** Field selectors on `metadata.name` and `metadata.namespace`, which is what clients send. */
export function parseFieldSelector(selector: string): (object: Record<string, unknown>) => boolean {
  const requirements = splitTopLevel(selector).map((text) => {
    const match = /^([a-zA-Z.]+)\s*(==|=|!=)\s*(\S*)$/.exec(text);
    if (!match) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${text}'`);
    const [, field = '', operator, value] = match;
    if (field !== 'metadata.name' && field !== 'metadata.namespace')
      throw new SelectorError(`field label not supported: ${field}`);
    const read = (object: Record<string, unknown>) =>
      (object.metadata as Record<string, unknown> | undefined)?.[field.slice('metadata.'.length)] ?? '';
    return operator === '!='
      ? (o: Record<string, unknown>) => read(o) !== value
      : (o: Record<string, unknown>) => read(o) === value;
  });
  return (object) => requirements.every((r) => r(object));
}
