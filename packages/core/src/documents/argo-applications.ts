// Reads Argo CD Application objects for where each chart is deployed: the release namespace of
// the chart at `spec.source.path`. Read from the text, so that Applications kept as Helm
// templates (an app-of-apps chart) count too: only literal values are taken.

export interface ApplicationDestination {
  /** `spec.source.path` (or each of `spec.sources[].path`), without a trailing slash. */
  path: string;
  namespace: string;
}

const applicationKind = /^kind:\s*["']?Application["']?\s*$/m;

/** An Application document as written: whether its API is Argo CD's, its destination namespace and source paths. */
interface ApplicationText {
  isArgo: boolean;
  namespace: string | undefined;
  paths: string[];
}

function applicationTexts(text: string): ApplicationText[] {
  if (!text.includes('argoproj.io') || !applicationKind.test(text)) return [];
  const found: ApplicationText[] = [];
  for (const document of text.split(/^---[ \t]*$/m)) {
    if (!applicationKind.test(document)) continue;
    const destination = /^[ \t]+destination:[ \t]*\n((?:[ \t]+\S.*\n?)+)/m.exec(document)?.[1] ?? '';
    found.push({
      isArgo: /^apiVersion:\s*["']?argoproj\.io\//m.test(document),
      namespace: /^\s+namespace:\s*(.+)$/m.exec(destination)?.[1],
      paths: [...document.matchAll(/^[ \t]+(?:-[ \t]+)?path:\s*(.+)$/gm)].map((match) => match[1] ?? ''),
    });
  }
  return found;
}

/**
 * Whether a template makes an Argo CD Application whose destination namespace or source path comes from values
 * (`namespace: {{ .Values.namespace }}`, `path: apps/{{ $app }}`): only a render says where it goes.
 */
export function hasTemplatedDestination(text: string): boolean {
  if (!text.includes('{{')) return false;
  return applicationTexts(text).some(
    (application) => (application.namespace ?? '').includes('{{') || (application.paths[0] ?? '').includes('{{'),
  );
}

/** The destinations of every Argo CD Application in one file's text. */
export function applicationDestinations(text: string): ApplicationDestination[] {
  const found: ApplicationDestination[] = [];
  for (const application of applicationTexts(text)) {
    const namespace = application.isArgo ? literal(application.namespace) : undefined;
    if (namespace === undefined) continue;
    for (const written of application.paths) {
      const path = literal(written);
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
