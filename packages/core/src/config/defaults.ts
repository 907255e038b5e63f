// The embedded defaults: the guidelines (DMTN-095) as written, so that everything works with no file at all.
import { movingTagPatterns } from '../data/moving-tags.ts';
import { defaultTrustedLocations } from '../data/organisation-registries.ts';
import { defaultExclude } from './exclude.ts';
import type { Config } from './model.ts';

/** Limits on one checked file, so that a hostile or broken input cannot exhaust the checker. */
export const defaultLimits = {
  /** 10 MiB: far above any hand-written manifest, small enough to hold in memory twice. */
  maxFileSize: 10 * 1024 * 1024,
  /** A generated bundle (a Helm chart rendered whole) stays well below ten thousand objects. */
  maxDocuments: 10_000,
  /** Kubernetes objects nest about 15 levels; 100 stops runaway recursion early. */
  maxDepth: 100,
  /** Bounds alias expansion ("billion laughs") while allowing ordinary anchors. */
  maxAliasCount: 100,
  /** Longer lines are minified or binary data, not manifests. */
  maxLineLength: 100_000,
} as const;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The configuration used when no `.lsst.yaml` is found, and the base every file is merged onto.
 * Four independent clusters on independent versions, after the guidelines' picture (1.1); no
 * cluster matches a kube context until a file says how (`match`). Frozen: copy before changing.
 */
export const defaultConfig: Config = deepFreeze({
  clusters: [
    { name: 'dev', role: 'development', kubernetesVersion: '1.31' },
    { name: 'test', role: 'testing', kubernetesVersion: '1.32' },
    { name: 'preprod', role: 'pre-production', kubernetesVersion: '1.30' },
    { name: 'prod', role: 'production', kubernetesVersion: '1.29' },
  ],
  targets: ['dev'],
  registries: {
    local: [],
    trustedDockerHubOrganizations: ['lsstsqre', 'lsst'],
    trusted: defaultTrustedLocations(),
  },
  // Guideline 1.2.5, in its order.
  fileSets: [
    { path: '/project', access: 'read-write', audience: 'all', scope: 'group' },
    { path: '/project/shared', access: 'read-only', audience: 'all', scope: 'shared' },
    { path: '/datasets', access: 'read-only', audience: 'all' },
    { path: '/scratch', access: 'read-write', audience: 'developers', purged: true },
    { path: '/jhome', access: 'read-write', audience: 'all', scope: 'user' },
    { path: '/software', access: 'read-only', audience: 'developers' },
  ],
  namespaces: { science: [] },
  rules: {},
  exemptions: [],
  portRequests: { namespace: 'lsst-port-requests' },
  limits: { ...defaultLimits },
  helm: { timeoutSeconds: 120, set: {}, namespaces: {}, environments: {} },
  images: {
    movingTags: movingTagPatterns(),
    baseImageUsers: {},
    developmentOnly: developmentOnlyGlobs(),
    // Images whose purpose is building software, by the names such images are given: DMTN-095 1.2.1 asks for no
    // compiler "when all you need is a running service", and a package builder or a development environment needs one.
    buildImages: buildImageGlobs(),
  },
  // The Gafaelfawr operator turns each GafaelfawrIngress into an Ingress (https://gafaelfawr.lsst.io) of class
  // nginx, the class of the shared ingress-nginx controller that Phalanx installs on each cluster
  // (applications/ingress-nginx); its ports 80 and 443 are the cluster's public entry, approved with the cluster.
  network: {
    ingressKinds: ['GafaelfawrIngress.gafaelfawr.lsst.io'],
    sharedIngressClasses: ['nginx'],
    defaultIngressClass: 'nginx',
  },
  manifests: [],
  // Test data: what a repository's own tests load (an operator's expected inputs and outputs, fixtures), never
  // deployed. The folder names that test runners and languages use for it: pytest and most Python projects
  // (tests), Go (testdata), Jest (__tests__), and fixtures, test-data, test_data by convention.
  exclude: [...defaultExclude],
  // Refuse where it matters, warn (and record in the audit log) elsewhere.
  admission: {
    validationActions: {
      production: ['Deny'],
      'pre-production': ['Deny'],
      testing: ['Warn', 'Audit'],
      development: ['Warn', 'Audit'],
    },
  },
  customResourceDefinitions: [],
});

/**
 * Images never deployed, by the names such images are given: dev containers, and the images a repository's CI
 * runs its test suite in (`Dockerfile.pytest`, `test.Dockerfile`). Not `testing`, which may name a cluster's image.
 */
export function developmentOnlyGlobs(): string[] {
  return [
    '**/.devcontainer/**',
    ...['test', 'tests', 'pytest'].flatMap((name) => [`**/Dockerfile.${name}`, `**/${name}.Dockerfile`]),
  ];
}

/** Folders and files named for images that build software: `conda_builder/`, `develop-env/`, `ci-builder.Dockerfile`. */
export function buildImageGlobs(): string[] {
  return [
    '**/*builder*/**',
    '**/*builder*.Dockerfile',
    '**/Dockerfile.*builder*',
    '**/develop-env/**',
    '**/dev-env/**',
    '**/build-env/**',
  ];
}
