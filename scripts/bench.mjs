// Benchmark: generates a corpus (10,000 Kubernetes objects in multi-document files, 1,000
// Dockerfiles), then prints, measured in this run: parse-only time with the engine's parsers,
// full check time through core's checkText, their ratio, the cost of input/schema (the check without it, and
// the first load of one version's schema data), objects per second, peak memory, and
// the whole-process time of `kubectl-lsst check` on one small file against `node -e ''`.
// With --kubeconfig it prints instead, for kubeconfigs of growing size up to the 4 MiB limit and one
// past it: time and peak memory of `context current` (no cache), `context` and `context ns`.
// Usage: node scripts/bench.mjs [--objects N] [--dockerfiles N] [--runs N] | --kubeconfig
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};

// A phase runs in its own process, so that each peak memory figure is its own.
if (process.argv[2] === '--phase') {
  await runPhase(process.argv[3], process.argv[4]);
  process.exit(0);
}

if (process.argv.includes('--kubeconfig')) {
  benchLargeKubeconfigs();
  process.exit(0);
}

const objectCount = option('objects', 10_000);
const dockerfileCount = option('dockerfiles', 1_000);
const runs = option('runs', 21);
const objectsPerFile = 20;

const corpus = mkdtempSync(join(tmpdir(), 'lsst-bench-'));
try {
  const generated = generateCorpus(corpus, objectCount, dockerfileCount);
  const parse = phase('parse', corpus);
  const check = phase('check', corpus);
  const withoutSchema = phase('check-without-schema', corpus);
  const schemaLoad = phase('schema-load', corpus);
  const startUp = measureStartUp(corpus, runs);
  const rows = [
    [
      'corpus',
      `${generated.objects} objects in ${generated.manifestFiles} files (${mib(generated.manifestBytes)}), ${generated.dockerfiles} Dockerfiles`,
    ],
    ['parse only (yaml + dockerfile-ast)', `${parse.ms.toFixed(0)} ms, peak RSS ${mib(parse.maxRss)}`],
    ['full check (checkText)', `${check.ms.toFixed(0)} ms, peak RSS ${mib(check.maxRss)}`],
    ['check / parse', `${(check.ms / parse.ms).toFixed(2)}x (target: at most 1.5x)`],
    ['full check without input/schema', `${withoutSchema.ms.toFixed(0)} ms, peak RSS ${mib(withoutSchema.maxRss)}`],
    [
      'input/schema cost (CPU time of the check)',
      `${check.cpuMs.toFixed(0)} ms against ${withoutSchema.cpuMs.toFixed(0)} ms: ${percent(check.cpuMs, withoutSchema.cpuMs)} (target: at most +25%); wall time ${percent(check.ms, withoutSchema.ms)}; ${check.schemaFindings} input/schema findings`,
    ],
    ['schema data: first load of one version', `${schemaLoad.ms.toFixed(1)} ms (then cached)`],
    ['objects per second (check)', `${Math.round(generated.objects / ((check.manifestMs ?? check.ms) / 1000))}`],
    ['findings', `${check.findings}`],
    [`node -e '' (median of ${runs})`, `${startUp.node.toFixed(1)} ms`],
    [`kubectl-lsst check small.yaml (median of ${runs})`, `${startUp.cli.toFixed(1)} ms`],
    ['start-up ratio', `${(startUp.cli / startUp.node).toFixed(2)}x (target: at most 2x)`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`\nNode ${process.version}, NODE_EXTRA_CA_CERTS unset for the process timings\n`);
  for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
} finally {
  rmSync(corpus, { recursive: true, force: true });
}

function phase(name, folder) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', new URL(import.meta.url).pathname, '--phase', name, folder],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    },
  );
  if (result.status !== 0) throw new Error(`${name} phase failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

async function runPhase(name, folder) {
  const coreRequire = createRequire(join(root, 'packages/core/package.json'));
  const files = readdirSync(folder).sort();
  // Modules load before the clock starts: the figures compare parsing and checking, not start-up.
  const { LineCounter, parseAllDocuments } = coreRequire('yaml');
  const { DockerfileParser } = coreRequire('dockerfile-ast');
  const { checkText, defaultResolvedConfig } = await import('../packages/core/src/index.ts');
  if (name === 'schema-load') {
    const { kubernetesSchema } = await import('../packages/core/src/schema/kubernetes.ts');
    const loadStarted = performance.now();
    kubernetesSchema('1.31');
    console.log(JSON.stringify({ ms: performance.now() - loadStarted }));
    return;
  }
  const config = defaultResolvedConfig();
  const cpuStarted = process.cpuUsage();
  if (name === 'check-without-schema') config.rules['input/schema'] = { severity: 'off' };
  const now = new Date('2025-06-30T00:00:00Z');
  const started = performance.now();
  let manifestMs = 0;
  let findings = 0;
  const byRule = {};
  for (const file of files) {
    const fileStarted = performance.now();
    const text = readFileSync(join(folder, file), 'utf8');
    const isManifest = file.endsWith('.yaml');
    if (name === 'parse') {
      // The same parsers with the same options as the engine.
      if (isManifest) parseAllDocuments(text, { lineCounter: new LineCounter(), version: '1.1', uniqueKeys: true });
      else DockerfileParser.parse(text);
    } else {
      const checked = checkText({ path: file, text }, { config, now }).findings;
      findings += checked.length;
      for (const finding of checked) byRule[finding.rule] = (byRule[finding.rule] ?? 0) + 1;
    }
    if (isManifest) manifestMs += performance.now() - fileStarted;
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const schemaFindings = byRule['input/schema'] ?? 0;
  console.log(
    JSON.stringify({ ms, cpuMs, manifestMs, findings, schemaFindings, maxRss: process.resourceUsage().maxRSS * 1024 }),
  );
}

function percent(value, base) {
  const change = ((value - base) / base) * 100;
  return `${change >= 0 ? '+' : ''}${change.toFixed(0)}%`;
}

function measureStartUp(folder, count) {
  const bin = join(root, 'packages/kubectl-lsst/bin/kubectl-lsst');
  if (!existsSync(join(root, 'packages/kubectl-lsst/dist/cli.cjs'))) {
    spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  }
  const small = join(folder, 'startup', 'small.yaml');
  mkdirSync(join(folder, 'startup'));
  writeFileSync(small, deployment(0, 'web'));
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const time = (command, args) => {
    const started = process.hrtime.bigint();
    spawnSync(command, args, { env, stdio: 'ignore', cwd: join(folder, 'startup') });
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  // The first run writes the code cache; both are warmed once.
  time(process.execPath, ['-e', '']);
  time(bin, ['check', 'small.yaml']);
  const node = [];
  const cli = [];
  // Interleaved, so that a busy moment on the machine hits both alike.
  for (let run = 0; run < count; run++) {
    node.push(time(process.execPath, ['-e', '']));
    cli.push(time(bin, ['check', 'small.yaml']));
  }
  return { node: median(node), cli: median(cli) };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function mib(bytes) {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function generateCorpus(folder, objects, dockerfiles) {
  const makers = [deployment, service, statefulSet, cronJob, role, roleBinding, configMap, daemonSet];
  let made = 0;
  let manifestFiles = 0;
  let manifestBytes = 0;
  while (made < objects) {
    const documents = [];
    for (let index = 0; index < objectsPerFile && made < objects; index++, made++) {
      documents.push(makers[made % makers.length](made, `app-${Math.floor(made / objectsPerFile)}`));
    }
    const text = documents.join('---\n');
    writeFileSync(join(folder, `bundle-${String(manifestFiles).padStart(5, '0')}.yaml`), text);
    manifestFiles += 1;
    manifestBytes += Buffer.byteLength(text);
  }
  for (let index = 0; index < dockerfiles; index++) {
    writeFileSync(join(folder, `service-${String(index).padStart(5, '0')}.Dockerfile`), dockerfile(index));
  }
  return { objects: made, manifestFiles, manifestBytes, dockerfiles };
}

function container(index, name) {
  const images = [
    'nginx:1.27.0',
    'python:3.12-slim',
    'lsstsqre/centos:7',
    'postgres',
    `redis:7.2@sha256:${'a'.repeat(64)}`,
  ];
  return `        - name: ${name}
          image: ${images[index % images.length]}
          imagePullPolicy: IfNotPresent
          args: ["--port", "8080", "--log-level", "info"]
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef: { name: ${name}-db, key: url }
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { cpu: "1", memory: 512Mi }
          readinessProbe:
            httpGet: { path: /healthz, port: http }
            periodSeconds: 10
          volumeMounts:
            - name: data
              mountPath: /data
${index % 3 === 0 ? '          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n' : ''}`;
}

function podSpec(index, name, indent) {
  const spec = `securityContext:
  runAsNonRoot: ${index % 2 === 0}
  runAsUser: 1000
containers:
${container(index, name).replace(/^ {8}/gm, '')}${index % 4 === 0 ? `initContainers:\n${container(index + 1, `${name}-init`).replace(/^ {8}/gm, '')}` : ''}volumes:
  - name: data
    persistentVolumeClaim: { claimName: ${name}-data }
`;
  return spec.replace(/^/gm, ' '.repeat(indent)).replace(/^\s+$/gm, '');
}

function metadata(index, name) {
  return `metadata:
  name: ${name}-${index}
  namespace: team-${index % 7}
  labels:
    app.kubernetes.io/name: ${name}
    app.kubernetes.io/part-of: rubin
  annotations:
    description: "generated object ${index}"
`;
}

function deployment(index, name) {
  return `apiVersion: apps/v1
kind: Deployment
${metadata(index, name)}spec:
  replicas: 2
  selector:
    matchLabels: { app.kubernetes.io/name: ${name} }
  template:
    metadata:
      labels: { app.kubernetes.io/name: ${name} }
    spec:
${podSpec(index, name, 6)}`;
}

function daemonSet(index, name) {
  return deployment(index, name).replace('kind: Deployment', 'kind: DaemonSet').replace('  replicas: 2\n', '');
}

function statefulSet(index, name) {
  return `apiVersion: apps/v1
kind: StatefulSet
${metadata(index, name)}spec:
  serviceName: ${name}
  replicas: 3
  selector:
    matchLabels: { app.kubernetes.io/name: ${name} }
  template:
    metadata:
      labels: { app.kubernetes.io/name: ${name} }
    spec:
${podSpec(index, name, 6)}  volumeClaimTemplates:
    - metadata: { name: data }
      spec:
        accessModes: [ReadWriteOnce]
        resources: { requests: { storage: 10Gi } }
`;
}

function cronJob(index, name) {
  return `apiVersion: ${index % 5 === 0 ? 'batch/v1beta1' : 'batch/v1'}
kind: CronJob
${metadata(index, name)}spec:
  schedule: "*/15 * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      backoffLimit: 2
      template:
        spec:
          restartPolicy: OnFailure
${podSpec(index, name, 10)}`;
}

function service(index, name) {
  return `apiVersion: v1
kind: Service
${metadata(index, name)}spec:
  type: ${index % 6 === 0 ? 'NodePort' : 'ClusterIP'}
  selector: { app.kubernetes.io/name: ${name} }
  ports:
    - name: http
      port: 80
      targetPort: http
`;
}

function role(index, name) {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ${index % 4 === 0 ? 'ClusterRole' : 'Role'}
${metadata(index, name)}rules:
  - apiGroups: [""]
    resources: [configmaps, secrets]
    verbs: [get, list, watch]
  - apiGroups: [apps]
    resources: [deployments]
    verbs: ${index % 8 === 0 ? '["*"]' : '[get, list]'}
`;
}

function roleBinding(index, name) {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
${metadata(index, name)}roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ${name}-${index - 1}
subjects:
  - kind: ServiceAccount
    name: ${name}
    namespace: team-${index % 7}
`;
}

function configMap(index, name) {
  return `apiVersion: v1
kind: ConfigMap
${metadata(index, name)}data:
  settings.yaml: |
    logLevel: info
    workers: ${index % 16}
    features: [alpha, beta]
  # a comment between keys
  endpoint: https://api.example.org/v${index % 3}
`;
}

function dockerfile(index) {
  const bases = ['python:3.12-slim', 'node:20-bookworm', 'debian:12', 'centos:7', 'lsstsqre/centos:7-stack', 'ubuntu'];
  const base = bases[index % bases.length];
  return `# syntax=docker/dockerfile:1
ARG BASE=${base}
FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/service-${index} ./cmd/service

FROM \${BASE}
LABEL org.opencontainers.image.source="https://github.com/example/service-${index}"
RUN apt-get update && apt-get install -y ca-certificates curl${index % 2 === 0 ? ' && rm -rf /var/lib/apt/lists/*' : ''}
${index % 5 === 0 ? 'RUN curl -fsSL https://example.org/install.sh | sh\n' : ''}COPY --from=build /out/service-${index} /usr/local/bin/service
ENV PORT=8080
EXPOSE 8080
${index % 3 === 0 ? '' : 'USER 1000\n'}HEALTHCHECK CMD curl -f http://localhost:8080/healthz || exit 1
ENTRYPOINT ["/usr/local/bin/service"]
`;
}

/** A kubeconfig of `count` clusters, users (with a token each) and contexts, as a large organisation's. */
function largeKubeconfig(count) {
  const parts = ['apiVersion: v1\nkind: Config\ncurrent-context: ctx-0\nclusters:\n'];
  for (let index = 0; index < count; index++) {
    parts.push(
      `- name: cluster-${index}\n  cluster:\n    server: https://k8s-${index}.example.org:6443\n    certificate-authority-data: ${'QUJD'.repeat(20)}\n`,
    );
  }
  parts.push('contexts:\n');
  for (let index = 0; index < count; index++) {
    parts.push(
      `- name: ctx-${index}\n  context:\n    cluster: cluster-${index}\n    user: user-${index}\n    namespace: ns-${index}\n`,
    );
  }
  parts.push('users:\n');
  for (let index = 0; index < count; index++) {
    parts.push(`- name: user-${index}\n  user:\n    token: token-${index}-${'x'.repeat(40)}\n`);
  }
  return parts.join('');
}

function benchLargeKubeconfigs() {
  const bin = join(root, 'packages/kubectl-lsst/bin/kubectl-lsst');
  if (!existsSync(join(root, 'packages/kubectl-lsst/dist/cli.cjs'))) {
    spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  }
  const folder = mkdtempSync(join(tmpdir(), 'lsst-bench-kubeconfig-'));
  const rows = [];
  try {
    for (const count of [1_000, 4_000, 10_000, 12_000]) {
      const path = join(folder, `config-${count}`);
      writeFileSync(path, largeKubeconfig(count));
      const size = readFileSync(path).length;
      const env = { ...process.env, HOME: folder, KUBECONFIG: path, XDG_CACHE_HOME: join(folder, `cache-${count}`) };
      const run = (args) => {
        const started = performance.now();
        // GNU time's %M: the peak resident memory of the command, in KiB.
        const result = spawnSync('/usr/bin/time', ['-f', '%M', bin, ...args], { env, encoding: 'utf8', cwd: folder });
        const ms = performance.now() - started;
        const peakKib = Number(result.stderr.trim().split('\n').pop());
        const outcome = result.status === 0 ? '' : ` (exit ${result.status})`;
        return `${(ms / 1000).toFixed(2)} s, ${mib(peakKib * 1024)}${outcome}`;
      };
      rows.push([`${count} contexts (${mib(size)}): context current`, run(['context', 'current'])]);
      rows.push([`${count} contexts (${mib(size)}): context`, run(['context'])]);
      rows.push([`${count} contexts (${mib(size)}): context ns`, run(['context', 'ns', 'bench', '--no-check'])]);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  let width = 0;
  for (const [name] of rows) width = Math.max(width, name.length);
  console.log(`\nNode ${process.version}, kubeconfigs up to the 4 MiB limit and one past it (refused)\n`);
  for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
}
