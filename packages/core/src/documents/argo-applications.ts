// Reads Argo CD Application objects for where each chart is deployed: the release namespace of
// the chart at `spec.source.path`. Read from the text, so that Applications kept as Helm
// templates (an app-of-apps chart) count too: only literal values are taken.

export interface ApplicationDestination {
  /** `spec.source.path` (or each of `spec.sources[].path`), without a trailing slash. */
  path: string;
  namespace: string;
}

const applicationKind = /^kind:\s*["']?Application["']?\s*$/m;

/** The destinations of every Argo CD Application in one file's text. */
/**
 * Whether a template makes an Argo CD Application whose destination namespace or source path comes from values
 * (`namespace: {{ .Values.namespace }}`, `path: apps/{{ $app }}`): only a render says where it goes.
 */
export function hasTemplatedDestination(text: string): boolean {
  if (!text.includes('argoproj.io') || !applicationKind.test(text) || !text.includes('{{')) return false;
  for (const document of text.split(/^---[ \t]*$/m)) {
    if (!applicationKind.test(document)) continue;
    const destination = /^[ \t]+destination:[ \t]*\n((?:[ \t]+\S.*\n?)+)/m.exec(document)?.[1] ?? '';
    const namespace = /^\s+namespace:\s*(.+)$/m.exec(destination)?.[1] ?? '';
    const path = /^[ \t]+(?:-[ \t]+)?path:\s*(.+)$/m.exec(document)?.[1] ?? '';
    if (namespace.includes('{{') || path.includes('{{')) return true;
  }
  return false;
}

export function applicationDestinations(text: string): ApplicationDestination[] {
  if (!text.includes('argoproj.io') || !applicationKind.test(text)) return [];
  const found: ApplicationDestination[] = [];
  for (const document of text.split(/^---[ \t]*$/m)) {
    if (!applicationKind.test(document) || !/^apiVersion:\s*["']?argoproj\.io\//m.test(document)) continue;
    const destination = /^[ \t]+destination:[ \t]*\n((?:[ \t]+\S.*\n?)+)/m.exec(document)?.[1] ?? '';
    const namespace = literal(/^\s+namespace:\s*(.+)$/m.exec(destination)?.[1]);
    if (namespace === undefined) continue;
    for (const match of document.matchAll(/^[ \t]+(?:-[ \t]+)?path:\s*(.+)$/gm)) {
      const path = literal(match[1]);
      if (path !== undefined) found.push({ path: path.replace(/\/+$/, '').replace(/^\.\//, ''), namespace });
    }
  }
  return found;
}

/** A plain or quoted scalar without template actions; undefined otherwise. */
function literal(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let value = text.replace(/\s+#.*$/, '').trim();
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0])
    value = value.slice(1, -1);
  if (value === '' || value.includes('{{') || !/^[\w./-]+$/.test(value)) return undefined;
  return value;
}
