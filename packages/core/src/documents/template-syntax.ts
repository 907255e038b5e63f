// Manifests written as templates (Jinja, Go text/template) for a program to render: `{{ name }}`
// placeholders and `{% for … %}` tags where YAML expects values. Read as YAML they are either syntax
// errors or nonsense (a placeholder is a mapping keyed by a mapping), so they are told apart and not judged.
import { isMap, isPair, isSeq } from 'yaml';
import type { ParsedManifest } from './yaml.ts';

/** How the template shows itself: a `{{ … }}` placeholder or a `{% … %}` tag, and where. */
export interface TemplateSyntax {
  at: number;
  mark: '{{' | '{%';
}

/**
 * Whether the YAML reader met a template placeholder or tag as syntax, not inside a string: on the line
 * of a document's first syntax error, or a placeholder read as a mapping keyed by a mapping (no
 * Kubernetes object has such a key); then the file's first mark. Undefined for YAML that only quotes templates.
 */
export function templateSyntaxIn(manifest: ParsedManifest, text: string): TemplateSyntax | undefined {
  if (!text.includes('{{') && !text.includes('{%')) return undefined;
  const isTemplate = manifest.documents.some((document) => {
    const problem = document.problems[0];
    return problem !== undefined
      ? markOnLineOf(text, problem.range[0])
      : hasPlaceholder(document.document.contents, text);
  });
  if (!isTemplate) return undefined;
  // Shown at the file's first mark outside a comment, which a reader takes in at once.
  const first = /^[^#\n]*?(\{\{|\{%)/m.exec(text);
  if (!first) return undefined;
  const at = first.index + first[0].length - 2;
  return { at, mark: first[1] as TemplateSyntax['mark'] };
}

function markOnLineOf(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  const line = text.slice(lineStart, newline === -1 ? text.length : newline);
  return line.includes('{{') || line.includes('{%');
}

/** A flow mapping whose key is itself a mapping: how YAML reads `{{ name }}`. */
function hasPlaceholder(root: unknown, text: string): boolean {
  // A stack, not recursion: the document was read within the depth limit, but nothing here should rely on it.
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isMap(node)) {
      for (const pair of node.items) {
        if (node.flow && isMap(pair.key) && text.startsWith('{{', node.range?.[0] ?? -1)) return true;
        pending.push(pair.value, pair.key);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) pending.push(item);
    } else if (isPair(node)) {
      pending.push(node.value, node.key);
    }
  }
  return false;
}
