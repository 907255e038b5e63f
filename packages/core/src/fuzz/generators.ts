// Input generators for property tests and the long fuzz run: random text, token soups that look
// like manifests and Dockerfiles, generated Kubernetes objects, and mutations of real files.
import fc from 'fast-check';
import { Document } from 'yaml';
import type { DocumentKind } from '../types.ts';
import type { Seed } from './seeds.ts';

/** One generated input, with the name of the generator that made it (for the tallies). */
export interface FuzzCase {
  generator: string;
  kind: DocumentKind;
  text: string;
  /** Which configuration to check with (see `fuzzConfigs`). */
  config: 'defaults' | 'examples' | 'small-limits';
  targets: string[];
  contextNamespace?: string;
}

/** Bounds on generated sizes; the tests use smaller ones than the long run. */
export interface SizeBounds {
  /** Characters of a huge scalar or long line. */
  maxScalar: number;
  /** Levels of generated nesting. */
  maxNesting: number;
  /** Copies of a document. */
  maxDocuments: number;
  /** Characters of a whole input: a mutation that would grow the text beyond it is left out. */
  maxText: number;
}

export const testSizes: SizeBounds = { maxScalar: 20_000, maxNesting: 300, maxDocuments: 60, maxText: 60_000 };
export const longRunSizes: SizeBounds = {
  maxScalar: 150_000,
  maxNesting: 3_000,
  maxDocuments: 400,
  maxText: 400_000,
};

const targetSets = [['dev'], ['prod'], ['dev', 'test', 'preprod', 'prod'], ['preprod', 'prod']];

const settings = fc.record({
  config: fc.constantFrom<FuzzCase['config']>('defaults', 'examples', 'small-limits'),
  targets: fc.constantFrom(...targetSets),
  contextNamespace: fc.option(fc.constantFrom('default', 'nb-alice', 'jupyter-lsst', 'kube-system'), {
    nil: undefined,
  }),
});

function withSettings(
  generator: string,
  kind: fc.Arbitrary<DocumentKind>,
  text: fc.Arbitrary<string>,
): fc.Arbitrary<FuzzCase> {
  return fc.record({ kind, text, settings }).map(({ kind, text, settings }) => {
    const fuzzCase: FuzzCase = { generator, kind, text, config: settings.config, targets: settings.targets };
    if (settings.contextNamespace !== undefined) fuzzCase.contextNamespace = settings.contextNamespace;
    return fuzzCase;
  });
}

const anyKind = fc.constantFrom<DocumentKind>('manifest', 'dockerfile');

// ---------------------------------------------------------------------------------------------
// Random text: every UTF-16 unit (lone surrogates, NUL, CR), and printable ASCII with line breaks.

const randomText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.string({
    unit: fc.constantFrom('a', ':', ' ', '\n', '-', '\t', '#', '"', "'", '\r', '{', '}', '[', ']'),
    maxLength: 600,
  }),
);

// ---------------------------------------------------------------------------------------------
// Token soups: the words of manifests and Dockerfiles in random order and random indentation.

const yamlTokens = [
  'apiVersion: v1',
  'apiVersion: apps/v1',
  'apiVersion: extensions/v1beta1',
  'apiVersion: policy/v1beta1',
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: Pod',
  'kind: Deployment',
  'kind: DaemonSet',
  'kind: CronJob',
  'kind: Service',
  'kind: Ingress',
  'kind: List',
  'kind: ClusterRole',
  'kind: ClusterRoleBinding',
  'kind: PodSecurityPolicy',
  'metadata:',
  'name: web',
  'namespace: default',
  'namespace: nb-alice',
  'annotations:',
  'lsst.io/suppress: image/pinned',
  '# lsst-disable-next-line image/pinned -- reason',
  '# lsst-disable-file',
  'spec:',
  'template:',
  'jobTemplate:',
  'containers:',
  'initContainers:',
  '- name: app',
  'image: nginx',
  'image: nginx:latest',
  'image: docker.io/library/python:2.7',
  `image: lsstsqre/sciplat-lab@sha256:${'a'.repeat(64)}`,
  'image: ""',
  'securityContext:',
  'runAsNonRoot: yes',
  'runAsNonRoot: off',
  'runAsUser: 0',
  'privileged: true',
  'allowPrivilegeEscalation: on',
  'capabilities: {add: [SYS_ADMIN]}',
  'hostPID: true',
  'hostNetwork: true',
  'volumes:',
  '- name: data',
  'hostPath: {path: /scratch}',
  'nfs: {server: nfs, path: /project/shared}',
  'volumeMounts:',
  '- {name: data, mountPath: /software}',
  'readOnly: false',
  'ports:',
  '- containerPort: 80',
  'hostPort: 8080',
  'type: NodePort',
  'type: LoadBalancer',
  'externalIPs: [1.2.3.4]',
  'rules:',
  "- apiGroups: ['*']",
  "  resources: ['*']",
  "  verbs: ['*']",
  'roleRef: {kind: ClusterRole, name: cluster-admin}',
  'subjects: []',
  'command: [sh, -c, "a & b & wait"]',
  'args: ["supervisord"]',
  'items:',
  '- apiVersion: v1',
  '---',
  '...',
  '&anchor',
  '*anchor',
  '<<: *anchor',
  '!!binary',
  '!!str',
  '%YAML 1.1',
  '? complex',
  '|',
  '>-',
  '"unterminated',
  "'quoted: yes'",
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '- ',
  '#',
  '\t',
  '{{ .Values.image }}',
  '{{ not helm }}',
  '\u00e9\u4e2d\ud83d\ude00',
];

const yamlSoup = fc
  .array(
    fc.record({
      indent: fc.nat({ max: 10 }),
      tokens: fc.array(fc.constantFrom(...yamlTokens), { minLength: 1, maxLength: 3 }),
      lineBreak: fc.constantFrom('\n', '\n', '\n', '\r\n', ' '),
    }),
    { maxLength: 60 },
  )
  .map((lines) => lines.map((line) => ' '.repeat(line.indent) + line.tokens.join(' ') + line.lineBreak).join(''));

const dockerTokens = [
  'FROM ubuntu',
  'FROM ubuntu:latest AS build',
  'FROM debian:9',
  `FROM python:3.12-slim@sha256:${'b'.repeat(64)}`,
  'FROM build',
  'FROM scratch',
  'FROM ${BASE}',
  'FROM --platform=$BUILDPLATFORM golang:1.22 AS builder',
  'ARG BASE=centos:7',
  'ARG VERSION',
  'RUN apt-get update && apt-get install -y gcc make curl',
  'RUN apt-get install --no-install-recommends -y python3 && rm -rf /var/lib/apt/lists/*',
  'RUN apk add --no-cache --virtual .deps build-base && apk del .deps',
  'RUN apk add openssh supervisor nginx',
  'RUN yum install -y httpd && yum clean all',
  'RUN pip install numpy',
  'RUN pip uninstall -y numpy',
  'RUN apt-get purge -y gcc',
  'RUN apt-mark auto gcc && apt-get purge -y --auto-remove',
  'RUN curl -sSL https://example.org/install.sh | sh',
  'RUN wget -qO- https://example.org/x | bash',
  'RUN ["apt-get", "install", "-y", "gcc"]',
  'RUN --mount=type=cache,target=/var/cache/apt apt-get install -y g++',
  'RUN <<EOF',
  'apt-get install -y cmake',
  'EOF',
  'ADD https://example.org/file.tar.gz /tmp/',
  `ADD --checksum=sha256:${'c'.repeat(64)} https://example.org/f /f`,
  'COPY --from=build /out /app',
  'USER root',
  'USER 1000',
  'USER app:app',
  'ENV A=1 B="two words"',
  'WORKDIR /app',
  'EXPOSE 80/tcp',
  'CMD ["supervisord", "-n"]',
  'CMD nginx & sshd -D',
  'CMD ["sh", "-c", "a & b"]',
  'ENTRYPOINT ["/entrypoint.sh"]',
  'HEALTHCHECK CMD curl -f http://localhost/',
  'ONBUILD RUN make',
  'SHELL ["/bin/bash", "-c"]',
  '# syntax=docker/dockerfile:1',
  '# escape=`',
  '# lsst-disable-next-line container/no-build-tools -- built here on purpose',
  '# comment',
  '\\',
  '`',
  '&&',
  '|',
  '$VERSION',
  '"',
  "'",
  'MAINTAINER someone',
  'FORM typo',
  '\t',
];

const dockerfileSoup = fc
  .array(
    fc.record({
      indent: fc.nat({ max: 4 }),
      tokens: fc.array(fc.constantFrom(...dockerTokens), { minLength: 1, maxLength: 3 }),
      glue: fc.constantFrom('\n', '\n', '\n', ' \\\n  ', '\r\n', ' '),
    }),
    { maxLength: 50 },
  )
  .map((lines) => lines.map((line) => ' '.repeat(line.indent) + line.tokens.join(' ') + line.glue).join(''));

// ---------------------------------------------------------------------------------------------
// Generated Kubernetes objects, rendered in several YAML styles: inputs that parse, so that the
// rules run, their fixes apply, and the fixed file can be checked again.

const imageReference = fc.constantFrom(
  'nginx',
  'nginx:latest',
  'nginx:1.25.3',
  'docker.io/library/nginx:1.25',
  'lsstsqre/sciplat-lab:w_2024_10',
  'someone/tool:1.0',
  'quay.io/org/app:2.1',
  'registry.example.org/team/app:1',
  `ghcr.io/org/app@sha256:${'d'.repeat(64)}`,
  'python:2.7',
  'centos:7',
  'ubuntu',
);

const boolish = fc.constantFrom<unknown>(true, false, 'yes', 'no', 'on', 'off', 'true', 1, null);

const container = fc.record(
  {
    name: fc.constantFrom('app', 'sidecar', 'lab', 'db', 'x'),
    image: imageReference,
    command: fc.constantFrom(['nginx'], ['sh', '-c', 'a & b & wait'], ['supervisord', '-n'], ['/app']),
    securityContext: fc.record(
      {
        runAsNonRoot: boolish,
        runAsUser: fc.constantFrom(0, 1000, 65534),
        privileged: boolish,
        allowPrivilegeEscalation: boolish,
        capabilities: fc.record({ add: fc.constantFrom(['NET_ADMIN'], ['SYS_ADMIN'], []) }, { requiredKeys: [] }),
        readOnlyRootFilesystem: boolish,
      },
      { requiredKeys: [] },
    ),
    ports: fc.array(
      fc.record(
        { containerPort: fc.constantFrom(80, 8080, 5432), hostPort: fc.constantFrom(80, 30080) },
        { requiredKeys: ['containerPort'] },
      ),
      { maxLength: 2 },
    ),
    volumeMounts: fc.array(
      fc.record(
        {
          name: fc.constantFrom('data', 'scratch', 'home'),
          mountPath: fc.constantFrom('/data', '/scratch', '/home', '/software', '/project/shared'),
          readOnly: boolish,
        },
        { requiredKeys: ['name', 'mountPath'] },
      ),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: ['name', 'image'] },
);

const volume = fc.record({
  name: fc.constantFrom('data', 'scratch', 'home'),
  source: fc.oneof(
    fc.record({
      hostPath: fc.record({ path: fc.constantFrom('/scratch', '/project', '/jhome/alice', '/var/run', '/') }),
    }),
    fc.record({
      nfs: fc.record({
        server: fc.constant('nfs.example.org'),
        path: fc.constantFrom('/datasets', '/software', '/project'),
      }),
    }),
    fc.record({ emptyDir: fc.constant({}) }),
  ),
});

const podSpec = fc.record(
  {
    containers: fc.array(container, { minLength: 1, maxLength: 3 }),
    initContainers: fc.array(container, { maxLength: 1 }),
    volumes: fc
      .array(volume, { maxLength: 3 })
      .map((volumes) => volumes.map(({ name, source }) => ({ name, ...source }))),
    securityContext: fc.record({ runAsNonRoot: boolish, runAsUser: fc.constantFrom(0, 1000) }, { requiredKeys: [] }),
    hostNetwork: boolish,
    hostPID: boolish,
  },
  { requiredKeys: ['containers'] },
);

const metadata = fc.record(
  {
    name: fc.constantFrom('web', 'lab', 'db', 'a-b'),
    namespace: fc.constantFrom('default', 'nb-alice', 'jupyter-lsst', 'monitoring'),
    annotations: fc.constantFrom(
      { 'lsst.io/suppress': 'image/pinned' },
      { 'lsst.io/suppress': 'security/run-as-non-root -- checked by hand' },
      { 'lsst.io/port-request': 'pr-1' },
    ),
  },
  { requiredKeys: ['name'] },
);

const workloadApi: Record<string, string[]> = {
  Pod: ['v1'],
  Deployment: ['apps/v1', 'extensions/v1beta1'],
  StatefulSet: ['apps/v1'],
  DaemonSet: ['apps/v1', 'extensions/v1beta1'],
  Job: ['batch/v1'],
  CronJob: ['batch/v1', 'batch/v1beta1'],
};

const workload = fc
  .record({ kind: fc.constantFrom(...Object.keys(workloadApi)), version: fc.nat(), metadata, spec: podSpec })
  .map(({ kind, version, metadata, spec }) => {
    const apis = workloadApi[kind] ?? ['v1'];
    const apiVersion = apis[version % apis.length];
    const template = { metadata: { labels: { app: metadata.name } }, spec };
    if (kind === 'Pod') return { apiVersion, kind, metadata, spec };
    if (kind === 'Job') return { apiVersion, kind, metadata, spec: { template } };
    if (kind === 'CronJob')
      return { apiVersion, kind, metadata, spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } } };
    return { apiVersion, kind, metadata, spec: { selector: { matchLabels: { app: metadata.name } }, template } };
  });

const otherObject = fc.oneof(
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Service'),
    metadata,
    spec: fc.record(
      {
        type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer'),
        ports: fc.constant([{ port: 80, nodePort: 30080 }]),
        externalIPs: fc.constant(['192.0.2.1']),
      },
      { requiredKeys: ['type'] },
    ),
  }),
  fc.record({
    apiVersion: fc.constantFrom('rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io/v1beta1'),
    kind: fc.constantFrom('Role', 'ClusterRole'),
    metadata,
    rules: fc.array(
      fc.record({
        apiGroups: fc.constantFrom([''], ['*'], ['apps']),
        resources: fc.constantFrom(['pods'], ['*'], ['secrets']),
        verbs: fc.constantFrom(['get'], ['*'], ['escalate', 'bind'], ['impersonate']),
      }),
      { maxLength: 3 },
    ),
  }),
  fc.record({
    apiVersion: fc.constant('rbac.authorization.k8s.io/v1'),
    kind: fc.constantFrom('RoleBinding', 'ClusterRoleBinding'),
    metadata,
    roleRef: fc.record({
      apiGroup: fc.constant('rbac.authorization.k8s.io'),
      kind: fc.constant('ClusterRole'),
      name: fc.constantFrom('cluster-admin', 'view', 'edit'),
    }),
    subjects: fc.constant([{ kind: 'User', name: 'alice' }]),
  }),
  fc.record({
    apiVersion: fc.constantFrom('networking.k8s.io/v1', 'extensions/v1beta1'),
    kind: fc.constant('Ingress'),
    metadata,
    spec: fc.constant({ rules: [{ host: 'app.example.org' }] }),
  }),
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('ConfigMap'),
    metadata,
    data: fc.dictionary(fc.string(), fc.string()),
  }),
);

const kubeObject = fc.oneof({ arbitrary: workload, weight: 3 }, { arbitrary: otherObject, weight: 2 });

interface YamlStyle {
  indent: number;
  indentSeq: boolean;
  flow: boolean;
  comment: boolean;
  asList: boolean;
  crlf: boolean;
}

const yamlStyle: fc.Arbitrary<YamlStyle> = fc.record({
  indent: fc.constantFrom(2, 4),
  indentSeq: fc.boolean(),
  flow: fc.constantFrom(false, false, false, true),
  comment: fc.boolean(),
  asList: fc.boolean(),
  crlf: fc.boolean(),
});

function renderObjects(objects: unknown[], style: fc.Arbitrary<YamlStyle>): fc.Arbitrary<string> {
  return style.map((chosen) => {
    const toText = (value: unknown) => {
      const document = new Document(value, { version: '1.1' });
      if (chosen.comment) document.commentBefore = ' generated';
      return document.toString({
        indent: chosen.indent,
        indentSeq: chosen.indentSeq,
        ...(chosen.flow ? { collectionStyle: 'flow' as const } : {}),
      });
    };
    const text = chosen.asList
      ? toText({ apiVersion: 'v1', kind: 'List', items: objects })
      : objects.map(toText).join('---\n');
    return chosen.crlf ? text.replace(/\n/g, '\r\n') : text;
  });
}

const generatedManifest = fc
  .array(kubeObject, { minLength: 1, maxLength: 4 })
  .chain((objects) => renderObjects(objects, yamlStyle));

// ---------------------------------------------------------------------------------------------
// Mutations of real files.

/** A mutation with positions as fractions of the text (per ten thousand), so it applies to any text. */
export type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'flip'; at: number; unit: number }
  | { op: 'insert-tab'; at: number }
  | { op: 'delete-line'; at: number }
  | { op: 'duplicate-line'; at: number }
  | { op: 'swap-lines'; at: number; other: number }
  | { op: 'insert-token'; at: number; token: string }
  | { op: 'deep-nesting'; at: number; depth: number; flow: boolean }
  | { op: 'huge-scalar'; at: number; size: number }
  | { op: 'long-line'; size: number }
  | { op: 'many-documents'; copies: number }
  | { op: 'alias-chain'; length: number; fanOut: number }
  | { op: 'crlf' }
  | { op: 'bom' };

/** One arbitrary per kind of mutation, so that a test can make sure each of them runs. */
export function mutationArbitraries(sizes: SizeBounds): Record<Mutation['op'], fc.Arbitrary<Mutation>> {
  const at = fc.nat({ max: 10_000 });
  return {
    truncate: fc.record({ op: fc.constant('truncate' as const), at }),
    flip: fc.record({ op: fc.constant('flip' as const), at, unit: fc.nat({ max: 0xffff }) }),
    'insert-tab': fc.record({ op: fc.constant('insert-tab' as const), at }),
    'delete-line': fc.record({ op: fc.constant('delete-line' as const), at }),
    'duplicate-line': fc.record({ op: fc.constant('duplicate-line' as const), at }),
    'swap-lines': fc.record({ op: fc.constant('swap-lines' as const), at, other: at }),
    'insert-token': fc.record({
      op: fc.constant('insert-token' as const),
      at,
      token: fc.constantFrom(...yamlTokens, ...dockerTokens),
    }),
    'deep-nesting': fc.record({
      op: fc.constant('deep-nesting' as const),
      at,
      depth: fc.integer({ min: 1, max: sizes.maxNesting }),
      flow: fc.boolean(),
    }),
    'huge-scalar': fc.record({
      op: fc.constant('huge-scalar' as const),
      at,
      size: fc.integer({ min: 1, max: sizes.maxScalar }),
    }),
    'long-line': fc.record({
      op: fc.constant('long-line' as const),
      size: fc.integer({ min: 1, max: sizes.maxScalar }),
    }),
    'many-documents': fc.record({
      op: fc.constant('many-documents' as const),
      copies: fc.integer({ min: 2, max: sizes.maxDocuments }),
    }),
    'alias-chain': fc.record({
      op: fc.constant('alias-chain' as const),
      length: fc.integer({ min: 1, max: 14 }),
      fanOut: fc.integer({ min: 1, max: 9 }),
    }),
    crlf: fc.record({ op: fc.constant('crlf' as const) }),
    bom: fc.record({ op: fc.constant('bom' as const) }),
  };
}

export function mutationArbitrary(sizes: SizeBounds): fc.Arbitrary<Mutation> {
  return fc.oneof(...Object.values(mutationArbitraries(sizes)));
}

const position = (text: string, at: number) => Math.floor((text.length * at) / 10_000);

function lineAt(text: string, at: number): { start: number; end: number } {
  const offset = position(text, at);
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const lineBreak = text.indexOf('\n', offset);
  return { start, end: lineBreak === -1 ? text.length : lineBreak + 1 };
}

const splice = (text: string, offset: number, inserted: string) =>
  text.slice(0, offset) + inserted + text.slice(offset);

/** Applies mutations in turn, leaving out any that would grow the text beyond the bound. */
export function applyMutations(text: string, mutations: readonly Mutation[], maxText: number): string {
  return mutations.reduce((current, mutation) => {
    const next = applyMutation(current, mutation);
    return next.length > maxText ? current : next;
  }, text);
}

/** Applies one mutation; pure, so that a counterexample can be replayed from its description. */
export function applyMutation(text: string, mutation: Mutation): string {
  switch (mutation.op) {
    case 'truncate':
      return text.slice(0, position(text, mutation.at));
    case 'flip': {
      const offset = Math.min(position(text, mutation.at), Math.max(0, text.length - 1));
      return text.slice(0, offset) + String.fromCharCode(mutation.unit) + text.slice(offset + 1);
    }
    case 'insert-tab':
      return splice(text, position(text, mutation.at), '\t');
    case 'delete-line': {
      const line = lineAt(text, mutation.at);
      return text.slice(0, line.start) + text.slice(line.end);
    }
    case 'duplicate-line': {
      // A copied `key: value` line is a duplicate key; a copied instruction a repeated one.
      const line = lineAt(text, mutation.at);
      const copy = text.slice(line.start, line.end);
      return splice(text, line.end, copy.endsWith('\n') ? copy : `\n${copy}`);
    }
    case 'swap-lines': {
      const lines = text.split('\n');
      const a = Math.floor((lines.length * mutation.at) / 10_001);
      const b = Math.floor((lines.length * mutation.other) / 10_001);
      [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
      return lines.join('\n');
    }
    case 'insert-token':
      return splice(text, position(text, mutation.at), mutation.token);
    case 'deep-nesting': {
      const line = lineAt(text, mutation.at);
      const nested = mutation.flow
        ? `deep: ${'['.repeat(mutation.depth)}x${']'.repeat(mutation.depth)}\n`
        : `${Array.from({ length: mutation.depth }, (_, level) => `${' '.repeat(level)}k${level}:`).join('\n')} x\n`;
      return splice(text, line.start, nested);
    }
    case 'huge-scalar': {
      const line = lineAt(text, mutation.at);
      const folded = Array.from({ length: Math.ceil(mutation.size / 80) }, () => `  ${'x'.repeat(78)}`).join('\n');
      return splice(text, line.start, `huge: |\n${folded}\n`);
    }
    case 'long-line':
      return `# ${'y'.repeat(mutation.size)}\n${text}`;
    case 'many-documents':
      return Array.from({ length: mutation.copies }, () => text).join('\n---\n');
    case 'alias-chain': {
      // Each level names the one below several times: a small "billion laughs".
      const levels = [`l0: &l0 [${Array(mutation.fanOut).fill('v').join(', ')}]`];
      for (let level = 1; level < mutation.length; level++) {
        levels.push(
          `l${level}: &l${level} [${Array(mutation.fanOut)
            .fill(`*l${level - 1}`)
            .join(', ')}]`,
        );
      }
      return `${text.replace(/\n?$/, '\n')}${levels.join('\n')}\n`;
    }
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'bom':
      return `\ufeff${text}`;
  }
}

function mutatedSeeds(seeds: readonly Seed[], sizes: SizeBounds): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      seed: fc.constantFrom(...seeds),
      mutations: fc.array(mutationArbitrary(sizes), { minLength: 1, maxLength: 4 }),
      settings,
    })
    .map(({ seed, mutations, settings }) => {
      const text = applyMutations(seed.text, mutations, sizes.maxText);
      const fuzzCase: FuzzCase = {
        generator: 'mutated-example',
        kind: seed.kind,
        text,
        config: settings.config,
        targets: settings.targets,
      };
      if (settings.contextNamespace !== undefined) fuzzCase.contextNamespace = settings.contextNamespace;
      return fuzzCase;
    });
}

/** Every generator by name; the weights favour inputs that reach the rules. */
export function fuzzGenerators(seeds: readonly Seed[], sizes: SizeBounds): Record<string, fc.Arbitrary<FuzzCase>> {
  return {
    'random-text': withSettings('random-text', anyKind, randomText),
    'yaml-soup': withSettings('yaml-soup', fc.constant('manifest'), yamlSoup),
    'dockerfile-soup': withSettings('dockerfile-soup', fc.constant('dockerfile'), dockerfileSoup),
    'generated-manifest': withSettings('generated-manifest', fc.constant('manifest'), generatedManifest),
    'generated-manifest-mutated': withSettings(
      'generated-manifest-mutated',
      fc.constant('manifest'),
      fc
        .tuple(generatedManifest, fc.array(mutationArbitrary(sizes), { minLength: 1, maxLength: 3 }))
        .map(([text, mutations]) => applyMutations(text, mutations, sizes.maxText)),
    ),
    'mutated-example': mutatedSeeds(seeds, sizes),
  };
}

/** One arbitrary drawing from every generator. */
export function fuzzCaseArbitrary(seeds: readonly Seed[], sizes: SizeBounds): fc.Arbitrary<FuzzCase> {
  const generators = fuzzGenerators(seeds, sizes);
  const weights: Record<string, number> = {
    'random-text': 1,
    'yaml-soup': 2,
    'dockerfile-soup': 2,
    'generated-manifest': 3,
    'generated-manifest-mutated': 2,
    'mutated-example': 4,
  };
  return fc.oneof(
    ...Object.entries(generators).map(([name, arbitrary]) => ({ arbitrary, weight: weights[name] ?? 1 })),
  );
}
