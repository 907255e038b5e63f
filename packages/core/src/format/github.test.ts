import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeData, escapeProperty } from './github.ts';
import { formatResults } from './index.ts';
import { findingAt, letters, sampleInput } from './test-support.ts';

describe('github format', () => {
  it('prints one workflow command per finding, info as notice, suppressed ones left out', () => {
    assert.equal(
      formatResults('github', sampleInput({ showSuppressed: true })),
      `::error file=deploy/web.yaml,line=5,col=14,endLine=5,endColumn=21,title=namespace/explicit::Deployment web is in the namespace default; use a namespace of your team.
::error file=deploy/web.yaml,line=11,col=18,endLine=11,endColumn=30,title=image/pinned::Image nginx:latest uses the tag latest; pin a version.
::error file=deploy/web.yaml,line=13,col=13,endLine=13,endColumn=25,title=security/run-as-non-root::Container app runs as root (runAsUser: 0).
::error file=deploy/nightly backup.yaml,line=1,col=13,endLine=1,endColumn=26,title=cluster/api-version::CronJob batch/v1beta1 is removed in Kubernetes 1.25; use batch/v1. [clusters: dev, prod]
::warning file=images/Dockerfile,line=1,col=6,endLine=1,endColumn=16,title=image/supported-base::python:3.8 reached its end of life on 2024-10-07.
::notice file=images/Dockerfile,line=2,col=39,endLine=2,endColumn=54,title=container/minimal-packages::apt-get install without --no-install-recommends.
::warning file=images/Dockerfile,line=2,col=58,endLine=2,endColumn=61,title=container/no-build-tools::The final stage installs gcc; build in an earlier stage.
::warning file=images/Dockerfile,line=4,col=21,endLine=4,endColumn=25,title=container/no-build-tools::The final stage installs make; build in an earlier stage.
::error file=images/Dockerfile,line=5,col=6,endLine=5,endColumn=10,title=security/run-as-non-root::The final stage runs as root.
::error title=security/no-privilege-escalation::Deployment nb-science/jupyter (notebook): Container notebook is privileged. [cluster: prod]
`,
    );
  });

  it('escapes as the Actions toolkit does: data keeps colons and commas, properties do not', () => {
    assert.equal(escapeData('50% done\r\nnext: a, b'), '50%25 done%0D%0Anext: a, b');
    assert.equal(escapeProperty('50% done\r\nnext: a, b'), '50%25 done%0D%0Anext%3A a%2C b');
    const path = 'deploy/a,b:c%.yaml';
    const finding = findingAt(path, letters, 'b: 2', {
      rule: 'image/pinned',
      severity: 'warning',
      message: 'Line one: 100%\nline two, done',
    });
    assert.equal(
      formatResults('github', { ...sampleInput(), results: [{ path, kind: 'manifest', findings: [finding] }] }),
      '::warning file=deploy/a%2Cb%3Ac%25.yaml,line=2,col=1,endLine=2,endColumn=5,title=image/pinned::Line one: 100%25%0Aline two, done\n',
    );
  });

  it('gives no columns for a range over several lines, which the runner would reject', () => {
    const finding = findingAt('deploy/web.yaml', letters, 'b: 2\nc: 3', {
      rule: 'image/pinned',
      severity: 'error',
      message: 'Spans lines.',
    });
    const output = formatResults('github', {
      ...sampleInput(),
      results: [{ path: 'deploy/web.yaml', kind: 'manifest', findings: [finding] }],
    });
    assert.equal(output, '::error file=deploy/web.yaml,line=2,endLine=3,title=image/pinned::Spans lines.\n');
  });

  it('prints nothing when there is nothing to report', () => {
    assert.equal(formatResults('github', { ...sampleInput(), results: [] }), '');
  });
});
