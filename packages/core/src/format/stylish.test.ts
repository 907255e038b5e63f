import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckResult } from '../engine/check.ts';
import { formatResults } from './index.ts';
import { cwd, dockerfile, findingAt, rules, sampleInput, webManifest } from './test-support.ts';

const escapeCharacter = '\u001b';

/** Control characters other than the line feed, which a terminal would act on. */
function controlsIn(text: string): string[] {
  return [...text].filter((character) => {
    const code = character.codePointAt(0) ?? 0;
    return (code < 0x20 && character !== '\n') || code === 0x7f;
  });
}

function withoutColours(text: string): string {
  return text
    .split(escapeCharacter)
    .map((part, index) => (index === 0 ? part : part.replace(/^\[\d+m/, '')))
    .join('');
}

describe('stylish format', () => {
  it('groups findings by file with a code frame under each, and ends with the summary', () => {
    assert.equal(
      formatResults('stylish', sampleInput()),
      `deploy/web.yaml
  5:14   error  Deployment web is in the namespace default; use a namespace of your team.  namespace/explicit (DMTN-095 §1.2.6)
      4 |   name: web
    > 5 |   namespace: default
        |              ^^^^^^^
      6 | spec:

  11:18  error  Image nginx:latest uses the tag latest; pin a version.                    image/pinned (DMTN-095 §1.2.2)
      10 |         - name: app
    > 11 |           image: nginx:latest
         |                  ^^^^^^^^^^^^
      12 |           securityContext:

  13:13  error  Container app runs as root (runAsUser: 0).                                security/run-as-non-root (DMTN-095 §1.2.4)
      12 |           securityContext:
    > 13 |             runAsUser: 0
         |             ^^^^^^^^^^^^
      14 | ---

deploy/nightly backup.yaml
  1:13  error  CronJob batch/v1beta1 is removed in Kubernetes 1.25; use batch/v1. [clusters: dev, prod]  cluster/api-version (DMTN-095 §1.1)
    > 1 | apiVersion: batch/v1beta1
        |             ^^^^^^^^^^^^^
      2 | kind: CronJob

images/Dockerfile
  1:6   warning  python:3.8 reached its end of life on 2024-10-07.          image/supported-base (DMTN-095 §1.2.2)
    > 1 | FROM python:3.8 AS app
        |      ^^^^^^^^^^
      2 | RUN echo "Grüße 🚀 日本" > /etc/motd && apt-get install -y gcc

  2:39  info     apt-get install without --no-install-recommends.           container/minimal-packages (DMTN-095 §1.2.1)
      1 | FROM python:3.8 AS app
    > 2 | RUN echo "Grüße 🚀 日本" > /etc/motd && apt-get install -y gcc
        |                                         ^^^^^^^^^^^^^^^
      3 | RUN apt-get update && \\

  2:58  warning  The final stage installs gcc; build in an earlier stage.   container/no-build-tools (DMTN-095 §1.2.1)
      1 | FROM python:3.8 AS app
    > 2 | RUN echo "Grüße 🚀 日本" > /etc/motd && apt-get install -y gcc
        |                                                            ^^^
      3 | RUN apt-get update && \\

  4:21  warning  The final stage installs make; build in an earlier stage.  container/no-build-tools (DMTN-095 §1.2.1)
      3 | RUN apt-get update && \\
    > 4 |     apt-get install -y make
        |                        ^^^^
      5 | USER root

  5:6   error    The final stage runs as root.                              security/run-as-non-root (DMTN-095 §1.2.4)
      4 |     apt-get install -y make
    > 5 | USER root
        |      ^^^^

cluster:prod
  Deployment nb-science/jupyter (notebook)  error  Container notebook is privileged. [cluster: prod]  security/no-privilege-escalation (DMTN-095 §1.2.4)

✖ 10 problems (6 errors, 3 warnings, 1 info), 2 suppressed, 5 fixable with --fix
`,
    );
  });

  it('lists suppressed findings with their reason when asked to, and still does not count them', () => {
    assert.equal(
      formatResults('stylish', sampleInput({ showSuppressed: true })),
      `deploy/web.yaml
  5:14   error       Deployment web is in the namespace default; use a namespace of your team.  namespace/explicit (DMTN-095 §1.2.6)
      4 |   name: web
    > 5 |   namespace: default
        |              ^^^^^^^
      6 | spec:

  11:18  error       Image nginx:latest uses the tag latest; pin a version.                    image/pinned (DMTN-095 §1.2.2)
      10 |         - name: app
    > 11 |           image: nginx:latest
         |                  ^^^^^^^^^^^^
      12 |           securityContext:

  13:13  error       Container app runs as root (runAsUser: 0).                                security/run-as-non-root (DMTN-095 §1.2.4)
      12 |           securityContext:
    > 13 |             runAsUser: 0
         |             ^^^^^^^^^^^^
      14 | ---

  22:9   suppressed  Service web is of type NodePort without an approved port request. (inline comment: reviewed by the network team, request PR-12)  network/public-exposure (DMTN-095 §1.2.3)

deploy/nightly backup.yaml
  1:13  error  CronJob batch/v1beta1 is removed in Kubernetes 1.25; use batch/v1. [clusters: dev, prod]  cluster/api-version (DMTN-095 §1.1)
    > 1 | apiVersion: batch/v1beta1
        |             ^^^^^^^^^^^^^
      2 | kind: CronJob

images/Dockerfile
  1:6   warning  python:3.8 reached its end of life on 2024-10-07.          image/supported-base (DMTN-095 §1.2.2)
    > 1 | FROM python:3.8 AS app
        |      ^^^^^^^^^^
      2 | RUN echo "Grüße 🚀 日本" > /etc/motd && apt-get install -y gcc

  2:39  info     apt-get install without --no-install-recommends.           container/minimal-packages (DMTN-095 §1.2.1)
      1 | FROM python:3.8 AS app
    > 2 | RUN echo "Grüße 🚀 日本" > /etc/motd && apt-get install -y gcc
        |                                         ^^^^^^^^^^^^^^^
      3 | RUN apt-get update && \\

  2:58  warning  The final stage installs gcc; build in an earlier stage.   container/no-build-tools (DMTN-095 §1.2.1)
      1 | FROM python:3.8 AS app
    > 2 | RUN echo "Grüße 🚀 日本" > /etc/motd && apt-get install -y gcc
        |                                                            ^^^
      3 | RUN apt-get update && \\

  4:21  warning  The final stage installs make; build in an earlier stage.  container/no-build-tools (DMTN-095 §1.2.1)
      3 | RUN apt-get update && \\
    > 4 |     apt-get install -y make
        |                        ^^^^
      5 | USER root

  5:6   error    The final stage runs as root.                              security/run-as-non-root (DMTN-095 §1.2.4)
      4 |     apt-get install -y make
    > 5 | USER root
        |      ^^^^

cluster:prod
  Deployment nb-science/jupyter (notebook)  error       Container notebook is privileged. [cluster: prod]                         security/no-privilege-escalation (DMTN-095 §1.2.4)
  ConfigMap default/settings                suppressed  ConfigMap settings is in the namespace default. (configuration exemption: legacy settings, moved in Q3, until 2030-06-30)  namespace/explicit (DMTN-095 §1.2.6)

✖ 10 problems (6 errors, 3 warnings, 1 info), 2 suppressed, 5 fixable with --fix
`,
    );
  });

  it('colours only when asked to', () => {
    const plain = formatResults('stylish', sampleInput({ color: false }));
    const coloured = formatResults('stylish', sampleInput({ color: true }));
    assert.deepEqual(controlsIn(plain), []);
    assert.ok(coloured.includes(`${escapeCharacter}[31m`), 'errors are red');
    // The same text once the colours are taken out.
    assert.equal(withoutColours(coloured), plain);
  });

  it('never passes control characters of a file or a message to the terminal', () => {
    const path = 'deploy/evil.yaml';
    const text = 'metadata:\n  name: "\u001b]0;owned\u0007"\n';
    const finding = findingAt(path, text, '"\u001b]0;owned\u0007"', {
      rule: 'image/pinned',
      severity: 'error',
      message: 'Name "\u001b]0;owned\u0007" is odd.',
    });
    const output = formatResults('stylish', {
      ...sampleInput(),
      results: [{ path, kind: 'manifest', findings: [finding] }],
      texts: new Map([[path, text]]),
    });
    assert.deepEqual(controlsIn(output), []);
    assert.match(output, /Name "␛\]0;owned␇" is odd\./);
  });

  it('prints no frame when the text is not at hand, and the position all the same', () => {
    const output = formatResults('stylish', sampleInput({ texts: new Map() }));
    assert.doesNotMatch(output, / \| /);
    assert.match(output, /^ {2}11:18 {2}error {2}Image nginx:latest/m);
  });

  it('names the object of rendered text and still frames it when the text is at hand', () => {
    const path = 'kustomize:overlays/prod';
    const finding = findingAt(path, webManifest, 'nginx:latest', {
      rule: 'image/pinned',
      severity: 'error',
      message: 'Image nginx:latest uses the tag latest; pin a version.',
      object: { kind: 'Deployment', namespace: 'default', name: 'web', container: 'app' },
    });
    const output = formatResults('stylish', {
      ...sampleInput(),
      results: [{ path, kind: 'manifest', findings: [finding] }],
      texts: new Map([[path, webManifest]]),
    });
    assert.equal(
      output,
      `kustomize:overlays/prod
  Deployment default/web (app)  error  Image nginx:latest uses the tag latest; pin a version.  image/pinned (DMTN-095 §1.2.2)
      10 |         - name: app
    > 11 |           image: nginx:latest
         |                  ^^^^^^^^^^^^
      12 |           securityContext:

✖ 1 problem (1 error, 0 warnings, 0 info), 0 suppressed
`,
    );
  });

  it('says when the warnings exceed the maximum', () => {
    assert.match(
      formatResults('stylish', sampleInput({ maxWarnings: 2 })),
      /✖ Too many warnings: 3 \(maximum 2\)\.\n$/,
    );
    assert.doesNotMatch(formatResults('stylish', sampleInput({ maxWarnings: 3 })), /Too many warnings/);
  });

  it('prints nothing for a clean run, and the suppressed count when there are some', () => {
    const clean: CheckResult[] = [{ path: 'deploy/quiet.yaml', kind: 'manifest', findings: [] }];
    assert.equal(formatResults('stylish', { ...sampleInput(), results: clean }), '');
    const onlySuppressed = sampleInput().results.map((result) => ({
      ...result,
      findings: result.findings.filter((finding) => finding.suppression),
    }));
    assert.equal(
      formatResults('stylish', { ...sampleInput(), results: onlySuppressed }),
      '✔ 0 problems, 2 suppressed\n',
    );
  });

  it('writes singular counts in the singular and leaves out the fixable count when nothing is fixable', () => {
    const path = `${cwd}/images/Dockerfile`;
    const finding = findingAt(path, dockerfile, 'gcc', {
      rule: 'container/no-build-tools',
      severity: 'warning',
      message: 'The final stage installs gcc; build in an earlier stage.',
    });
    const output = formatResults('stylish', {
      ...sampleInput(),
      rules,
      results: [{ path, kind: 'dockerfile', findings: [finding] }],
    });
    assert.match(output, /\n✖ 1 problem \(0 errors, 1 warning, 0 info\), 0 suppressed\n$/);
  });
});
