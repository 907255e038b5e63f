// Kubeconfigs are read through the fast reader of manifests: what they are read as must not depend on
// which reader read them, and an edit through the Document API must still keep their comments.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isMap, isScalar, isSeq, type Node, visit } from 'yaml';
import { useNamespace } from './contexts.ts';
import { type KubeconfigFile, parseKubeconfigText } from './kubeconfig-file.ts';
import { kubeconfigLocations } from './locations.ts';

const kubeconfigs: Record<string, string> = {
  'block style, as kubectl writes it': `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: QUJDREVG
    server: https://prod.example.org:6443
  name: prod
- cluster:
    server: "https://dev.example.org:6443"
  name: dev
contexts:
- context:
    cluster: prod
    namespace: web
    user: admin
  name: prod/web
- context:
    cluster: dev
    user: 'me'
  name: dev
current-context: dev
kind: Config
preferences: {}
users:
- name: admin
  user:
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZ
- name: me
  user:
    token: tok-0123456789abcdef
`,
  'comments, flow collections and a port that reads as a number elsewhere': `# written by hand
apiVersion: v1
kind: Config
current-context: "ops"   # the one we use
clusters: [{name: ops, cluster: {server: "https://ops.example.org:6443", insecure-skip-tls-verify: yes}}]
contexts:
  - name: ops
    context: {cluster: ops, user: ops-user, namespace: "0755"}
users:
  - name: ops-user
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: gke-gcloud-auth-plugin
        args: [--verbose, "true"]
`,
  'anchors, aliases and a merge key (the fast reader leaves these to yaml)': `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster: {server: https://prod.example.org:6443}
contexts:
- name: base
  context: &base {cluster: prod, user: u}
- name: live
  context: {<<: *base, namespace: web}
current-context: live
users:
- name: u
  user: {token: sekret-0123456789}
`,
  'CRLF line endings':
    'apiVersion: v1\r\ncontexts:\r\n- name: a\r\n  context:\r\n    cluster: c\r\ncurrent-context: a\r\n',
  'a JSON kubeconfig': JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: 'https://c.example.org' } }],
      contexts: [{ name: 'a', context: { cluster: 'c', user: 'u', namespace: 'n' } }],
      'current-context': 'a',
    },
    null,
    2,
  ),
  'empty lists and a null current-context':
    'apiVersion: v1\nkind: Config\nclusters: []\ncontexts:\ncurrent-context:\nusers: []\n',
};

/** What a read gives to its callers: entries, secrets, and where every node of the document is. */
function readAs(file: KubeconfigFile) {
  const ranges: string[] = [];
  if (file.document)
    visit(file.document, (key, node) => {
      if (isScalar(node) || isMap(node) || isSeq(node))
        ranges.push(`${String(key)} ${(node as Node).range?.join(',')}`);
    });
  const nodes = Object.fromEntries(
    Object.entries(file.nodes).map(([section, map]) => [section, [...map].map(([name, node]) => [name, node.range])]),
  );
  return {
    currentContext: file.currentContext,
    contexts: file.contexts,
    clusters: file.clusters,
    users: file.users,
    secrets: file.secrets,
    documentCount: file.documentCount,
    json: file.document?.toJSON(),
    nodes,
    ranges,
  };
}

describe('reading a kubeconfig with either reader', () => {
  for (const [name, text] of Object.entries(kubeconfigs)) {
    it(`reads the same: ${name}`, () => {
      const fast = parseKubeconfigText('/kube/config', text, true, 'fast');
      const full = parseKubeconfigText('/kube/config', text, true, 'yaml');
      assert.deepEqual(readAs(fast), readAs(full));
    });
  }

  it('takes the fast path for the block style kubectl writes (its document carries no comments)', () => {
    const text = `# a comment\n${kubeconfigs['block style, as kubectl writes it']}`;
    assert.doesNotMatch(String(parseKubeconfigText('/kube/config', text, true, 'fast').document), /# a comment/);
    assert.match(String(parseKubeconfigText('/kube/config', text, true, 'yaml').document), /# a comment/);
    // Without a reader named, a caller gets the comments: the Document API edits write the document out.
    assert.match(String(parseKubeconfigText('/kube/config', text, true).document), /# a comment/);
  });

  it('reports a malformed file at the same place either way', () => {
    const text = 'apiVersion: v1\ncontexts:\n- name: a\n  context: {cluster: c\n';
    const problem = (reader: 'fast' | 'yaml') => {
      try {
        parseKubeconfigText('/kube/config', text, true, reader);
      } catch (error) {
        return (error as Error).message;
      }
      return 'read without error';
    };
    assert.match(problem('fast'), /invalid YAML/);
    assert.equal(problem('fast'), problem('yaml'));
  });

  it('keeps the comments of a file edited through the Document API (a flow-style root)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'kubeconfig-file-')), 'config');
    const text =
      '# keep this comment\n{apiVersion: v1, kind: Config, clusters: [{name: c, cluster: {server: "https://c.example.org"}}], contexts: [{name: a, context: {cluster: c, user: u}}], current-context: a} # and this one\n';
    writeFileSync(path, text);
    await useNamespace(kubeconfigLocations({ explicitPath: path }), 'team');
    const after = readFileSync(path, 'utf8');
    assert.match(after, /# keep this comment/);
    assert.match(after, /# and this one/);
    assert.equal(parseKubeconfigText(path, after, true, 'yaml').currentContext, 'c/team');
  });
});
