// Every example, every rule test case and every rule-doc example, then generated objects: the exported
// policies deny exactly what the engine reports as an error for an exported rule.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { proseExamples, readProse } from '../../scripts/generate-rule-docs.ts';
import { defaultResolvedConfig, mergeConfig } from '../config/load.ts';
import type { ClusterConfig, Config } from '../config/model.ts';
import { resolveTargets } from '../config/targets.ts';
import { parseManifest } from '../documents/yaml.ts';
import { rulesByName } from '../rules/index.ts';
import type { Rule } from '../rules/rule.ts';
import { caseCheckOptions, collectRuleCases, type RuleCases } from '../rules/testing/rule-tester.ts';
import { compareWithEngine, type Disagreement } from './equivalence.ts';
import { deniedBy, evaluatePolicies } from './evaluate.ts';
import { objectJson } from './object-json.ts';
import { approvedPortsConfigMap, exportPolicies } from './policies.ts';

/** The rules exported so far, with the test files that hold their cases. */
const exportedRules: Record<string, string> = {
  'security/no-privilege-escalation': '../rules/security/no-privilege-escalation.test.ts',
  'security/run-as-non-root': '../rules/security/run-as-non-root.test.ts',
  'namespace/explicit': '../rules/namespace/explicit.test.ts',
  'rbac/least-privilege': '../rules/rbac/least-privilege.test.ts',
  'filesets/allowed-paths': '../rules/filesets/allowed-paths.test.ts',
  'filesets/read-only': '../rules/filesets/read-only.test.ts',
  'network/public-exposure': '../rules/network/public-exposure.test.ts',
  'rbac/namespace-scoped': '../rules/rbac/namespace-scoped.test.ts',
  'image/trusted-source': '../rules/image/trusted-source.test.ts',
  'image/local-registry': '../rules/image/local-registry.test.ts',
  'image/pinned': '../rules/image/pinned.test.ts',
};
const rules = Object.keys(exportedRules).map((name) => rulesByName.get(name) as Rule);
const examples = fileURLToPath(new URL('../../../../examples/', import.meta.url));

function describeDisagreements(disagreements: Disagreement[]): string {
  return disagreements
    .map(
      (item) =>
        `${item.rule} on ${item.object}: ${item.side === 'engine only' ? 'the engine reports an error the policy admits' : 'the policy denies what the engine admits'} (${item.detail})`,
    )
    .join('\n');
}

/** Every string of a text shaped like a port request id (a made-up one too): approving them all lets the matching decide. */
function idsIn(text: string): string[] {
  return [...new Set(text.match(/[a-z0-9-]+\.[a-z0-9-]+\.\d{1,5}-(?:tcp|udp)/g) ?? [])];
}

/** Compares with no port request approved, then with every id the text names approved. */
function assertAgree(text: string, options: Parameters<typeof compareWithEngine>[1]): number {
  let objects = 0;
  for (const approvedPorts of [[], idsIn(text)]) {
    const compared = compareWithEngine(text, { ...options, approvedPorts });
    assert.deepEqual(
      compared.disagreements,
      [],
      `${describeDisagreements(compared.disagreements)}\napproved: ${approvedPorts.join(', ') || 'none'}`,
    );
    objects = compared.objects;
  }
  return objects;
}

describe('exported policies deny exactly what the engine reports as errors', () => {
  test('the examples', () => {
    let objects = 0;
    for (const folder of ['bad', 'good']) {
      for (const file of readdirSync(join(examples, folder)).filter((name) => name.endsWith('.yaml'))) {
        const text = readFileSync(join(examples, folder, file), 'utf8');
        objects += assertAgree(text, { config: defaultResolvedConfig(), now: new Date('2026-11-27T12:00:00Z'), rules });
      }
    }
    assert.ok(objects > 5, `only ${objects} objects compared`);
  });

  test('every test case of the exported rules', async () => {
    const collected = await collectRuleCases(async () => {
      for (const file of Object.values(exportedRules)) await import(file);
    });
    assert.deepEqual([...new Set(collected.map((entry) => entry.rule.name))].sort(), Object.keys(exportedRules).sort());
    let objects = 0;
    for (const { cases } of collected as { cases: RuleCases }[]) {
      for (const raw of [...cases.valid, ...cases.invalid]) {
        const options = typeof raw === 'string' ? { text: raw } : raw;
        if (options.kind === 'dockerfile' || options.contextNamespace !== undefined) continue;
        objects += assertAgree(options.text, { ...caseCheckOptions(options), rules });
      }
    }
    assert.ok(objects > 25, `only ${objects} objects compared`);
  });

  test('every example in the docs of the exported rules', () => {
    let objects = 0;
    for (const rule of rules) {
      const { incorrect, correct } = proseExamples(readProse(rule));
      for (const example of [...incorrect, ...correct]) {
        if (example.kind === 'dockerfile') continue;
        const config = example.config
          ? mergeConfig(defaultResolvedConfig(), example.config as never)
          : defaultResolvedConfig();
        objects += assertAgree(example.text, {
          config,
          now: new Date('2026-11-27T12:00:00Z'),
          rules,
          ...(example.targets ? { targets: example.targets } : {}),
        });
      }
    }
    assert.ok(objects >= rules.length * 2, `only ${objects} objects compared`);
  });
});

describe('every port an object opens needs its own approved request', () => {
  const service = (ids: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: science
  annotations: { lsst.io/port-request: "${ids}" }
spec:
  type: LoadBalancer
  ports: [{ port: 80 }, { port: 443, protocol: TCP }, { port: 53, protocol: UDP }]
`;
  const pod = (ids: string) => `apiVersion: v1
kind: Pod
metadata:
  name: probe
  namespace: science
  annotations: { lsst.io/port-request: "${ids}" }
spec:
  containers:
    - name: probe
      image: lsstsqre/app:1.0
      securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false }
      ports: [{ containerPort: 9100, hostPort: 9100 }, { containerPort: 53, hostPort: 53, protocol: UDP }]
`;
  const config = defaultResolvedConfig();
  const now = new Date('2026-11-27T12:00:00Z');
  const publicExposure = [rulesByName.get('network/public-exposure') as Rule];
  const deniedWith = (text: string, approved: readonly string[]) => {
    const exported = exportPolicies({
      config,
      target: { ...(resolveTargets(config, {})[0] as ClusterConfig), kubernetesVersion: '1.31' },
      rules: publicExposure,
      action: 'deny',
      now,
    });
    const params = [
      {
        ...approvedPortsConfigMap(config.portRequests.namespace),
        data: Object.fromEntries(approved.map((id) => [id, 'approved'])),
      },
    ];
    const object = parseManifest(text, config.limits).documents[0]?.objects[0];
    assert.ok(object);
    return deniedBy(evaluatePolicies(exported.objects, { object: objectJson(object), params })).length > 0;
  };
  for (const [what, manifest, ids] of [
    ['a Service with three ports', service, ['science.web.80-tcp', 'science.web.443-tcp', 'science.web.53-udp']],
    ['a Pod with two hostPorts', pod, ['science.probe.9100-tcp', 'science.probe.53-udp']],
  ] as const) {
    test(`${what}: admitted only when every port has an approved request, and the engine agrees`, () => {
      // Each subset of the ports named in the annotation, and each subset of those approved.
      for (const named of subsets(ids).filter((subset) => subset.length > 0)) {
        const text = manifest(named.join(', '));
        for (const approved of subsets(named)) {
          const compared = compareWithEngine(text, { config, now, rules, approvedPorts: approved });
          assert.deepEqual(compared.disagreements, [], describeDisagreements(compared.disagreements));
          const admitted = approved.length === ids.length;
          assert.equal(
            deniedWith(text, approved),
            !admitted,
            `named: ${named.join(', ')}; approved: ${approved.join(', ')}`,
          );
        }
      }
    });
  }
});

/** Every subset of a short list. */
function subsets<T>(items: readonly T[]): T[][] {
  const all: T[][] = [[]];
  for (const item of items) for (const subset of all.slice()) all.push([...subset, item]);
  return all;
}

// Generated objects: workloads with every combination of the settings the exported rules read.
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const compact = (entries: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));

const capability = fc.constantFrom(
  'NET_BIND_SERVICE',
  'cap_net_bind_service',
  ' CAP_NET_BIND_SERVICE ',
  'SYS_ADMIN',
  'NET_ADMIN',
);
const securityContext = fc
  .record({
    privileged: optional(fc.boolean()),
    allowPrivilegeEscalation: optional(fc.boolean()),
    runAsUser: optional(fc.constantFrom(0, 1000)),
    runAsNonRoot: optional(fc.boolean()),
    capabilities: optional(fc.record({ add: fc.uniqueArray(capability, { maxLength: 2 }) })),
  })
  .map(compact);
const volumeMount = fc
  .record({
    name: fc.constantFrom('data', 'logs'),
    mountPath: fc.constant('/mnt'),
    readOnly: optional(fc.boolean()),
    subPath: optional(fc.constantFrom('shared', 'shared/x', '', 'a')),
  })
  .map(compact);
const container = fc
  .record({
    name: fc.constantFrom('app', 'sidecar', 'init'),
    securityContext: optional(securityContext),
    volumeMounts: optional(fc.uniqueArray(volumeMount, { maxLength: 2, selector: (item) => item.name })),
    ports: optional(
      fc.array(
        fc
          .record({
            containerPort: fc.constant(8080),
            hostPort: optional(fc.constantFrom(0, 443, 8080, 80)),
            protocol: optional(fc.constantFrom('TCP', 'UDP')),
          })
          .map(compact),
        { maxLength: 2 },
      ),
    ),
  })
  .map(compact);
const ignoreValue = fc.constantFrom(
  'security/run-as-non-root -- the image drops to its own user',
  'security/no-privilege-escalation,namespace/explicit -- vendor chart',
  'namespace/explicit -- reviewed until 2020-01-01',
  'security/no-privilege-escalation -- debugging until 2099-12-31',
  'image/pinned -- not ours',
  'security/run-as-non-root',
  'network/public-exposure -- behind the VPN',
  'image/pinned,image/trusted-source -- vendor image',
);
/** Port request ids: matching, for another namespace, Service, port or protocol, malformed, several. */
const portRequestIds = [
  'science.web.443-tcp',
  'science.web.80-tcp',
  'xray.web.443-tcp',
  'science.other.443-tcp',
  'science.web.443-udp',
  'science.web.0443-tcp',
  'science.web.8080-tcp',
  'science.xapp.443-tcp',
  'science.web.80-udp',
  'science.xapp.80-tcp',
  'science.node-exporter.8080-tcp',
];
const portRequestValue = fc.oneof(
  fc.constantFrom(...portRequestIds),
  fc.constantFrom(
    'science.web.80-tcp, science.web.443-tcp',
    'science.web.80-tcp,science.web.80-udp',
    'science.web.443-tcp, science.web.80-udp, science.web.80-tcp',
    'science.xapp.443-tcp,science.xapp.80-tcp',
    'science.node-exporter.8080-tcp,science.node-exporter.443-tcp',
    ' , ',
    'bogus',
    'science.web.443-tcp,',
    'Science.web.443-tcp',
  ),
);
const podSpec = fc
  .record({
    hostPID: optional(fc.boolean()),
    hostIPC: optional(fc.boolean()),
    hostNetwork: optional(fc.boolean()),
    os: optional(fc.constantFrom({ name: 'windows' }, { name: 'linux' })),
    securityContext: optional(
      fc.record({ runAsUser: optional(fc.constantFrom(0, 1000)), runAsNonRoot: optional(fc.boolean()) }).map(compact),
    ),
    containers: fc.uniqueArray(container, { minLength: 1, maxLength: 2, selector: (item) => item.name }),
    volumes: optional(
      fc
        .array(
          fc.record({
            name: fc.constantFrom('data', 'logs'),
            source: fc.constantFrom('hostPath', 'nfs'),
            path: fc.constantFrom(
              '/datasets/hsc',
              '/project',
              '/projects',
              '/etc',
              '/',
              '//datasets/./a',
              '/var/run/docker.sock',
              'datasets',
              '/jhome/u1/',
            ),
          }),
          { maxLength: 2 },
        )
        .map((list) =>
          list.map((item) => ({
            name: item.name,
            [item.source]: item.source === 'nfs' ? { server: 'nfs.example.org', path: item.path } : { path: item.path },
          })),
        ),
    ),
    initContainers: optional(
      fc.array(container, { maxLength: 1 }).map((list) => list.map((item) => ({ ...item, name: `${item.name}-init` }))),
    ),
  })
  .map(compact);
const metadata = fc
  .record({
    name: fc.constantFrom('web', 'xapp', 'node-exporter'),
    namespace: optional(fc.constantFrom('default', 'kube-system', 'xray', 'science')),
    annotations: optional(
      fc
        .record({ whole: optional(ignoreValue), sidecar: optional(ignoreValue), request: optional(portRequestValue) })
        .map((value) =>
          compact({
            'lsst.io/ignore': value.whole,
            'lsst.io/ignore.sidecar': value.sidecar,
            'lsst.io/port-request': value.request,
          }),
        ),
    ),
  })
  .map(compact);
/** Images of every source and pinning the image rules tell apart (the first is the common, clean one). */
const images = [
  'lsstsqre/app:1.0',
  'python:3.12',
  'python',
  'docker.io/library/python:latest',
  'index.docker.io/lsstsqre/app:w_latest',
  'LSSTsqre/app:main',
  'evil/app:1.0',
  'quay.io/evil/app:1.0@sha256:abcd',
  'registry.example.org/dockerhub/library/python:3.12',
  'Registry.Example.org/team/app:2',
  'registry.example.org:5000/team/app:2',
  'ghcr.io/LSST/app:1.0',
  'ghcr.io/lsst-sqre/app:weekly',
  'public.ecr.aws/docker/library/python:3.12',
  'localhost/app:1',
  'lsst-kub001:5000/alert_stream:1',
  '192.168.0.5:5000/app:1',
  '172.32.1.1:5000/app:1',
  'registry.kube-system.svc:5000/app:1',
  'registry.local.example.org/app:1',
  ' python:3.12 ',
  'app:v1-latest',
  'nginx:alpine',
  'debian:bookworm',
  'foo/:x',
  'library/python:3@sha256:0123',
  '$(IMAGE)',
];
const image = (spec: Record<string, unknown>, chosen: readonly number[]) => {
  let next = 0;
  const withImage = (item: Record<string, unknown>) => ({
    ...item,
    image: images[chosen[next++ % chosen.length] ?? 0],
  });
  return {
    ...spec,
    containers: (spec.containers as Record<string, unknown>[]).map(withImage),
    ...(spec.initContainers
      ? { initContainers: (spec.initContainers as Record<string, unknown>[]).map(withImage) }
      : {}),
  };
};
const imageChoice = fc.array(fc.oneof(fc.constant(0), fc.nat(images.length - 1)), { minLength: 1, maxLength: 3 });
const workload = fc.oneof(
  fc.record({ metadata, spec: podSpec, images: imageChoice }).map((value) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: value.metadata,
    spec: image(value.spec, value.images),
  })),
  fc.record({ metadata, spec: podSpec, images: imageChoice }).map((value) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: value.metadata,
    spec: {
      selector: { matchLabels: { app: 'a' } },
      template: { metadata: { labels: { app: 'a' } }, spec: image(value.spec, value.images) },
    },
  })),
  fc.record({ metadata, spec: podSpec, images: imageChoice }).map((value) => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: value.metadata,
    spec: {
      schedule: '@daily',
      jobTemplate: { spec: { template: { spec: { ...image(value.spec, value.images), restartPolicy: 'Never' } } } },
    },
  })),
  metadata.map((value) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: value, data: { a: 'b' } })),
  fc
    .record({
      metadata,
      kind: fc.constantFrom('RoleBinding', 'ClusterRoleBinding'),
      roleKind: fc.constantFrom('ClusterRole', 'Role'),
      roleName: fc.constantFrom('cluster-admin', 'admin', 'edit', 'view'),
      subjects: fc.uniqueArray(
        fc.constantFrom(
          { kind: 'User', name: 'alice' },
          { kind: 'Group', name: 'system:authenticated' },
          { kind: 'Group', name: 'system:masters' },
          { kind: 'Group', name: 'system:serviceaccounts:kube-system' },
          { kind: 'Group', name: 'system:serviceaccounts:science' },
          { kind: 'User', name: 'system:serviceaccount:kube-system:ctrl' },
          { kind: 'ServiceAccount', name: 'ctrl', namespace: 'kube-system' },
          { kind: 'ServiceAccount', name: 'app', namespace: 'science' },
        ),
        { maxLength: 2, selector: (item) => `${item.kind}/${item.name}` },
      ),
    })
    .map((value) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: value.kind,
      metadata: value.kind === 'ClusterRoleBinding' ? { ...value.metadata, namespace: undefined } : value.metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: value.roleKind, name: value.roleName },
      subjects: value.subjects.map((subject) =>
        subject.kind === 'ServiceAccount' ? subject : { apiGroup: 'rbac.authorization.k8s.io', ...subject },
      ),
    })),
  fc
    .record({
      metadata,
      type: optional(fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer')),
      ports: fc.uniqueArray(
        fc.record({ port: fc.constantFrom(80, 443), protocol: optional(fc.constantFrom('TCP', 'UDP')) }).map(compact),
        { minLength: 1, maxLength: 3, selector: (item) => `${item.port}/${item.protocol ?? 'TCP'}` },
      ),
      externalIPs: optional(fc.constantFrom([], ['192.0.2.10'])),
    })
    .map((value) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: value.metadata,
      spec: compact({ type: value.type, ports: value.ports, externalIPs: value.externalIPs, selector: { app: 'a' } }),
    })),
  fc
    .record({
      metadata,
      backends: fc.uniqueArray(fc.constantFrom('web', 'other'), { maxLength: 2 }),
      defaultBackend: fc.boolean(),
      group: fc.constantFrom('networking.k8s.io', 'gafaelfawr.lsst.io'),
      ingressClassName: optional(fc.constantFrom('nginx', 'private', '')),
      classAnnotation: optional(fc.constantFrom('nginx', 'private')),
    })
    .map((value) => {
      const backend = (name: string) => ({ service: { name, port: { number: 80 } } });
      const spec = compact({
        ingressClassName: value.ingressClassName,
        ...(value.defaultBackend && value.backends[0] ? { defaultBackend: backend(value.backends[0]) } : {}),
        rules: [
          {
            host: 'www.example.org',
            http: {
              paths: value.backends.map((name) => ({ path: `/${name}`, pathType: 'Prefix', backend: backend(name) })),
            },
          },
        ],
      });
      const classAnnotation = value.classAnnotation ? { 'kubernetes.io/ingress.class': value.classAnnotation } : {};
      const withClass = {
        ...value.metadata,
        annotations: { ...((value.metadata.annotations as object | undefined) ?? {}), ...classAnnotation },
      };
      return value.group === 'networking.k8s.io'
        ? { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: withClass, spec }
        : {
            apiVersion: 'gafaelfawr.lsst.io/v1alpha1',
            kind: 'GafaelfawrIngress',
            metadata: value.metadata,
            config: { scopes: { all: ['read:all'] } },
            template: { metadata: { name: value.metadata.name, annotations: classAnnotation }, spec },
          };
    }),
  fc
    .record({
      name: fc.constantFrom('pv-a', 'pv-b'),
      path: fc.constantFrom('/datasets/hsc', '/etc', '/scratch/x', '/home/u'),
      source: fc.constantFrom('hostPath', 'nfs'),
    })
    .map((value) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: value.name },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadOnlyMany'],
        [value.source]: value.source === 'nfs' ? { server: 'nfs.example.org', path: value.path } : { path: value.path },
      },
    })),
  fc
    .record({
      metadata,
      kind: fc.constantFrom('Role', 'ClusterRole'),
      rules: fc.array(
        fc
          .record({
            apiGroups: optional(fc.uniqueArray(fc.constantFrom('', '*', 'apps'), { maxLength: 2 })),
            resources: optional(fc.uniqueArray(fc.constantFrom('pods', 'secrets', '*'), { maxLength: 2 })),
            verbs: fc.uniqueArray(fc.constantFrom('get', 'list', 'watch', 'create', '*', 'bind', 'escalate'), {
              minLength: 1,
              maxLength: 3,
            }),
            resourceNames: optional(fc.constantFrom(['db-password'], [])),
          })
          .map(compact),
        { maxLength: 2 },
      ),
    })
    .map((value) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: value.kind,
      metadata: value.kind === 'ClusterRole' ? { ...value.metadata, namespace: undefined } : value.metadata,
      rules: value.rules,
    })),
);
const configs: Partial<Config>[] = [
  {},
  {
    targets: ['dev', 'prod'],
    registries: {
      local: ['registry.example.org/team', 'registry.example.org:5000'],
      mirror: 'registry.example.org/dockerhub',
      trustedDockerHubOrganizations: ['LSSTsqre'],
      trusted: ['ghcr.io/lsst'],
    },
    images: { movingTags: ['latest', 'main', 'w_*', '*[-_]latest'] },
    network: { sharedIngressClasses: ['nginx', 'shared'], defaultIngressClass: 'private' },
  } as never,
  { network: { sharedIngressClasses: [] } } as never,
  { targets: ['preprod'], rules: { 'image/pinned': { severity: 'error' } } } as never,
  { rules: { 'security/no-privilege-escalation': { severity: 'error' } } } as never,
  { rules: { 'security/run-as-non-root': { severity: 'error', suppressible: false } } } as never,
  { rules: { 'rbac/least-privilege': { severity: 'error' }, 'rbac/namespace-scoped': { severity: 'error' } } } as never,
  {
    exemptions: [
      { rule: 'security/run-as-non-root', namespace: 'x*', kind: 'Deployment', reason: 'vendor image' },
      { rule: 'security/no-privilege-escalation', container: 'side*', reason: 'needs ptrace' },
      { rule: 'namespace/explicit', name: 'node-{exporter,agent}', reason: 'node agent', until: '2099-01-01' },
      { rule: 'namespace/explicit', name: 'web', reason: 'ended', until: '2020-01-01' },
      { rule: 'network/public-exposure', container: 'side*', reason: 'node agent port' },
      { rule: 'network/public-exposure', namespace: 'xray', kind: 'Service', reason: 'behind the firewall' },
    ],
  } as never,
];

test('generated objects: the policies deny exactly what the engine reports', () => {
  fc.assert(
    fc.property(
      fc.array(workload, { minLength: 1, maxLength: 3 }),
      fc.constantFrom(...configs.keys()),
      fc.subarray(portRequestIds),
      (objects, which, approvedPorts) => {
        const text = objects.map((object) => stringify(object)).join('---\n');
        const config = mergeConfig(defaultResolvedConfig(), configs[which] as never);
        const { disagreements } = compareWithEngine(text, {
          config,
          now: new Date('2026-11-27T12:00:00Z'),
          rules,
          approvedPorts,
        });
        assert.deepEqual(
          disagreements,
          [],
          `${describeDisagreements(disagreements)}\nconfig ${which}, approved ${approvedPorts.join(', ')}:\n${text}`,
        );
      },
    ),
    { numRuns: 300, seed: 18 },
  );
});
