// Turns the official Kubernetes OpenAPI v3 documents (kubernetes/kubernetes, api/openapi-spec/v3, one
// document per group-version) of each supported minor version into the compact data that input/schema
// loads: packages/core/src/data/schemas/kubernetes.generated.ts, with sources.json beside it naming every
// input document and its SHA-256. Definitions identical across versions are stored once.
//
//   node --import tsx packages/core/scripts/generate-kubernetes-schemas.ts --source DIR
//   node --import tsx packages/core/scripts/generate-kubernetes-schemas.ts --check [--source DIR]
//
// DIR holds one folder per minor version, laid out as kubectl-validate's pkg/openapiclient/builtins/<minor>/
// (api/v1.json, apis/<group>/<version>.json) or as kubernetes' own api/openapi-spec/v3/ (api__v1_openapi.json,
// apis__<group>__<version>_openapi.json). KUBERNETES_OPENAPI_DIR stands for --source. Without a source,
// --check verifies that the committed data is what this generator, unchanged, wrote: the digests in
// sources.json of the data and of the generator's code. docs/schema-data.md says how to get the inputs.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CompactNode, compactSchema, type OpenApiSchema } from '../src/schema/compact.ts';

/** The minor versions shipped: the default cluster matrix (1.29 to 1.32) up to the newest release. */
export const schemaVersions = ['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35'] as const;

/** Where the documents come from, recorded in sources.json. */
const provenance = {
  project: 'kubernetes/kubernetes',
  documents: 'api/openapi-spec/v3/*_openapi.json, as published on the release-1.N branch of each minor version',
  copiedFrom:
    'kubernetes-sigs/kubectl-validate pkg/openapiclient/builtins/<minor>/ at commit a97ccfaca20b164819afdae780392496f6ed6bbd (2025-12-23), which stores those documents byte for byte (cmd/download-builtin-schemas)',
};

const dataDirectory = fileURLToPath(new URL('../src/data/schemas/', import.meta.url));
const dataPath = join(dataDirectory, 'kubernetes.generated.ts');
const descriptionsPath = join(dataDirectory, 'descriptions.generated.ts');
const sourcesPath = join(dataDirectory, 'sources.json');
const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
const generatorFiles = [
  fileURLToPath(import.meta.url),
  fileURLToPath(new URL('../src/schema/compact.ts', import.meta.url)),
];

interface OpenApiDocument {
  paths?: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> } }>>;
  components?: { schemas?: Record<string, OpenApiSchema & { 'x-kubernetes-group-version-kind'?: GroupVersionKind[] }> };
}

interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** Short definition names: the long Go package prefixes carry nothing for validation. */
const namePrefixes: ReadonlyArray<readonly [string, string]> = [
  ['io.k8s.apimachinery.pkg.apis.meta.', 'meta.'],
  ['io.k8s.apimachinery.pkg.', 'machinery.'],
  ['io.k8s.apiextensions-apiserver.pkg.apis.', 'ext.'],
  ['io.k8s.kube-aggregator.pkg.apis.', 'aggregator.'],
  ['io.k8s.api.', ''],
];

function shortName(name: string): string {
  for (const [prefix, replacement] of namePrefixes)
    if (name.startsWith(prefix)) return replacement + name.slice(prefix.length);
  return name;
}

function refName(ref: string): string {
  return shortName(ref.replace(/^#\/components\/schemas\//, ''));
}

/** The group-version documents of one minor version, keyed `v1`, `apps/v1` ..., with their text. */
function readVersionDocuments(folder: string): Map<string, { path: string; text: string }> {
  const documents = new Map<string, { path: string; text: string }>();
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory).sort()) {
      const path = join(directory, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.json')) {
        const relativePath = relative(folder, path).replace(/\\/g, '/');
        const groupVersion = groupVersionOf(relativePath);
        if (groupVersion) documents.set(groupVersion, { path: relativePath, text: readFileSync(path, 'utf8') });
      }
    }
  };
  walk(folder);
  return documents;
}

function groupVersionOf(path: string): string | undefined {
  const builtins = /^api\/(v\w+)\.json$|^apis\/([^/]+)\/(v\w+)\.json$/.exec(path);
  if (builtins) return builtins[1] ?? `${builtins[2]}/${builtins[3]}`;
  const kubernetes = /^api__(v\w+)_openapi\.json$|^apis__([^_]+(?:_[^_]+)*)__(v\w+)_openapi\.json$/.exec(path);
  if (kubernetes) return kubernetes[1] ?? `${kubernetes[2]}/${kubernetes[3]}`;
  return undefined;
}

interface VersionIndex {
  /** apiVersion -> kind -> definition name, for every kind that can be created or replaced. */
  kinds: Record<string, Record<string, string>>;
  /** Indices into the shared definition pool. */
  definitions: number[];
}

export interface GeneratedData {
  /** The TypeScript module's text. */
  module: string;
  /** The field descriptions module's text (for hover in the editor). */
  descriptions: string;
  /** sources.json without the digests of the output and the generator. */
  documents: Record<string, Record<string, string>>;
}

export function generate(sourceDirectory: string): GeneratedData {
  const pool: Array<[string, CompactNode]> = [];
  const poolIndex = new Map<string, number>();
  const versions: Record<string, VersionIndex> = {};
  const documentsDigests: Record<string, Record<string, string>> = {};
  const perVersion = new Map<
    string,
    { definitions: Map<string, CompactNode>; kinds: Record<string, Record<string, string>> }
  >();
  // Descriptions: the newest wording of each definition, for the kinds a manifest can hold.
  const rawSchemas = new Map<string, OpenApiSchema & { description?: string }>();
  const kindDefinitions = new Set<string>();
  for (const version of [...schemaVersions].reverse()) {
    const folder = join(sourceDirectory, version);
    if (!existsSync(folder)) continue;
    for (const { text } of readVersionDocuments(folder).values()) {
      const document = JSON.parse(text) as OpenApiDocument;
      for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
        if (!rawSchemas.has(shortName(name))) rawSchemas.set(shortName(name), schema);
      }
      for (const name of creatableDefinitions(document)) kindDefinitions.add(shortName(name));
    }
  }
  for (const version of schemaVersions) {
    const folder = join(sourceDirectory, version);
    if (!existsSync(folder)) throw new Error(`no documents for Kubernetes ${version} in ${folder}`);
    const documents = readVersionDocuments(folder);
    const definitions = new Map<string, CompactNode>();
    const kinds: Record<string, Record<string, string>> = {};
    const digests: Record<string, string> = {};
    for (const [groupVersion, { path, text }] of [...documents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      digests[path] = createHash('sha256').update(text).digest('hex');
      const document = JSON.parse(text) as OpenApiDocument;
      const schemas = document.components?.schemas ?? {};
      for (const [name, schema] of Object.entries(schemas)) {
        const short = shortName(name);
        if (!definitions.has(short)) definitions.set(short, compactSchema(schema, refName));
      }
      for (const name of creatableDefinitions(document)) {
        const schema = schemas[name];
        for (const gvk of schema?.['x-kubernetes-group-version-kind'] ?? []) {
          const apiVersion = gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
          if (apiVersion !== groupVersion) continue;
          kinds[apiVersion] ??= {};
          (kinds[apiVersion] as Record<string, string>)[gvk.kind] = shortName(name);
        }
      }
    }
    inlineScalarDefinitions(definitions);
    perVersion.set(version, { definitions, kinds });
    documentsDigests[version] = digests;
  }
  // A field is required only if the newest documents still say so: `required` comes from Go fields without
  // omitempty, and later releases dropped it where validation never asked for the field (StatefulSet
  // serviceName, NetworkPolicy podSelector), which older servers accept missing as well.
  const newest = perVersion.get(schemaVersions[schemaVersions.length - 1] as string)?.definitions ?? new Map();
  for (const version of schemaVersions) {
    const { definitions, kinds } = perVersion.get(version) as {
      definitions: Map<string, CompactNode>;
      kinds: Record<string, Record<string, string>>;
    };
    for (const [name, node] of definitions) definitions.set(name, requiredAlsoIn(node, newest.get(name)));
    const indices: number[] = [];
    for (const [name, node] of [...definitions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const key = `${name}\n${JSON.stringify(node)}`;
      let index = poolIndex.get(key);
      if (index === undefined) {
        index = pool.length;
        pool.push([name, node]);
        poolIndex.set(key, index);
      }
      indices.push(index);
    }
    versions[version] = { kinds: sortKeys(kinds), definitions: indices };
  }
  const apiGroups = [
    ...new Set(
      Object.values(versions).flatMap((index) =>
        Object.keys(index.kinds).map((apiVersion) => apiVersion.split('/').slice(0, -1).join('/')),
      ),
    ),
  ].sort();
  const versionEntries = Object.entries(versions)
    .map(([version, index]) => `  '${version}': ${quote(JSON.stringify(index))},`)
    .join('\n');
  const module = `// Generated by packages/core/scripts/generate-kubernetes-schemas.ts from the official Kubernetes OpenAPI v3
// documents (see sources.json beside this file); do not edit. JSON text, each part parsed only when a check needs it.

/** The definitions of every version, each stored once, by name; definitionBodies holds each one's schema. */
export const definitionNames: readonly string[] = ${JSON.stringify(pool.map(([name]) => name))};

/** Each definition's compact schema as JSON text, parsed the first time a check reads that definition. */
export const definitionBodies: readonly string[] = [
${pool.map(([, node]) => `  ${quote(JSON.stringify(node))},`).join('\n')}
];

/** The API groups of the built-in kinds in any of these versions (\`\` for the core group). */
export const builtInApiGroups: readonly string[] = ${JSON.stringify(apiGroups)};

/** Per minor version: the kinds served (apiVersion -> kind -> definition) and its definitions in the pool. */
export const versionIndexes: Readonly<Record<string, string>> = {
${versionEntries}
};
`;
  return { module, descriptions: descriptionsModule(rawSchemas, kindDefinitions), documents: documentsDigests };
}

type DescribedSchema = OpenApiSchema & { description?: string; properties?: Record<string, DescribedSchema> };

/**
 * The descriptions of the definitions a manifest can reach from its kind (not through `status`, which
 * the server writes), each text stored once: [texts, definition -> field ('' the definition) -> text].
 */
function descriptionsModule(rawSchemas: Map<string, DescribedSchema>, kinds: Set<string>): string {
  const reachable = new Set<string>();
  const pending = [...kinds].sort();
  const visit = (schema: DescribedSchema | undefined, depth: number): void => {
    if (!schema || depth > 8) return;
    if (schema.$ref !== undefined) pending.push(refName(schema.$ref));
    for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])])
      visit(part, depth + 1);
    if (schema.items && !Array.isArray(schema.items)) visit(schema.items, depth + 1);
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
      visit(schema.additionalProperties, depth + 1);
    for (const property of Object.values(schema.properties ?? {})) visit(property, depth + 1);
  };
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (reachable.has(name)) continue;
    const schema = rawSchemas.get(name);
    if (!schema) continue;
    reachable.add(name);
    for (const [field, property] of Object.entries(schema.properties ?? {})) {
      if (!(kinds.has(name) && field === 'status')) visit(property, 0);
    }
  }
  const texts: string[] = [];
  const textIndex = new Map<string, number>();
  const indexOf = (text: string): number => {
    let index = textIndex.get(text);
    if (index === undefined) {
      index = texts.length;
      texts.push(text);
      textIndex.set(text, index);
    }
    return index;
  };
  const byDefinition: Record<string, Record<string, number>> = {};
  for (const name of [...reachable].sort()) {
    const schema = rawSchemas.get(name) as DescribedSchema;
    const entry: Record<string, number> = {};
    if (typeof schema.description === 'string') entry[''] = indexOf(schema.description);
    for (const [field, property] of Object.entries(schema.properties ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (typeof property.description === 'string') entry[field] = indexOf(property.description);
    }
    if (Object.keys(entry).length > 0) byDefinition[name] = entry;
  }
  return `// Generated by packages/core/scripts/generate-kubernetes-schemas.ts from the official Kubernetes OpenAPI v3
// documents (see sources.json beside this file); do not edit. The newest wording of each description, for
// hover in the editor; JSON text, parsed only when a hover asks.

/** Every description, stored once. */
export const descriptionTexts = ${quote(JSON.stringify(texts))};

/** Definition -> field ('' for the definition itself) -> index into descriptionTexts. */
export const descriptionIndex = ${quote(JSON.stringify(byDefinition))};
`;
}

/** The definition with only the required fields that the newest version's definition of the same name also requires. */
function requiredAlsoIn(node: CompactNode, newest: CompactNode | undefined): CompactNode {
  if (typeof node === 'string' || node.r === undefined || newest === undefined) return node;
  const newestRequired = typeof newest === 'string' ? [] : (newest.r ?? []);
  const required = node.r.filter((name) => newestRequired.includes(name));
  if (required.length === node.r.length) return node;
  const { r: _dropped, ...rest } = node;
  return required.length > 0 ? { ...rest, r: required } : rest;
}

/** Definitions whose request bodies create or replace objects: the kinds a manifest can hold. */
function creatableDefinitions(document: OpenApiDocument): Set<string> {
  const names = new Set<string>();
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of ['post', 'put'] as const) {
      const content = item[method]?.requestBody?.content ?? {};
      for (const media of Object.values(content)) {
        const ref = media.schema?.$ref;
        if (ref) names.add(ref.replace(/^#\/components\/schemas\//, ''));
      }
    }
  }
  return names;
}

/** References to definitions that are only a scalar code (IntOrString, Quantity, Time) become that code. */
function inlineScalarDefinitions(definitions: Map<string, CompactNode>): void {
  const scalar = (node: CompactNode | undefined): string | undefined =>
    typeof node === 'string' && !node.startsWith('@') ? node : undefined;
  const replace = (node: CompactNode): CompactNode => {
    if (typeof node === 'string') {
      if (!node.startsWith('@')) return node;
      return scalar(definitions.get(node.slice(1))) ?? node;
    }
    const copy: Record<string, unknown> = { ...node };
    if (node.a !== undefined) copy.a = replace(node.a);
    if (node.m !== undefined) copy.m = replace(node.m);
    if (node.p !== undefined) {
      copy.p = Object.fromEntries(Object.entries(node.p).map(([key, value]) => [key, replace(value)]));
    }
    return copy as CompactNode;
  };
  for (const [name, node] of definitions) definitions.set(name, replace(node));
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A single-quoted TypeScript string holding the text. */
function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function generatorDigest(): string {
  return sha256(generatorFiles.map((file) => readFileSync(file, 'utf8')).join('\n'));
}

function renderSources(
  documents: Record<string, Record<string, string>>,
  module: string,
  descriptions: string,
): string {
  const sources = {
    ...provenance,
    versions: [...schemaVersions],
    dataSha256: sha256(module),
    descriptionsSha256: sha256(descriptions),
    generatorSha256: generatorDigest(),
    inputSha256: documents,
  };
  const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
  const formatted = spawnSync(
    process.execPath,
    [biome, 'format', `--stdin-file-path=${relative(repositoryRoot, sourcesPath)}`],
    { cwd: repositoryRoot, input: JSON.stringify(sources), encoding: 'utf8' },
  );
  if (formatted.status !== 0) throw new Error(`biome format failed: ${formatted.stderr}`);
  return formatted.stdout;
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function main(argv: readonly string[]): number {
  const sourceFlag = argv.indexOf('--source');
  const source = sourceFlag === -1 ? process.env.KUBERNETES_OPENAPI_DIR : argv[sourceFlag + 1];
  const check = argv.includes('--check');
  const regenerate =
    'Get the documents (docs/schema-data.md) and run: node --import tsx packages/core/scripts/generate-kubernetes-schemas.ts --source DIR';
  const currentModule = readIfPresent(dataPath);
  const currentDescriptions = readIfPresent(descriptionsPath);
  const currentSources = readIfPresent(sourcesPath);
  if (!source) {
    if (!check)
      console.log(
        'Kubernetes schema data: no --source or KUBERNETES_OPENAPI_DIR, so the committed data is only verified.',
      );
    // Offline: the committed data must be what this generator, as it is now, wrote.
    const recorded = currentSources
      ? (JSON.parse(currentSources) as { dataSha256?: string; descriptionsSha256?: string; generatorSha256?: string })
      : {};
    const problems: string[] = [];
    if (currentModule === undefined || recorded.dataSha256 !== sha256(currentModule)) {
      problems.push(`${relative(repositoryRoot, dataPath)} differs from what the generator wrote`);
    }
    if (currentDescriptions === undefined || recorded.descriptionsSha256 !== sha256(currentDescriptions)) {
      problems.push(`${relative(repositoryRoot, descriptionsPath)} differs from what the generator wrote`);
    }
    if (recorded.generatorSha256 !== generatorDigest()) {
      problems.push('the generator changed since the data was generated');
    }
    if (problems.length === 0) return 0;
    console.error(`Kubernetes schema data is stale: ${problems.join('; ')}. ${regenerate}`);
    return 1;
  }
  const generated = generate(source);
  const sources = renderSources(generated.documents, generated.module, generated.descriptions);
  if (check) {
    if (
      currentModule === generated.module &&
      currentDescriptions === generated.descriptions &&
      currentSources === sources
    )
      return 0;
    console.error(`Kubernetes schema data differs from what the documents in ${source} give. ${regenerate}`);
    return 1;
  }
  if (currentModule !== generated.module) writeAtomically(dataPath, generated.module);
  if (currentDescriptions !== generated.descriptions) writeAtomically(descriptionsPath, generated.descriptions);
  if (currentSources !== sources) writeAtomically(sourcesPath, sources);
  console.log(`wrote ${relative(repositoryRoot, dataPath)} (${(generated.module.length / 1024).toFixed(0)} KiB)`);
  console.log(
    `wrote ${relative(repositoryRoot, descriptionsPath)} (${(generated.descriptions.length / 1024).toFixed(0)} KiB)`,
  );
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
