// `kubectl lsst check --cluster` with custom resources: the CRDs the cluster serves validate the
// custom objects it holds (input/schema), read as kubectl reads them, with RBAC refusals reported.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { widget, widgetDefinition } from '../../../core/test-support/kube-apiserver/custom-resources.ts';
import { startTestApiServer, type TestApiServer } from '../../../core/test-support/kube-apiserver/index.ts';
import { runClusterCli } from './cluster-cli.ts';

interface JsonReport {
  results: {
    path: string;
    findings: { rule: string; message: string; line?: number; object?: { kind: string; name?: string } }[];
  }[];
}

function schemaFindings(stdout: string) {
  const report = JSON.parse(stdout) as JsonReport;
  return report.results.flatMap((result) =>
    result.findings
      .filter((finding) => finding.rule === 'input/schema')
      .map((finding) => ({ ...finding, path: result.path })),
  );
}

describe('kubectl lsst check --cluster validates custom objects through the CRDs the cluster serves', () => {
  let server: TestApiServer;
  let home: string;

  before(async () => {
    server = await startTestApiServer({
      users: ['admin', 'dana', 'erin', 'fay'],
      rbac: (request) => {
        if (request.user === 'admin') return true;
        // fay reads everything, but widgets only namespace by namespace.
        if (request.user === 'fay') return request.resource !== 'widgets' || request.namespace !== undefined;
        // dana reads the namespace "shop" but no definitions; erin reads definitions, not widgets.
        if (request.resource === 'customresourcedefinitions') return request.user === 'erin';
        if (request.resource === 'widgets') return request.user === 'dana';
        return request.namespace === 'shop' || request.resource === 'namespaces';
      },
      objects: [
        widgetDefinition,
        widget('good', 'shop', { size: 3, colour: 'red', port: 'http', extra: { anything: [1, 'two'] } }),
        widget('bad', 'shop', { size: 'three', colour: 'green', port: 8080 }),
      ],
    });
    home = mkdtempSync(join(tmpdir(), 'lsst-check-cluster-custom-'));
  });
  after(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  const check = (user: string, args: string[]) =>
    runClusterCli(
      [
        'check',
        '--cluster',
        '--format',
        'json',
        ...args,
        '--kubeconfig',
        server.writeKubeconfig(home, user, { namespace: 'shop' }),
      ],
      { env: { HOME: home } },
    );

  it('exactly one input/schema finding, on the invalid object', async () => {
    const run = await check('admin', ['-n', 'shop']);
    assert.equal(run.code, 1, run.stderr);
    const findings = schemaFindings(run.stdout);
    assert.equal(findings.length, 1, JSON.stringify(findings, null, 2));
    assert.equal(findings[0]?.object?.kind, 'Widget');
    assert.equal(findings[0]?.object?.name, 'bad');
    assert.match(findings[0]?.message ?? '', /spec\.size must be an integer/);
    assert.match(run.stderr, /checked 3 objects/);
  });

  it('-A lists each custom kind once across the cluster, with the same finding', async () => {
    server.requests.length = 0;
    const run = await check('admin', ['-A']);
    const findings = schemaFindings(run.stdout);
    assert.deepEqual(
      findings.map((finding) => finding.object?.name),
      ['bad'],
    );
    const lists = server.requests.filter((request) => request.path.endsWith('/widgets'));
    assert.deepEqual(
      lists.map((request) => request.path),
      ['/apis/example.org/v1/widgets'],
    );
  });

  it('-A where a custom kind may not be listed across the cluster: read namespace by namespace instead', async () => {
    server.requests.length = 0;
    const run = await check('fay', ['-A']);
    assert.deepEqual(
      schemaFindings(run.stdout).map((finding) => finding.object?.name),
      ['bad'],
      run.stderr,
    );
    const lists = server.requests.filter((request) => request.path.endsWith('/widgets'));
    assert.deepEqual(
      lists.map((request) => `${request.path} ${request.status}`),
      ['/apis/example.org/v1/widgets 403', '/apis/example.org/v1/namespaces/shop/widgets 200'],
    );
    assert.doesNotMatch(run.stderr, /widgets\.example\.org/, 'nothing was left unread');
  });

  it('without leave to list CRDs: a clear notice, no custom objects judged, no crash', async () => {
    const run = await check('dana', ['-n', 'shop']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /not checked cluster-wide: customresourcedefinitions \(you may not list them \(403 Forbidden\), so custom objects were neither read nor validated\)/,
    );
    assert.equal(schemaFindings(run.stdout).length, 0);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  });

  it('without leave to list a custom kind: named in the notice, the rest checked', async () => {
    const run = await check('erin', ['-n', 'shop']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /not checked in namespace shop: widgets\.example\.org \(you may not list them \(403 Forbidden\)\)/,
    );
    assert.equal(schemaFindings(run.stdout).length, 0);
  });
});
