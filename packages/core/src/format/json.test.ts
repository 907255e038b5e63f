import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { formatResults } from './index.ts';
import { type JsonOutput, toJsonOutput } from './json.ts';
import { backupManifest, cwd, editAt, findingAt, sampleInput, sampleResults } from './test-support.ts';

function parse(text: string): JsonOutput {
  return JSON.parse(text) as JsonOutput;
}

describe('json format', () => {
  it('prints the documented shape, keys in a fixed order, offset pairs on one line', () => {
    const path = `${cwd}/deploy/backup.yaml`;
    const finding = findingAt(path, backupManifest, 'batch/v1beta1', {
      rule: 'cluster/api-version',
      severity: 'error',
      message: 'CronJob batch/v1beta1 is removed in Kubernetes 1.25; use batch/v1.',
      fix: { description: 'Use apiVersion batch/v1', edits: [{ range: [12, 25], text: 'batch/v1' }] },
      object: { kind: 'CronJob', name: 'nightly-backup', namespace: 'lsst-dev', apiVersion: 'batch/v1beta1' },
      clusters: ['dev', 'prod'],
    });
    const output = formatResults('json', {
      ...sampleInput(),
      results: [{ path, kind: 'manifest', findings: [finding] }],
    });
    assert.equal(
      output,
      `{
  "version": 1,
  "results": [
    {
      "path": "deploy/backup.yaml",
      "kind": "manifest",
      "findings": [
        {
          "rule": "cluster/api-version",
          "severity": "error",
          "message": "CronJob batch/v1beta1 is removed in Kubernetes 1.25; use batch/v1.",
          "guideline": "1.1",
          "helpUri": "https://github.com/lsst-dm/kubectl-lsst/blob/main/docs/rules/cluster/api-version.md",
          "line": 1,
          "column": 13,
          "endLine": 1,
          "endColumn": 26,
          "range": [12, 25],
          "fix": {
            "description": "Use apiVersion batch/v1",
            "edits": [
              {
                "range": [12, 25],
                "text": "batch/v1"
              }
            ]
          },
          "object": {
            "apiVersion": "batch/v1beta1",
            "kind": "CronJob",
            "namespace": "lsst-dev",
            "name": "nightly-backup"
          },
          "clusters": [
            "dev",
            "prod"
          ]
        }
      ]
    }
  ],
  "summary": {
    "errors": 1,
    "warnings": 0,
    "infos": 0,
    "suppressed": 0,
    "fixable": 1
  }
}
`,
    );
  });

  it('prints each finding as JSON.stringify lays out its document, whichever keys it has', () => {
    const path = `${cwd}/deploy/backup.yaml`;
    const base = {
      rule: 'cluster/api-version',
      severity: 'warning',
      message: 'Say "why"\\ and\nwhat \u00e9 \u2028 to do.',
    } as const;
    const findings = [
      findingAt(path, backupManifest, 'batch/v1beta1', base),
      findingAt(path, backupManifest, 'batch/v1beta1', {
        ...base,
        fix: {
          description: 'Two edits',
          edits: [editAt(backupManifest, 'batch/v1beta1', 'batch/v1'), { range: [0, 0], text: '# "quoted"\n' }],
        },
        object: { kind: 'CronJob', name: 'nightly', container: 'backup' },
        clusters: ['prod'],
      }),
      findingAt(path, backupManifest, 'nightly-backup', {
        ...base,
        fix: { description: 'No edits', edits: [] },
        object: {} as never,
        clusters: [],
        suppression: { kind: 'inline', reason: 'reviewed' },
        related: [
          {
            file: `${cwd}/chart/templates/cronjob.yaml`,
            start: { line: 3, column: 5 },
            end: { line: 3, column: 9 },
            message: 'rendered here',
          },
        ] as never,
        environments: ['idfdev', 'idfprod'],
      }),
    ];
    const input = {
      ...sampleInput({ showSuppressed: true }),
      results: [{ path, kind: 'manifest' as const, findings }],
    };
    // The reference: the whole document through JSON.stringify, its offset pairs then put on one line.
    const reference = `${JSON.stringify(toJsonOutput(input), null, 2).replace(/\[\n\s+(\d+),\n\s+(\d+)\n\s+\]/g, '[$1, $2]')}\n`;
    assert.equal(formatResults('json', input), reference);
  });

  it('lists every checked file, paths relative to the working directory, and counts as stylish does', () => {
    const output = parse(formatResults('json', sampleInput()));
    assert.equal(output.version, 1);
    assert.deepEqual(
      output.results.map((result) => [result.path, result.kind, result.findings.length]),
      [
        ['deploy/web.yaml', 'manifest', 3],
        ['deploy/nightly backup.yaml', 'manifest', 1],
        ['deploy/quiet.yaml', 'manifest', 0],
        ['images/Dockerfile', 'dockerfile', 5],
        ['cluster:prod', 'manifest', 1],
      ],
    );
    assert.deepEqual(output.summary, { errors: 6, warnings: 3, infos: 1, suppressed: 2, fixable: 5 });
    const user = output.results[3]?.findings.at(-1);
    assert.deepEqual(user && [user.line, user.column, user.endLine, user.endColumn, user.range], [
      5,
      6,
      5,
      10,
      [138, 142],
    ]);
  });

  it('lists suppressed findings with their suppression only when asked to', () => {
    const hidden = parse(formatResults('json', sampleInput()));
    assert.ok(hidden.results.every((result) => result.findings.every((finding) => finding.suppression === undefined)));
    const shown = parse(formatResults('json', sampleInput({ showSuppressed: true })));
    const suppressed = shown.results.flatMap((result) => result.findings.filter((finding) => finding.suppression));
    assert.deepEqual(
      suppressed.map((finding) => [finding.rule, finding.suppression]),
      [
        ['network/public-exposure', { kind: 'inline', reason: 'reviewed by the network team, request PR-12' }],
        ['namespace/explicit', { kind: 'configuration', reason: 'legacy settings, moved in Q3', until: '2030-06-30' }],
      ],
    );
    assert.equal(shown.summary.suppressed, 2);
    assert.equal(shown.summary.errors, hidden.summary.errors);
  });

  it('passes on why a file was not checked', () => {
    const output = parse(
      formatResults('json', {
        ...sampleInput(),
        results: [
          { path: 'chart/templates/deployment.yaml', kind: 'manifest', findings: [], notCheckable: 'Helm template' },
          { path: 'values.yaml', kind: 'manifest', findings: [], skipped: 'not a Kubernetes manifest' },
        ],
      }),
    );
    assert.equal(output.results[0]?.notCheckable, 'Helm template');
    assert.equal(output.results[1]?.skipped, 'not a Kubernetes manifest');
  });

  it('is the shape that docs/json-output.md shows and describes', () => {
    const docs = readFileSync(new URL('../../../../docs/json-output.md', import.meta.url), 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(docs)?.[1];
    assert.ok(example, 'the page has a JSON example');
    const [web] = sampleResults();
    assert.ok(web);
    const output = formatResults('json', {
      ...sampleInput(),
      results: [{ ...web, findings: web.findings.slice(0, 1) }],
    });
    assert.deepEqual(JSON.parse(example), JSON.parse(output));
    const documentedKeys = new Set(
      [...docs.matchAll(/^\| `([a-zA-Z]+)`(?:, `([a-zA-Z]+)`)?(?:, `([a-zA-Z]+)`)?/gm)].flatMap((match) =>
        match.slice(1),
      ),
    );
    const shown = JSON.parse(formatResults('json', sampleInput({ showSuppressed: true }))) as JsonOutput;
    const keys = new Set([
      ...shown.results.flatMap((result) => Object.keys(result)),
      ...shown.results.flatMap((result) => result.findings.flatMap((finding) => Object.keys(finding))),
      ...Object.keys(shown.summary),
    ]);
    for (const key of keys) assert.ok(documentedKeys.has(key), `${key} is documented`);
  });
});
