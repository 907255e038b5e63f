import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultResolvedConfig, mergeConfig } from '../config/load.ts';
import { type CheckOptions, checkText } from '../engine/check.ts';
import type { KustomizeImages } from '../types.ts';
import { kustomizedImage } from './images.ts';

const own = (images: KustomizeImages['images']): KustomizeImages => ({
  kustomization: 'kustomization.yaml',
  own: true,
  images,
});
const overlay = (name: string, images: KustomizeImages['images']): KustomizeImages => ({
  kustomization: `../overlays/${name}/kustomization.yaml`,
  own: false,
  images,
});

describe('kustomizedImage: the image kustomize makes of a container image', () => {
  test('an entry matches the image by name, with or without a tag or digest, and retags, renames or pins it', () => {
    assert.deepEqual(kustomizedImage('nginx', [own([{ name: 'nginx', newTag: '1.27.2' }])]), {
      text: 'nginx:1.27.2',
      kustomization: 'kustomization.yaml',
    });
    assert.equal(
      kustomizedImage('ghcr.io/lsst-sqre/keeper:latest', [
        own([{ name: 'ghcr.io/lsst-sqre/keeper', digest: 'sha256:ab' }]),
      ])?.text,
      'ghcr.io/lsst-sqre/keeper@sha256:ab',
    );
    assert.equal(
      kustomizedImage('registry.example.org:5000/app:1.0', [
        own([{ name: 'registry.example.org:5000/app', newName: 'quay.io/app' }]),
      ])?.text,
      'quay.io/app:1.0',
      'a registry port is not a tag, and a new name keeps the tag',
    );
    // kustomize matches the name only: a name written with a tag, or another image, changes nothing.
    assert.equal(
      kustomizedImage('lsstsqre/keeper:latest', [own([{ name: 'lsstsqre/keeper:latest', newTag: '2.0' }])]),
      undefined,
    );
    assert.equal(kustomizedImage('nginx:1.25', [own([{ name: 'nginx-unprivileged', newTag: '1.27' }])]), undefined);
  });

  test("the file's own kustomization first, then the first overlay that names the image", () => {
    const groups = [
      overlay('dev', [{ name: 'other', newTag: '1' }]),
      own([{ name: 'app', newName: 'ghcr.io/lsst-sqre/app' }]),
      overlay('prod', [{ name: 'ghcr.io/lsst-sqre/app', newTag: '3.1.0' }]),
      overlay('test', [{ name: 'ghcr.io/lsst-sqre/app', newTag: 'latest' }]),
    ];
    assert.deepEqual(kustomizedImage('app', groups), {
      text: 'ghcr.io/lsst-sqre/app:3.1.0',
      kustomization: '../overlays/prod/kustomization.yaml',
    });
  });

  test("a version the file's own kustomization sets decides; an overlay's later change is that overlay's", () => {
    // An operator's manifests pin its release; an overlay for a local cluster swaps in a local build.
    const minikube = overlay('minikube', [
      { name: 'ghcr.io/lsst-sqre/operator', newName: 'local/operator', newTag: 'latest' },
    ]);
    assert.deepEqual(
      kustomizedImage('ghcr.io/lsst-sqre/operator:latest', [
        own([{ name: 'ghcr.io/lsst-sqre/operator', newTag: '0.7.1' }]),
        minikube,
      ]),
      { text: 'ghcr.io/lsst-sqre/operator:0.7.1', kustomization: 'kustomization.yaml' },
    );
    assert.equal(
      kustomizedImage('ghcr.io/lsst-sqre/operator', [
        own([{ name: 'ghcr.io/lsst-sqre/operator', digest: 'sha256:ab' }]),
        minikube,
      ])?.text,
      'ghcr.io/lsst-sqre/operator@sha256:ab',
    );
    // Without an own entry the overlay is the only one to say.
    assert.equal(kustomizedImage('ghcr.io/lsst-sqre/operator:latest', [minikube])?.text, 'local/operator:latest');
  });
});

describe('the image rules judge the image a kustomization makes', () => {
  const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: ${image}
`;
  const findings = (image: string, options: Partial<CheckOptions>) =>
    checkText(
      { path: 'base/web.yaml', text: deployment(image) },
      { config: defaultResolvedConfig(), kustomizeBase: true, ...options },
    ).findings.filter((finding) => finding.rule.startsWith('image/'));

  test('an untagged image that the kustomization pins is not said to mean latest', () => {
    const pinned = findings('nginx', { kustomizeImages: [own([{ name: 'nginx', newTag: '1.27.2' }])] });
    assert.deepEqual(pinned, []);
    const unpinned = findings('nginx', {});
    assert.deepEqual(
      unpinned.map((finding) => finding.rule),
      ['image/pinned'],
    );
  });

  test('an image the kustomization changes is reported as it becomes, saying so, with no edit of the file', () => {
    const reported = findings('nginx:1.27.2', {
      kustomizeImages: [overlay('prod', [{ name: 'nginx', newName: 'quay.io/example/nginx', newTag: 'latest' }])],
    });
    assert.deepEqual(reported.map((finding) => finding.rule).sort(), ['image/pinned', 'image/trusted-source']);
    for (const finding of reported) {
      assert.match(
        finding.message,
        /^Image "quay\.io\/example\/nginx:latest" \(as the kustomization \.\.\/overlays\/prod\/kustomization\.yaml sets it\)/,
      );
      assert.equal(finding.fix, undefined);
    }
  });

  test("the local mirror's rewrite is offered for an image written in the file, not for one a kustomization sets", () => {
    const config = mergeConfig(defaultResolvedConfig(), {
      registries: { local: ['registry.example.org:5000'], mirror: 'registry.example.org/dockerhub' },
    } as never);
    const onProduction = (image: string, options: Partial<CheckOptions>) =>
      findings(image, { config, targets: ['prod'], ...options }).filter(
        (finding) => finding.rule === 'image/local-registry',
      );
    const [written] = onProduction('postgres:16.4', {});
    assert.match(written?.fix?.description ?? '', /local mirror/);
    const [kustomized] = onProduction('db:1', {
      kustomizeImages: [own([{ name: 'db', newName: 'postgres', newTag: '16.4' }])],
    });
    assert.match(
      kustomized?.message ?? '',
      /^Image "postgres:16\.4" \(as the kustomization kustomization\.yaml sets it\)/,
    );
    assert.equal(kustomized?.fix, undefined);
  });
});
