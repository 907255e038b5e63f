// The production guard's roles: per cluster, strictest trusted source first, guarded out of the box.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigResolver } from '../config/discover.ts';
import { defaultResolvedConfig } from '../config/load.ts';
import type { ResolvedConfig } from '../config/model.ts';
import { listContexts } from './contexts.ts';
import { type Kubeconfig, mergeKubeconfigFiles } from './kubeconfig.ts';
import { parseKubeconfigText } from './kubeconfig-file.ts';
import { productionWordRole, roleOfContext } from './roles.ts';

function kubeconfigOf(text: string): Kubeconfig {
  const path = '/kube/config';
  return mergeKubeconfigFiles({ source: 'flag', precedence: [path] }, [parseKubeconfigText(path, text, true)]);
}

/** The configuration as discovery combines it, from files held in memory. */
function configOf(files: Record<string, string>, startDirectory = '/repo'): Promise<ResolvedConfig> {
  const resolver = new ConfigResolver(
    { readFile: async (path) => files[path] },
    { homeDirectory: '/home/me', systemConfigDirectories: ['/etc/xdg'] },
  );
  return resolver.forDirectory(startDirectory);
}

const summit = `apiVersion: v1
kind: Config
clusters:
- name: k8s-summit
  cluster: {server: https://summit.example.org:6443, certificate-authority-data: U1VNTUlULUNB}
- name: summit-by-ip
  cluster: {server: https://10.0.0.7:6443, certificate-authority-data: U1VNTUlULUNB}
- name: dev
  cluster: {server: https://dev.example.org:6443}
contexts:
- name: summit-admin
  context: {cluster: k8s-summit, user: admin}
- name: k8s-summit/team-y
  context: {cluster: k8s-summit, user: admin, namespace: team-y}
- name: summit-ip
  context: {cluster: summit-by-ip, user: admin}
- name: alias-of-summit
  context: {cluster: other-entry, user: admin}
- name: dev
  context: {cluster: dev, user: alice}
current-context: dev
`;

const userSummitProduction = `clusters:
  - name: summit
    role: production
    kubernetesVersion: "1.29"
    match: { contexts: ["summit-admin"] }
  - name: dev
    role: development
    kubernetesVersion: "1.31"
    match: { contexts: ["dev"] }
`;

describe('roles belong to clusters, not to context names', () => {
  it('a role found for one context holds for every context on its cluster entry, server or CA', async () => {
    const config = await configOf({ '/home/me/.lsst.yaml': userSummitProduction });
    const kubeconfig = kubeconfigOf(summit);
    const roles = Object.fromEntries(listContexts(kubeconfig, config).map((summary) => [summary.name, summary.role]));
    assert.deepEqual(roles, {
      'summit-admin': 'production',
      // Made by `context ns`: matches no glob, but points at the same cluster entry.
      'k8s-summit/team-y': 'production',
      // Another entry for the same cluster, found by its certificate authority.
      'summit-ip': 'production',
      'alias-of-summit': 'unknown',
      dev: 'development',
    });
    const made = roleOfContext(kubeconfig, config, 'k8s-summit/team-y');
    assert.equal(made.confirmName, 'summit');
    assert.equal(made.roleSource, '/home/me/.lsst.yaml');
    assert.equal(made.identity, roleOfContext(kubeconfig, config, 'summit-ip').identity);
  });

  it('contexts sharing a server URL are one cluster, however the URL is spelt', async () => {
    const config = await configOf({
      '/home/me/.lsst.yaml': `clusters:
  - { name: p, role: production, kubernetesVersion: "1.29", match: { contexts: ["a"] } }
`,
    });
    const kubeconfig = kubeconfigOf(`clusters:
- {name: one, cluster: {server: "https://API.example.org:443/"}}
- {name: two, cluster: {server: "https://api.example.org"}}
contexts:
- {name: a, context: {cluster: one}}
- {name: b, context: {cluster: two}}
`);
    assert.equal(roleOfContext(kubeconfig, config, 'b').role, 'production');
  });
});

describe('the strictest trusted role wins', () => {
  const everythingDevelopment = `clusters:
  - { name: anything, role: development, kubernetesVersion: "1.31", match: { contexts: ["*"], servers: ["*"] } }
`;

  it("a project's file cannot lower what the user's file says", async () => {
    const config = await configOf({
      '/home/me/.lsst.yaml': userSummitProduction,
      '/repo/.lsst.yaml': everythingDevelopment,
    });
    const info = roleOfContext(kubeconfigOf(summit), config, 'summit-admin');
    assert.equal(info.role, 'production');
    assert.equal(info.roleSource, '/home/me/.lsst.yaml');
  });

  it("a project's file cannot lower what the system's file or the built-in rule says", async () => {
    const kubeconfig = kubeconfigOf(`clusters:
- {name: k8s-prod, cluster: {server: "https://k8s.example.org"}}
- {name: staging, cluster: {server: "https://staging.example.org"}}
contexts:
- {name: lsst-live, context: {cluster: k8s-prod}}
- {name: staging, context: {cluster: staging}}
`);
    const config = await configOf({
      '/etc/xdg/lsst/config.yaml': `clusters:
  - { name: staging, role: pre-production, kubernetesVersion: "1.30", match: { servers: ["https://staging.example.org"] } }
`,
      '/repo/.lsst.yaml': everythingDevelopment,
    });
    assert.equal(roleOfContext(kubeconfig, config, 'staging').role, 'pre-production');
    const builtIn = roleOfContext(kubeconfig, config, 'lsst-live');
    assert.equal(builtIn.role, 'production');
    assert.match(builtIn.roleSource ?? '', /built in: the cluster "k8s-prod" names it production/);
  });

  it("a project's file can raise a role", async () => {
    const config = await configOf({
      '/home/me/.lsst.yaml': userSummitProduction,
      '/repo/.lsst.yaml': `clusters:
  - { name: dev-but-shared, role: pre-production, kubernetesVersion: "1.31", match: { contexts: ["dev"] } }
`,
    });
    const info = roleOfContext(kubeconfigOf(summit), config, 'dev');
    assert.equal(info.role, 'pre-production');
    assert.equal(info.confirmName, 'dev-but-shared');
  });

  it("the user's own file may lower the built-in rule (a cluster named prod-like that is not)", async () => {
    const kubeconfig = kubeconfigOf(`clusters:
- {name: prod-mirror-sandbox, cluster: {server: "https://sandbox.example.org"}}
contexts:
- {name: sandbox, context: {cluster: prod-mirror-sandbox}}
`);
    const withoutFile = roleOfContext(kubeconfig, await configOf({}), 'sandbox');
    assert.equal(withoutFile.role, 'production');
    const config = await configOf({
      '/home/me/.config/lsst/config.yaml': `clusters:
  - { name: sandbox, role: development, kubernetesVersion: "1.31", match: { servers: ["https://sandbox.example.org"] } }
`,
    });
    assert.equal(roleOfContext(kubeconfig, config, 'sandbox').role, 'development');
  });
});

describe('guarded out of the box', () => {
  it('takes prod and production as words of a context, cluster or server host name', () => {
    for (const name of [
      'lsst-prod',
      'k8s-prod',
      'prod.example.org',
      'production',
      'eu-production-1',
      'lsstProd',
      'prod2',
      'arn:aws:eks:us-east-1:123456789012:cluster/prod',
    ])
      assert.equal(productionWordRole(name), 'production', name);
    for (const name of ['preprod', 'pre-prod', 'k8s-preproduction', 'pre_production'])
      assert.equal(productionWordRole(name), 'pre-production', name);
    for (const name of ['product-x', 'products', 'reproduction', 'non-prod', 'dev', 'prodigy', 'lsst-dev'])
      assert.equal(productionWordRole(name), undefined, name);
  });

  it('with no configuration, lsst-prod on cluster k8s-prod is production', () => {
    const kubeconfig = kubeconfigOf(`clusters:
- {name: k8s-prod, cluster: {server: "https://10.1.2.3:6443"}}
- {name: a, cluster: {server: "https://prod.example.org:6443"}}
contexts:
- {name: lsst-prod, context: {cluster: k8s-prod}}
- {name: plain, context: {cluster: a}}
`);
    const config = defaultResolvedConfig();
    assert.equal(roleOfContext(kubeconfig, config, 'lsst-prod').role, 'production');
    assert.equal(roleOfContext(kubeconfig, config, 'lsst-prod').confirmName, 'k8s-prod');
    assert.match(roleOfContext(kubeconfig, config, 'plain').roleSource ?? '', /server host "prod.example.org"/);
  });

  it('an unknown cluster says it is not guarded and gives the line of configuration that guards it', async () => {
    const config = await configOf({});
    const info = roleOfContext(kubeconfigOf(summit), config, 'k8s-summit/team-y');
    assert.equal(info.role, 'unknown');
    assert.equal(
      info.guardHint,
      'not guarded: no configuration gives the cluster "k8s-summit" a role, so nothing asks before acting on it. If it is production, add to /home/me/.config/lsst/config.yaml: clusters: [{name: "k8s-summit", role: production, kubernetesVersion: "1.29", match: {servers: ["https://summit.example.org:6443"]}}]',
    );
    // The line, written to that file, guards every context of the cluster.
    const line = (info.guardHint ?? '').split(': ').slice(2).join(': ');
    const guarded = await configOf({ '/home/me/.config/lsst/config.yaml': `${line}\n` });
    for (const name of ['summit-admin', 'k8s-summit/team-y', 'summit-ip'])
      assert.equal(roleOfContext(kubeconfigOf(summit), guarded, name).role, 'production', name);
    assert.equal(roleOfContext(kubeconfigOf(summit), guarded, 'summit-admin').guardHint, undefined);
  });
});
