import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configFingerprint, kubeconfigFingerprint } from './fingerprint.ts';

describe('fingerprints for the context current cache', () => {
  it('change when a kubeconfig file appears or changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-fp-'));
    const env = { HOME: dir, KUBECONFIG: `${join(dir, 'a')}:${join(dir, 'b')}` };
    const empty = kubeconfigFingerprint({ env });
    writeFileSync(join(dir, 'b'), 'current-context: x\n');
    const created = kubeconfigFingerprint({ env });
    assert.notEqual(created, empty);
    writeFileSync(join(dir, 'b'), 'current-context: y\n');
    assert.notEqual(kubeconfigFingerprint({ env }), created);
  });

  it('change when a nearer .lsst.yaml is created, as discovery would find it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-fp-'));
    const project = join(dir, 'project', 'deep');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(dir, '.lsst.yaml'), 'clusters: []\n');
    const before = configFingerprint({ cwd: project, env: { HOME: dir } });
    writeFileSync(join(dir, 'project', '.lsst.yml'), 'clusters: []\n');
    assert.notEqual(configFingerprint({ cwd: project, env: { HOME: dir } }), before);
    assert.notEqual(
      configFingerprint({ cwd: project, env: { HOME: dir, LSST_CONFIG: join(dir, '.lsst.yaml') } }),
      before,
    );
  });

  it("change when the user's XDG file changes, even with a project file or --config in use", () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-fp-'));
    const project = join(dir, 'project');
    mkdirSync(join(dir, 'xdg', 'lsst'), { recursive: true });
    mkdirSync(project);
    writeFileSync(join(project, '.lsst.yaml'), 'clusters: []\n');
    const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'xdg') };
    const before = configFingerprint({ cwd: project, env });
    const explicitBefore = configFingerprint({ cwd: project, env, explicitPath: join(project, '.lsst.yaml') });
    writeFileSync(join(dir, 'xdg', 'lsst', 'config.yaml'), 'clusters: []\n');
    assert.notEqual(configFingerprint({ cwd: project, env }), before);
    assert.notEqual(
      configFingerprint({ cwd: project, env, explicitPath: join(project, '.lsst.yaml') }),
      explicitBefore,
    );
  });
});
