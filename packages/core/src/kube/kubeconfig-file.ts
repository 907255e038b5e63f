// One kubeconfig file, read as kubectl reads it (YAML 1.1 scalars, anchors, aliases and `<<` merge
// keys, only the first YAML document, as sigs.k8s.io/yaml does) and kept as a parsed `yaml`
// Document so that edits change only what they mean to change. Files are read through the fast
// reader of manifests (same nodes and ranges, no comments), which leaves anything unusual to `yaml`;
// an edit through the Document API parses its own copy with `yaml`, comments included.
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  type YAMLMap,
} from 'yaml';
import { fastParseAllDocuments } from '../documents/fast-yaml.ts';
import { defaultYamlReader, type YamlReader } from '../documents/yaml-reader.ts';
import { BoundedReadError } from './bounded-read.ts';
import { KubeconfigError } from './errors.ts';
import { readSettledKubeconfig } from './settled-read.ts';

/** Kubeconfigs of a thousand contexts stay under a megabyte; past this, a file is not one to read. */
export const maxKubeconfigBytes = 4 * 1024 * 1024;

export interface KubeContextEntry {
  name: string;
  cluster: string | undefined;
  user: string | undefined;
  namespace: string | undefined;
  /** The file that defines it. */
  file: string;
  /** 1-based line of its list item. */
  line: number;
}

export interface KubeClusterEntry {
  name: string;
  server: string | undefined;
  /** `certificate-authority-data`, else `certificate-authority` (a path): with the server, who the cluster is. */
  certificateAuthority: string | undefined;
  file: string;
  line: number;
}

export interface KubeUserEntry {
  name: string;
  file: string;
  line: number;
}

export type KubeconfigSection = 'clusters' | 'contexts' | 'users';

/** The parsed file; `nodes` point into `document` for editing. */
export interface KubeconfigFile {
  path: string;
  exists: boolean;
  /** The exact bytes read, decoded as UTF-8 ('' when the file does not exist). */
  text: string;
  /** The first YAML document, the only one kubectl reads (without comments when the fast reader read it). */
  document: Document.Parsed | undefined;
  /** YAML documents in the file; kubectl reads the first and drops the others when it writes. */
  documentCount: number;
  lineCounter: LineCounter;
  currentContext: string | undefined;
  contexts: KubeContextEntry[];
  clusters: KubeClusterEntry[];
  users: KubeUserEntry[];
  /** List items by section and name. */
  nodes: Record<KubeconfigSection, Map<string, YAMLMap>>;
  /** Credential values found in the file, for redaction. */
  secrets: string[];
}

const secretKeys = new Set([
  'token',
  'password',
  'client-key-data',
  'client-certificate-data',
  'id-token',
  'refresh-token',
  'access-token',
  'client-secret',
  'secret',
]);

/** Alias expansions allowed while reading one kubeconfig: generous for anchors, bounded for bombs. */
const maxAliasExpansions = 10_000;

export function readKubeconfigFile(path: string): KubeconfigFile {
  let text: string;
  try {
    text = readSettledKubeconfig(path, { maxBytes: maxKubeconfigBytes });
  } catch (error) {
    if (error instanceof BoundedReadError) {
      throw new KubeconfigError('unreadable', `cannot read this kubeconfig: ${error.reason}`, {
        file: path,
        hint:
          error.problem === 'too-large'
            ? 'kubectl-sized kubeconfigs are far smaller: remove contexts you no longer use, or split the file and list the parts in KUBECONFIG'
            : 'Point --kubeconfig or KUBECONFIG at a regular file',
      });
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return parseKubeconfigText(path, '', false, defaultYamlReader);
    if (code === 'EACCES' || code === 'EPERM') {
      throw new KubeconfigError('unreadable', 'cannot read this kubeconfig (permission denied)', {
        file: path,
        hint: 'Check its permissions (ls -l), or choose another file with --kubeconfig',
      });
    }
    if (code === 'EISDIR') {
      throw new KubeconfigError('unreadable', 'this kubeconfig path is a directory, not a file', {
        file: path,
        hint: 'Point --kubeconfig or KUBECONFIG at a file',
      });
    }
    throw new KubeconfigError('unreadable', `cannot read this kubeconfig (${code ?? 'unknown error'})`, { file: path });
  }
  return parseKubeconfigText(path, text, true, defaultYamlReader);
}

/** Parses a kubeconfig's text; `reader: 'yaml'` keeps its comments in the document (for the Document API). */
export function parseKubeconfigText(
  path: string,
  text: string,
  exists: boolean,
  reader: YamlReader = 'yaml',
): KubeconfigFile {
  const lineCounter = new LineCounter();
  const file: KubeconfigFile = {
    path,
    exists,
    text,
    document: undefined,
    documentCount: 0,
    lineCounter,
    currentContext: undefined,
    contexts: [],
    clusters: [],
    users: [],
    nodes: { clusters: new Map(), contexts: new Map(), users: new Map() },
    secrets: [],
  };
  if (text.trim() === '') return file;

  const options = { version: '1.1', uniqueKeys: true, prettyErrors: false, keepSourceTokens: false } as const;
  const documents =
    (reader === 'fast' ? fastParseAllDocuments(text, options, lineCounter) : undefined) ??
    parseAllDocuments(text, { ...options, lineCounter });
  const document = Array.isArray(documents) ? documents[0] : undefined;
  if (document === undefined) return file;
  file.document = document;
  file.documentCount = (documents as unknown[]).length;
  const malformed = (problem: string, offset: number): KubeconfigError => {
    const { line, col } = lineCounter.linePos(offset);
    return new KubeconfigError('malformed', problem, {
      file: path,
      line,
      column: col,
      hint: 'Fix the file (kubectl cannot read it either); it was not changed',
    });
  };
  const firstError = document.errors[0];
  if (firstError !== undefined) {
    throw malformed(`invalid YAML: ${withoutSourceText(firstError.message, text, firstError.pos)}`, firstError.pos[0]);
  }
  const root = document.contents;
  if (root === null || (isScalar(root) && root.value === null)) return file;
  if (!isMap(root)) throw malformed('a kubeconfig must be a mapping (apiVersion, clusters, contexts, users...)', 0);

  // An alias reads as the node it names (`user: *u`); `resolve` never follows one alias to another.
  const deref = (node: unknown): unknown => {
    let current = node;
    for (let hops = 0; isAlias(current) && hops < 100; hops++) current = current.resolve(document);
    return current;
  };
  // A key of a mapping as kubectl sees it: its own key first, then the `<<` merge sources in order.
  const lookup = (map: YAMLMap, key: string, depth = 0): unknown => {
    for (const pair of map.items) {
      if (isScalar(pair.key) && pair.key.value === key) return deref(pair.value);
    }
    if (depth > 50) return undefined;
    for (const pair of map.items) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'symbol') continue;
      const sources = deref(pair.value);
      for (const source of isSeq(sources) ? sources.items : [sources]) {
        const merged = deref(source);
        if (!isMap(merged)) continue;
        const found = lookup(merged, key, depth + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };

  const readString = (value: unknown, what: string): string | undefined => {
    const node = deref(value);
    if (node === undefined || node === null) return undefined;
    if (isScalar(node)) {
      if (node.value === null) return undefined;
      if (typeof node.value === 'string') return node.value;
      throw malformed(
        `${what} must be a string, found ${typeof node.value === 'boolean' ? 'a boolean' : `a ${typeof node.value}`} (${String(node.source ?? node.value)}); quote it`,
        node.range?.[0] ?? 0,
      );
    }
    throw malformed(
      `${what} must be a string, found a ${isSeq(node) ? 'list' : 'mapping'}`,
      (node as Node).range?.[0] ?? 0,
    );
  };

  file.currentContext = readString(lookup(root, 'current-context'), 'current-context') || undefined;

  const readSection = (
    section: KubeconfigSection,
    body: 'cluster' | 'context' | 'user',
    onItem: (item: YAMLMap, bodyNode: YAMLMap | undefined, name: string, line: number) => void,
  ) => {
    const node = lookup(root, section);
    if (node === undefined || (isScalar(node) && node.value === null)) return;
    if (!isSeq(node)) throw malformed(`${section} must be a list`, (node as Node).range?.[0] ?? 0);
    for (const listed of node.items) {
      const item = deref(listed);
      const offset = (listed as Node | null)?.range?.[0] ?? node.range?.[0] ?? 0;
      if (!isMap(item)) throw malformed(`each entry of ${section} must be a mapping with a name`, offset);
      const name = readString(lookup(item, 'name'), `${section}[].name`) ?? '';
      if (file.nodes[section].has(name)) throw malformed(`duplicate name "${name}" in ${section}`, offset);
      file.nodes[section].set(name, item);
      const bodyNode = lookup(item, body);
      if (bodyNode !== undefined && !(isScalar(bodyNode) && bodyNode.value === null) && !isMap(bodyNode)) {
        throw malformed(`${section}[].${body} must be a mapping`, (bodyNode as Node).range?.[0] ?? offset);
      }
      onItem(item, isMap(bodyNode) ? bodyNode : undefined, name, lineCounter.linePos(offset).line);
    }
  };

  readSection('clusters', 'cluster', (_item, body, name, line) => {
    const field = (key: string) => (body === undefined ? undefined : lookup(body, key));
    const server = readString(field('server'), 'cluster.server');
    const certificateAuthority =
      readString(field('certificate-authority-data'), 'cluster.certificate-authority-data') ??
      readString(field('certificate-authority'), 'cluster.certificate-authority');
    file.clusters.push({ name, server, certificateAuthority, file: path, line });
    const proxy = readString(field('proxy-url'), 'cluster.proxy-url');
    for (const url of [server, proxy]) collectUrlCredentials(url, file.secrets);
  });
  readSection('contexts', 'context', (_item, body, name, line) => {
    file.contexts.push({
      name,
      cluster: readString(body === undefined ? undefined : lookup(body, 'cluster'), 'context.cluster'),
      user: readString(body === undefined ? undefined : lookup(body, 'user'), 'context.user'),
      namespace:
        readString(body === undefined ? undefined : lookup(body, 'namespace'), 'context.namespace') || undefined,
      file: path,
      line,
    });
  });
  readSection('users', 'user', (_item, _body, name, line) => {
    file.users.push({ name, file: path, line });
  });
  // The plain data, with aliases and merge keys expanded (bounded), for the credential values.
  let data: { users?: unknown } | undefined;
  try {
    data = document.toJS({ maxAliasCount: maxAliasExpansions }) as { users?: unknown } | undefined;
  } catch {
    throw malformed(
      `its aliases expand to more than ${maxAliasExpansions} nodes (a "billion laughs" file); write the values out`,
      0,
    );
  }
  for (const user of Array.isArray(data?.users) ? data.users : []) {
    if (user === null || typeof user !== 'object') continue;
    const body = (user as { user?: { exec?: { args?: unknown } } | null }).user;
    collectSecrets(body, undefined, file.secrets);
    collectExecArgumentSecrets(body?.exec?.args, file.secrets);
  }
  return file;
}

/**
 * The parser quotes source text in some messages ("Block scalar header includes extra characters:
 * |<value>", "Invalid escape sequence \U<8 characters>"), and the file cannot be parsed, so its
 * credential values are not known: every word of the message found in the lines of the error is
 * left out.
 */
export function withoutSourceText(message: string, text: string, range: readonly [number, number]): string {
  const lineStart = text.lastIndexOf('\n', Math.max(0, range[0] - 1)) + 1;
  const lineEnd = text.indexOf('\n', Math.max(range[1], range[0]));
  const source = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
  return message
    .split(/(\s+)/)
    .map((word) => {
      const bare = word.replace(/^["'(]+|["'),.:]+$/g, '');
      return bare.length >= 3 && source.includes(bare) ? word.replace(bare, '…') : word;
    })
    .join('');
}

/** Arguments of an exec credential plugin that follow a flag naming a credential (`--token X`, `--password=X`). */
const credentialFlag = /^--?[\w-]*(token|password|secret|key|credential)[\w-]*$/i;

function collectExecArgumentSecrets(args: unknown, into: string[]): void {
  if (!Array.isArray(args)) return;
  for (const [index, arg] of args.entries()) {
    if (typeof arg !== 'string') continue;
    const equals = arg.indexOf('=');
    if (arg.startsWith('-') && equals > 0 && credentialFlag.test(arg.slice(0, equals)))
      into.push(arg.slice(equals + 1));
    const next = args[index + 1];
    if (credentialFlag.test(arg) && typeof next === 'string' && !next.startsWith('-')) into.push(next);
  }
}

function collectUrlCredentials(url: string | undefined, into: string[]): void {
  if (url === undefined) return;
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/@]+)@/i.exec(url);
  if (match?.[1] === undefined) return;
  into.push(match[1]);
  for (const part of match[1].split(':')) if (part.length > 0) into.push(part);
}

/** Every credential-looking value under a user: known keys, auth-provider config, exec env values. */
function collectSecrets(value: unknown, key: string | undefined, into: string[], underSecretParent = false): void {
  if (typeof value === 'string') {
    if (underSecretParent || (key !== undefined && secretKeys.has(key))) into.push(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectSecrets(item, key, into, underSecretParent || key === 'env');
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [childKey, child] of Object.entries(value)) {
      // exec env entries are {name, value}: the value is the secret, the name is not.
      if (key === 'env' && childKey === 'name') continue;
      collectSecrets(child, childKey, into, underSecretParent || key === 'config' || key === 'env');
    }
  }
}
