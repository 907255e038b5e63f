// Files the CLI writes never take the place of what a person wrote: not an input named as the
// output, not a read-only manifest, not an edit saved while the command ran.
import assert from 'node:assert/strict';
import { chmodSync, linkSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { unpinnedDeployment } from '../../test/check-cases.ts';
import { makeFolder, runInProcess } from '../../test/check-support.ts';
import { CliError } from './errors.ts';
import { isSameFile, writeFileAtomically } from './write-file.ts';

const service = `apiVersion: v1
kind: Service
metadata:
  name: web # the portal
  namespace: portal
spec:
  type: LoadBalancer
  ports:
    - port: 443
`;

const requestPort = ['request-port', 'web', '--port', '443', '--reason', 'public portal'];

describe('isSameFile', () => {
  test('sees one file through links and spellings, and tells different files apart', () => {
    const folder = makeFolder({ 'a.yaml': 'a', 'b.yaml': 'b', 'sub/.keep': '' });
    symlinkSync(join(folder, 'a.yaml'), join(folder, 'soft.yaml'));
    linkSync(join(folder, 'a.yaml'), join(folder, 'hard.yaml'));
    const a = join(folder, 'a.yaml');
    assert.ok(isSameFile(a, join(folder, 'soft.yaml')));
    assert.ok(isSameFile(a, join(folder, 'hard.yaml')));
    assert.ok(isSameFile(a, join(folder, 'sub', '..', 'a.yaml')));
    assert.ok(!isSameFile(a, join(folder, 'b.yaml')));
    assert.ok(isSameFile(join(folder, 'new.yaml'), join(folder, 'sub', '..', 'new.yaml')));
    assert.ok(!isSameFile(a, join(folder, 'new.yaml')));
  });
});

describe('an output that is one of the inputs is refused, and nothing changes', () => {
  for (const [title, output] of [
    ['the same name', 'web.yaml'],
    ['an absolute spelling', undefined],
    ['a symlink to it', 'link.yaml'],
    ['a hard link to it', 'hard.yaml'],
  ] as const) {
    test(`request-port -f web.yaml -o (${title})`, async () => {
      const folder = makeFolder({ 'web.yaml': service });
      symlinkSync('web.yaml', join(folder, 'link.yaml'));
      linkSync(join(folder, 'web.yaml'), join(folder, 'hard.yaml'));
      const outcome = await runInProcess(
        [...requestPort, '-f', 'web.yaml', '-o', output ?? join(folder, 'web.yaml')],
        folder,
      );
      assert.equal(outcome.exitCode, 2, outcome.stderr);
      assert.match(outcome.stderr, /is the manifest given with -f: the request would replace it\. Nothing was changed/);
      assert.equal(readFileSync(join(folder, 'web.yaml'), 'utf8'), service);
    });

    test(`check web.yaml -o (${title})`, async () => {
      const folder = makeFolder({ 'web.yaml': unpinnedDeployment });
      symlinkSync('web.yaml', join(folder, 'link.yaml'));
      linkSync(join(folder, 'web.yaml'), join(folder, 'hard.yaml'));
      const outcome = await runInProcess(
        ['check', 'web.yaml', '--fix', '-o', output ?? join(folder, 'web.yaml')],
        folder,
      );
      assert.equal(outcome.exitCode, 2, outcome.stderr);
      assert.match(outcome.stderr, /one of the files checked: the report would replace it\. Nothing was changed/);
      assert.equal(readFileSync(join(folder, 'web.yaml'), 'utf8'), unpinnedDeployment);
    });
  }

  test('check DIR -o DIR/file, where the file is one the folder check reads', async () => {
    const folder = makeFolder({ 'deploy/web.yaml': unpinnedDeployment });
    const outcome = await runInProcess(['check', 'deploy', '-o', 'deploy/web.yaml'], folder);
    assert.equal(outcome.exitCode, 2, outcome.stderr);
    assert.match(outcome.stderr, /-o deploy\/web\.yaml is also one of the files checked/);
    assert.equal(readFileSync(join(folder, 'deploy/web.yaml'), 'utf8'), unpinnedDeployment);
  });

  test('check DIR -o a new file in DIR is fine', async () => {
    const folder = makeFolder({ 'deploy/web.yaml': unpinnedDeployment });
    const outcome = await runInProcess(['check', 'deploy', '--format', 'json', '-o', 'deploy/report.json'], folder);
    assert.equal(outcome.exitCode, 1, outcome.stderr);
    assert.match(readFileSync(join(folder, 'deploy/report.json'), 'utf8'), /image\/pinned/);
  });
});

describe('request-port -f on a read-only manifest', () => {
  test('is refused as check --fix refuses it, and nothing is written', async () => {
    const folder = makeFolder({ 'web.yaml': service });
    chmodSync(join(folder, 'web.yaml'), 0o444);
    const outcome = await runInProcess([...requestPort, '-f', 'web.yaml', '-o', 'request.yaml'], folder);
    assert.equal(outcome.exitCode, 2, outcome.stderr);
    assert.match(
      outcome.stderr,
      /web\.yaml: the file is read-only \(mode 0444\)\. Nothing was changed; make it writable/,
    );
    assert.equal(readFileSync(join(folder, 'web.yaml'), 'utf8'), service);
    assert.deepEqual(readdirSync(folder), ['web.yaml']);
  });
});

describe('writeFileAtomically with the text the change was made from', () => {
  test('keeps an edit saved meanwhile and says what happened', async () => {
    const folder = makeFolder({ 'web.yaml': 'a: 1\n' });
    const path = join(folder, 'web.yaml');
    writeFileSync(path, 'a: 1\nb: saved meanwhile\n');
    await assert.rejects(
      writeFileAtomically(path, 'a: 2\n', 'web.yaml', 'a: 1\n'),
      (error: unknown) =>
        error instanceof CliError &&
        /^web\.yaml changed while this command ran: your version was kept and the changes were not written/.test(
          error.message,
        ),
    );
    assert.equal(readFileSync(path, 'utf8'), 'a: 1\nb: saved meanwhile\n');
  });
});
