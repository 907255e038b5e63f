import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Exemption } from '../config/model.ts';
import { matchExemption } from './exemptions.ts';

const now = new Date('2026-03-15T00:00:00Z');
const nodeExporter: Exemption = {
  rule: 'filesets/allowed-paths',
  namespace: 'monitoring',
  kind: 'DaemonSet',
  name: 'node-exporter*',
  reason: 'reads /proc of the node',
  until: '2027-06-30',
};
const vendored: Exemption = { rule: 'image/pinned', path: 'vendor/**', reason: 'vendored charts' };
const sidecar: Exemption = { rule: 'security/run-as-non-root', container: 'istio-*', reason: 'mesh sidecar' };
const expired: Exemption = { rule: 'image/trusted-source', reason: 'old', until: '2026-03-14' };
const exemptions = [nodeExporter, vendored, sidecar, expired];

describe('matchExemption', () => {
  it('matches when the rule and every field given match', () => {
    const subject = {
      rule: 'filesets/allowed-paths',
      namespace: 'monitoring',
      kind: 'DaemonSet',
      name: 'node-exporter',
      now,
    };
    assert.equal(matchExemption(exemptions, subject), nodeExporter);
    assert.equal(matchExemption(exemptions, { ...subject, name: 'node-exporter-v2' }), nodeExporter);
  });

  it('does not match another rule, namespace, kind or name, or a subject lacking a field', () => {
    const subject = {
      rule: 'filesets/allowed-paths',
      namespace: 'monitoring',
      kind: 'DaemonSet',
      name: 'node-exporter',
      now,
    };
    assert.equal(matchExemption(exemptions, { ...subject, rule: 'filesets/read-only' }), undefined);
    assert.equal(matchExemption(exemptions, { ...subject, namespace: 'default' }), undefined);
    assert.equal(matchExemption(exemptions, { ...subject, kind: 'Deployment' }), undefined);
    assert.equal(matchExemption(exemptions, { ...subject, name: 'exporter' }), undefined);
    const { namespace: _namespace, ...withoutNamespace } = subject;
    assert.equal(matchExemption(exemptions, withoutNamespace), undefined);
  });

  it('matches path globs on relative, ./ and absolute paths, and Windows separators', () => {
    for (const path of [
      'vendor/chart/deploy.yaml',
      './vendor/a.yaml',
      '/home/me/repo/vendor/x/y.yaml',
      'vendor\\chart\\a.yaml',
    ]) {
      assert.equal(matchExemption(exemptions, { rule: 'image/pinned', path, now }), vendored, path);
    }
    assert.equal(matchExemption(exemptions, { rule: 'image/pinned', path: 'deploy/app.yaml', now }), undefined);
    assert.equal(matchExemption(exemptions, { rule: 'image/pinned', now }), undefined);
  });

  it('matches a file-name glob anywhere', () => {
    const byName: Exemption = { rule: 'image/pinned', path: '*.generated.yaml', reason: 'generated' };
    assert.equal(matchExemption([byName], { rule: 'image/pinned', path: 'a/b/x.generated.yaml', now }), byName);
  });

  it('matches container globs', () => {
    assert.equal(
      matchExemption(exemptions, { rule: 'security/run-as-non-root', container: 'istio-proxy', now }),
      sidecar,
    );
    assert.equal(matchExemption(exemptions, { rule: 'security/run-as-non-root', container: 'app', now }), undefined);
  });

  it('ignores exemptions past their until date, keeping the day itself', () => {
    assert.equal(matchExemption(exemptions, { rule: 'image/trusted-source', now }), undefined);
    assert.equal(
      matchExemption(exemptions, { rule: 'image/trusted-source', now: new Date('2026-03-14T20:00:00Z') }),
      expired,
    );
  });
});
