import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchExemption } from '../suppress/exemptions.ts';
import { compileGlob, countGlobSteps } from './glob.ts';
import { loadConfig } from './load.ts';
import { matchCluster } from './targets.ts';

const matches = (pattern: string, text: string, path = false) => compileGlob(pattern, { path })(text);

describe('globs', () => {
  it('finds literal runs wherever they stand: escaped, between stars, beyond one code unit', () => {
    assert.equal(matches('a\\*b*c', 'a*bxxc'), true);
    assert.equal(matches('a\\*b*c', 'axbxxc'), false);
    assert.equal(matches('é*ü', 'éxxü'), true);
    assert.equal(matches('*🙂x*', 'a🙂xb'), true);
    assert.equal(matches('*🙂x*', 'a🙂yb'), false);
    assert.equal(matches('nb-?', 'nb-🙂'), true, '? is one character beyond the first plane too');
    assert.equal(matches('**/tests/**', 'atests/x', true), false);
    assert.equal(matches('**/tests/**', 'a/tests/x', true), true);
    assert.equal(matches('prod', 'prod'), true);
    assert.equal(matches('prod', 'production'), false);
  });

  it('matches *, ?, sets, braces and escapes on names', () => {
    assert.equal(matches('lsst-prod*', 'lsst-prod-east'), true);
    assert.equal(matches('lsst-prod*', 'lsst-dev'), false);
    assert.equal(
      matches('arn:aws:eks:*:cluster/prod', 'arn:aws:eks:us-east-1:123:cluster/prod'),
      true,
      '* crosses / and :',
    );
    assert.equal(matches('nb-?', 'nb-1'), true);
    assert.equal(matches('nb-?', 'nb-12'), false);
    assert.equal(matches('nb-[0-9]', 'nb-7'), true);
    assert.equal(matches('nb-[!0-9]', 'nb-7'), false);
    assert.equal(matches('nb-[^0-9]', 'nb-x'), true);
    assert.equal(matches('{istio,linkerd}-*', 'linkerd-proxy'), true);
    assert.equal(matches('{istio,linkerd}-*', 'envoy-proxy'), false);
    assert.equal(matches('a\\*b', 'a*b'), true);
    assert.equal(matches('a\\*b', 'axb'), false);
    assert.equal(matches('[unclosed', '[unclosed'), true);
    assert.equal(matches('', ''), true);
    assert.equal(matches('*', ''), true);
    assert.equal(matches('.hidden*', '.hidden-x'), true);
    assert.equal(matches('!kube-*', 'kube-system'), false);
    assert.equal(matches('!kube-*', 'lsst-dev'), true);
  });

  it('keeps * and ? within a path segment and lets ** cross them', () => {
    assert.equal(matches('vendor/**', 'vendor/charts/a.yaml', true), true);
    assert.equal(matches('vendor/**', 'vendor', true), true);
    assert.equal(matches('vendor/*', 'vendor/charts/a.yaml', true), false);
    assert.equal(matches('**/a.yaml', 'a.yaml', true), true);
    assert.equal(matches('**/a.yaml', 'x/y/a.yaml', true), true);
    assert.equal(matches('x/**/a.yaml', 'x/a.yaml', true), true);
    assert.equal(matches('x/**/a.yaml', 'x/y/z/a.yaml', true), true);
    assert.equal(matches('x/**/a.yaml', 'xy/a.yaml', true), false);
    // `**/` is whole segments: what follows it starts a segment, never in the middle of one.
    assert.equal(matches('**/a.yaml', 'ba.yaml', true), false);
    assert.equal(matches('**/a.yaml', 'x/ba.yaml', true), false);
    assert.equal(matches('**/.devcontainer/**', 'a.devcontainer/Dockerfile', true), false);
    assert.equal(matches('**/.devcontainer/**', 'x/.devcontainer/Dockerfile', true), true);
    assert.equal(matches('x/**/tests/y', 'x/a/btests/y', true), false);
    assert.equal(matches('x/**/tests/y', 'x/a/tests/y', true), true);
    // A final `/**` is the folder and what is in it, not a longer name.
    assert.equal(matches('**/test/**', 'test', true), true);
    assert.equal(matches('**/test/**', 'a/test/b/c.yaml', true), true);
    assert.equal(matches('**/test/**', 'actions/test-service/action.yaml', true), false);
    assert.equal(matches('vendor/**', 'vendored/a.yaml', true), false);
    assert.equal(matches('*.yaml', 'a/b.yaml', true), false);
    assert.equal(matches('a?b', 'a/b', true), false);
  });

  it('matches a 24-character *a*a… glob against a 100,000-character name in steps bounded by their product', () => {
    const pattern = '*a'.repeat(12);
    const name = `${'a'.repeat(100_000)}b`;
    assert.equal(matches(pattern, name), false);
    assert.equal(matches(pattern, 'a'.repeat(100_000)), true);
    const steps = countGlobSteps(pattern, name);
    assert.ok(steps <= (name.length + 1) * (pattern.length + 1) * 2, `${steps} steps`);
    // Twice the name, twice the steps (within one pass of the pattern): linear in the name.
    const longer = countGlobSteps(pattern, `${'a'.repeat(200_000)}b`);
    assert.ok(longer <= steps * 2 + pattern.length * 2, `${steps} steps, then ${longer}`);
  });

  it('bounds braces: too many alternatives leave them literal instead of expanding without end', () => {
    const pattern = '{a,b}'.repeat(10);
    assert.ok(countGlobSteps(pattern, 'ab'.repeat(5)) < 1_000);
    assert.equal(matches(pattern, '{a,b}'.repeat(10)), true);
  });

  it('holds in exemptions and context matching, the places a user writes globs', { timeout: 120_000 }, () => {
    const pattern = '*a'.repeat(12);
    const long = `${'a'.repeat(50_000)}b`;
    const config = loadConfig(
      `clusters:\n  - name: prod\n    role: production\n    kubernetesVersion: "1.29"\n    match: { contexts: ["${pattern}"], servers: ["https://${pattern}"] }\ntargets: [prod]\n`,
      { file: 'lsst.yaml' },
    );
    assert.equal(matchCluster(config, { contextName: long, serverUrl: `https://${long}` }), undefined);
    const exemption = { rule: 'image/pinned', name: pattern, path: pattern, reason: 'test' };
    assert.equal(
      matchExemption([exemption], { rule: 'image/pinned', name: long, path: long, now: new Date() }),
      undefined,
    );
  });
});
