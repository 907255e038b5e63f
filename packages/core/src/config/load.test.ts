import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultTrustedLocations } from '../data/organisation-registries.ts';
import { defaultConfig } from './defaults.ts';
import { ConfigError } from './errors.ts';
import { loadConfig, mergeConfig, validateConfigText } from './load.ts';

const knownRules = ['image/pinned', 'image/trusted-source', 'security/run-as-non-root', 'filesets/allowed-paths'];

/** The one problem of a text, as `line:column message`. */
function onlyProblem(text: string): { line: number; column: number; message: string } {
  const { problems } = validateConfigText(text, { knownRules });
  assert.equal(problems.length, 1, `expected one problem, got ${JSON.stringify(problems, null, 2)}`);
  const [problem] = problems;
  assert.ok(problem);
  return { line: problem.line, column: problem.column, message: problem.message };
}

function loadError(text: string, file = '.lsst.yaml'): ConfigError {
  try {
    loadConfig(text, { file, knownRules });
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the configuration to be rejected');
}

describe('loadConfig: valid files', () => {
  it('uses the defaults for an empty file or one with only comments', () => {
    for (const text of ['', '# nothing here\n', '---\n']) {
      const config = loadConfig(text, { file: '.lsst.yaml' });
      assert.deepEqual(config.clusters, defaultConfig.clusters);
      assert.deepEqual(config.targets, ['dev']);
      assert.equal(config.source, '.lsst.yaml');
    }
  });

  it('reads the contract example of architecture.md', () => {
    const text = `clusters:                       # replaces the default list when given
  - name: prod
    role: production            # development | testing | pre-production | production
    kubernetesVersion: "1.29"
    match: { contexts: ["lsst-prod*"], servers: ["https://prod.example.org:6443"] }
targets: [prod]
registries:
  local: [registry.example.org]
  mirror: registry.example.org/dockerhub
  trustedDockerHubOrganizations: [lsstsqre, lsst]
namespaces:
  science: ["nb-*"]
  default: my-team
rules:
  image/pinned: warning
  container/minimal-packages: off
  security/run-as-non-root: { severity: error, suppressible: false }
exemptions:
  - { rule: filesets/allowed-paths, namespace: monitoring, kind: DaemonSet, name: node-exporter,
      reason: "reads /proc of the node", until: 2027-06-30 }
portRequests: { namespace: lsst-port-requests }
`;
    const config = loadConfig(text, { file: 'repo/.lsst.yaml' });
    assert.deepEqual(config.clusters, [
      {
        name: 'prod',
        role: 'production',
        kubernetesVersion: '1.29',
        match: { contexts: ['lsst-prod*'], servers: ['https://prod.example.org:6443'] },
      },
    ]);
    assert.deepEqual(config.registries, {
      local: ['registry.example.org'],
      mirror: 'registry.example.org/dockerhub',
      trustedDockerHubOrganizations: ['lsstsqre', 'lsst'],
      trusted: defaultTrustedLocations(),
    });
    assert.deepEqual(config.namespaces, { science: ['nb-*'], default: 'my-team' });
    // YAML 1.1 reads the unquoted `off` as false; it still means off.
    assert.deepEqual(config.rules, {
      'image/pinned': { severity: 'warning' },
      'container/minimal-packages': { severity: 'off' },
      'security/run-as-non-root': { severity: 'error', suppressible: false },
    });
    assert.deepEqual(config.exemptions, [
      {
        rule: 'filesets/allowed-paths',
        namespace: 'monitoring',
        kind: 'DaemonSet',
        name: 'node-exporter',
        reason: 'reads /proc of the node',
        until: '2027-06-30',
      },
    ]);
    assert.equal(config.source, 'repo/.lsst.yaml');
    assert.deepEqual(config.fileSets, defaultConfig.fileSets);
    assert.deepEqual(config.limits, defaultConfig.limits);
  });

  it('reads YAML 1.1 booleans as Kubernetes does', () => {
    const config = loadConfig(
      'rules:\n  image/pinned: { suppressible: no }\n  image/trusted-source: { suppressible: yes }\n',
      {
        file: '.lsst.yaml',
      },
    );
    assert.deepEqual(config.rules['image/pinned'], { suppressible: false });
    assert.deepEqual(config.rules['image/trusted-source'], { suppressible: true });
  });

  it('expands anchors, aliases and merge keys', () => {
    const text = `clusters:
  - &base { name: a, role: testing, kubernetesVersion: "1.30" }
  - <<: *base
    name: b
targets: [a, b]
`;
    const config = loadConfig(text, { file: '.lsst.yaml' });
    assert.deepEqual(
      config.clusters.map((cluster) => [cluster.name, cluster.role, cluster.kubernetesVersion]),
      [
        ['a', 'testing', '1.30'],
        ['b', 'testing', '1.30'],
      ],
    );
  });
});

describe('mergeConfig', () => {
  it('replaces clusters and keeps default targets that still exist', () => {
    const config = mergeConfig(defaultConfig, {
      clusters: [
        { name: 'prod', role: 'production', kubernetesVersion: '1.29' },
        { name: 'dev', role: 'development', kubernetesVersion: '1.33' },
      ],
    });
    assert.deepEqual(
      config.clusters.map((cluster) => cluster.name),
      ['prod', 'dev'],
    );
    assert.deepEqual(config.targets, ['dev']);
  });

  it('targets the first cluster when the default targets are gone', () => {
    const config = mergeConfig(defaultConfig, {
      clusters: [{ name: 'summit', role: 'production', kubernetesVersion: '1.29' }],
    });
    assert.deepEqual(config.targets, ['summit']);
  });

  it('merges maps key by key, replaces lists, merges rules by name and appends exemptions', () => {
    const base = mergeConfig(defaultConfig, {
      rules: { 'image/pinned': { severity: 'info' }, 'image/trusted-source': { severity: 'off' } },
      exemptions: [{ rule: 'image/pinned', reason: 'base' }],
    });
    const config = mergeConfig(
      base,
      {
        registries: { mirror: 'mirror.example.org/hub' },
        namespaces: { default: 'team' },
        limits: { maxDepth: 20 },
        fileSets: [{ path: '/data', access: 'read-only', audience: 'all' }],
        rules: { 'image/pinned': { suppressible: false } },
        exemptions: [{ rule: 'image/trusted-source', reason: 'file' }],
      },
      'x.yaml',
    );
    assert.deepEqual(config.registries, {
      local: [],
      mirror: 'mirror.example.org/hub',
      trustedDockerHubOrganizations: ['lsstsqre', 'lsst'],
      trusted: defaultTrustedLocations(),
    });
    assert.deepEqual(config.namespaces, { science: [], default: 'team' });
    assert.equal(config.limits.maxDepth, 20);
    assert.equal(config.limits.maxFileSize, defaultConfig.limits.maxFileSize);
    assert.deepEqual(config.fileSets, [{ path: '/data', access: 'read-only', audience: 'all' }]);
    assert.deepEqual(config.rules, {
      'image/pinned': { suppressible: false },
      'image/trusted-source': { severity: 'off' },
    });
    assert.deepEqual(
      config.exemptions.map((exemption) => exemption.reason),
      ['base', 'file'],
    );
    assert.equal(config.source, 'x.yaml');
  });

  it('does not share objects with its base', () => {
    const config = mergeConfig(defaultConfig, {});
    config.clusters[0]?.match;
    config.registries.local.push('x');
    config.fileSets.pop();
    assert.deepEqual(defaultConfig.registries.local, []);
    assert.equal(defaultConfig.fileSets.length, 6);
  });
});

describe('loadConfig: errors name the file, line and column and say what to do', () => {
  it('reports a number where a version string belongs (the quoting trap)', () => {
    const text = 'clusters:\n  - name: prod\n    role: production\n    kubernetesVersion: 1.30\n';
    const error = loadError(text);
    assert.equal(error.file, '.lsst.yaml');
    assert.equal(error.line, 4);
    assert.equal(error.column, 24);
    assert.equal(
      error.message,
      '.lsst.yaml:4:24: "kubernetesVersion" must be a string like "1.29" (found number 1.3). Quote it.',
    );
  });

  it('reports YAML syntax errors at their position', () => {
    const problem = onlyProblem('targets: [dev\nclusters: x\n');
    assert.equal(problem.line, 2);
    assert.match(problem.message, /^YAML syntax error: .*Fix the YAML syntax\.$/);
    const tab = onlyProblem('registries:\n\tlocal: []\n');
    assert.equal(tab.line, 2);
    assert.match(tab.message, /YAML syntax error/);
  });

  it('reports a duplicate key at the second occurrence', () => {
    assert.deepEqual(onlyProblem('targets: [dev]\nregistries: {}\ntargets: [prod]\n'), {
      line: 3,
      column: 1,
      message: 'duplicate key "targets". Keep only one of them.',
    });
  });

  it('reports an unknown key at the key, with the nearest name', () => {
    assert.deepEqual(onlyProblem('cluster: []\n'), {
      line: 1,
      column: 1,
      message: 'unknown key "cluster". Did you mean "clusters"? Rename or remove it.',
    });
    assert.deepEqual(onlyProblem('registries:\n  trustedDockerHubOrgs: [lsst]\n'), {
      line: 2,
      column: 3,
      message:
        'unknown key "trustedDockerHubOrgs" of registries. Did you mean "trustedDockerHubOrganizations"? Rename or remove it.',
    });
    const far = onlyProblem('registries:\n  colour: red\n');
    assert.equal(
      far.message,
      'unknown key "colour" of registries. Known keys of registries: local, mirror, trustedDockerHubOrganizations, trusted. Rename or remove it.',
    );
    const nested = onlyProblem(
      'clusters:\n  - name: a\n    role: testing\n    kubernetesVersion: "1.30"\n    match: { context: [a*] }\n',
    );
    assert.deepEqual([nested.line, nested.column], [5, 14]);
    assert.match(nested.message, /^unknown key "context" of clusters\[0\]\.match\. Did you mean "contexts"\?/);
  });

  it('reports wrong types at the value', () => {
    assert.deepEqual(onlyProblem('targets: dev\n'), {
      line: 1,
      column: 10,
      message: '"targets" must be a list (found "dev"). Write it as a list: [dev].',
    });
    assert.deepEqual(onlyProblem('registries: [a]\n'), {
      line: 1,
      column: 13,
      message: '"registries" must be a map of keys (found a list).',
    });
    assert.deepEqual(onlyProblem('limits:\n  maxDepth: "10"\n'), {
      line: 2,
      column: 13,
      message: '"maxDepth" must be a whole number of at least 1 (found "10"). Remove the quotes.',
    });
    assert.deepEqual(onlyProblem('limits:\n  maxDocuments: 0\n'), {
      line: 2,
      column: 17,
      message: '"maxDocuments" must be a whole number of at least 1 (found number 0).',
    });
    assert.deepEqual(onlyProblem('rules:\n  image/pinned: { suppressible: "false" }\n'), {
      line: 2,
      column: 33,
      message: '"suppressible" must be true or false (found "false"). Remove the quotes.',
    });
    assert.deepEqual(onlyProblem('namespaces:\n  science: [nb-*, 3]\n'), {
      line: 2,
      column: 19,
      message: 'each item of "science" must be a string (found number 3). Quote it.',
    });
    assert.deepEqual(onlyProblem('- a\n'), {
      line: 1,
      column: 1,
      message: 'the configuration must be a map of keys (found a list).',
    });
  });

  it('says how YAML read a yes or on', () => {
    const problem = onlyProblem('clusters:\n  - name: on\n    role: testing\n    kubernetesVersion: "1.30"\n');
    assert.deepEqual([problem.line, problem.column], [2, 11]);
    assert.equal(problem.message, '"name" must be a string (found boolean true (YAML reads on as true)). Quote it.');
  });

  it('points at a key given no value', () => {
    assert.deepEqual(onlyProblem('portRequests:\n  namespace:\n'), {
      line: 2,
      column: 3,
      message: '"namespace" must be a string (found nothing).',
    });
  });

  it('reports bad enum values with a suggestion', () => {
    assert.deepEqual(onlyProblem('clusters:\n  - name: p\n    role: prod\n    kubernetesVersion: "1.29"\n'), {
      line: 3,
      column: 11,
      message:
        '"role" must be one of development, testing, pre-production, production (found "prod"). Did you mean "production"?',
    });
    assert.deepEqual(onlyProblem('rules:\n  image/pinned: warn\n'), {
      line: 2,
      column: 17,
      message: '"image/pinned" must be one of error, warning, info, off (found "warn"). Did you mean "warning"?',
    });
    assert.deepEqual(onlyProblem('rules:\n  image/pinned: yes\n'), {
      line: 2,
      column: 17,
      message:
        '"image/pinned" must be one of error, warning, info, off (found boolean true (YAML reads yes as true)). Quote it.',
    });
  });

  it('reports a pattern mismatch with what is expected', () => {
    assert.deepEqual(onlyProblem('clusters:\n  - name: p\n    role: testing\n    kubernetesVersion: "1.29.3"\n'), {
      line: 4,
      column: 24,
      message: '"kubernetesVersion" must be major.minor like "1.29" (found "1.29.3").',
    });
    assert.deepEqual(onlyProblem('namespaces: { default: My_Team }\n'), {
      line: 1,
      column: 24,
      message: '"default" must be a Kubernetes namespace name (lower-case letters, digits and -) (found "My_Team").',
    });
  });

  it('reports a missing required key at the object', () => {
    assert.deepEqual(onlyProblem('clusters:\n  - name: x\n    kubernetesVersion: "1.30"\n'), {
      line: 2,
      column: 5,
      message: 'clusters[0] is missing "role" (one of development, testing, pre-production, production). Add it.',
    });
    assert.deepEqual(onlyProblem('exemptions:\n  - { rule: image/pinned }\n'), {
      line: 2,
      column: 5,
      message: 'exemptions[0] is missing "reason" (a string). Add it.',
    });
  });

  it('reports empty lists where one item is needed', () => {
    assert.deepEqual(onlyProblem('targets: []\n'), {
      line: 1,
      column: 10,
      message: '"targets" must list at least 1 item.',
    });
  });

  it("reports targets that name no cluster, against the file's clusters or the defaults", () => {
    assert.deepEqual(onlyProblem('targets: [dev, prd]\n'), {
      line: 1,
      column: 16,
      message:
        'target "prd" is not a cluster. Did you mean "prod"? Name one of the clusters: dev, test, preprod, prod.',
    });
    const replaced = onlyProblem(
      'clusters:\n  - { name: summit, role: production, kubernetesVersion: "1.29" }\ntargets: [dev]\n',
    );
    assert.deepEqual([replaced.line, replaced.column], [3, 11]);
    assert.equal(replaced.message, 'target "dev" is not a cluster. Name one of the clusters: summit.');
  });

  it('reports a cluster defined twice', () => {
    const text =
      'clusters:\n  - { name: a, role: testing, kubernetesVersion: "1.30" }\n  - { name: a, role: production, kubernetesVersion: "1.30" }\n';
    assert.deepEqual(onlyProblem(text), {
      line: 3,
      column: 13,
      message: 'cluster "a" is defined twice. Rename or remove one.',
    });
  });

  it('reports bad dates: wrong shape and days that do not exist', () => {
    assert.deepEqual(onlyProblem('exemptions:\n  - rule: image/pinned\n    reason: r\n    until: 2027-6-30\n'), {
      line: 4,
      column: 12,
      message: '"until" must be a date YYYY-MM-DD like "2027-06-30" (found "2027-6-30").',
    });
    assert.deepEqual(onlyProblem('exemptions:\n  - rule: image/pinned\n    reason: r\n    until: 2027-02-30\n'), {
      line: 4,
      column: 12,
      message: '"until" is not a real date (found "2027-02-30"). Write a calendar date as YYYY-MM-DD.',
    });
  });

  it('reports rule names: malformed always, unknown when the registry is given', () => {
    assert.deepEqual(onlyProblem('rules:\n  Image/Pinned: off\n'), {
      line: 2,
      column: 3,
      message: 'the key "Image/Pinned" of rules must be a rule name like "image/pinned" (found "Image/Pinned").',
    });
    assert.deepEqual(onlyProblem('rules:\n  image/pined: off\n'), {
      line: 2,
      column: 3,
      message: 'unknown rule "image/pined". Did you mean "image/pinned"? `kubectl lsst rules` lists them all.',
    });
    assert.deepEqual(onlyProblem('exemptions:\n  - { rule: security/run-as-nonroot, reason: r }\n'), {
      line: 2,
      column: 13,
      message:
        'unknown rule "security/run-as-nonroot". Did you mean "security/run-as-non-root"? `kubectl lsst rules` lists them all.',
    });
    assert.deepEqual(validateConfigText('rules:\n  image/pined: off\n').problems, []);
  });

  it('reports every problem, in file order, one per line of the message', () => {
    const error = loadError('targets: [nope]\ncluster: []\nlimits: { maxDepth: -1 }\n', 'conf/.lsst.yaml');
    assert.equal(error.problems.length, 3);
    assert.deepEqual(
      error.message.split('\n').map((line) => line.split(': ')[0]),
      ['conf/.lsst.yaml:1:11', 'conf/.lsst.yaml:2:1', 'conf/.lsst.yaml:3:21'],
    );
    assert.equal(error.line, 1);
    assert.equal(error.column, 11);
  });
});

it('customResourceDefinitions are read from the folder of the file that names them, even under a file that does not', () => {
  const user = mergeConfig(defaultConfig, { customResourceDefinitions: ['crds'] }, '/home/me/.lsst.yaml');
  const project = mergeConfig(user, { targets: ['prod'] }, 'repo/.lsst.yaml');
  assert.deepEqual(project.customResourceDefinitions, ['crds']);
  assert.equal(project.customResourceDefinitionsSource, '/home/me/.lsst.yaml');
  const replaced = mergeConfig(user, { customResourceDefinitions: ['operator/crds'] }, 'repo/.lsst.yaml');
  assert.equal(replaced.customResourceDefinitionsSource, 'repo/.lsst.yaml');
  assert.equal(
    mergeConfig(user, { customResourceDefinitions: [] }, 'repo/.lsst.yaml').customResourceDefinitionsSource,
    undefined,
  );
});
