// Adopting the check in a repository with history: a baseline written on one commit, then a
// history of moves, reordering, reformatting and a rename, with one new violation and one fix.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import Ajv from 'ajv';
import { makeFolder, runBinary, testEnv } from '../check-support.ts';
import { buildOnce } from './build-once.ts';

const legacy = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: legacy
  namespace: web
spec:
  selector: { matchLabels: { app: legacy } }
  template:
    metadata: { labels: { app: legacy } }
    spec:
      containers:
        - name: app
          image: nginx
`;
const clean = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: web
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: app
          image: nginx:1.27.0
          securityContext:
            allowPrivilegeEscalation: false
`;
const database = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: db
spec:
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers:
        - name: postgres
          image: postgres:9.6-stretch
          ports:
            - containerPort: 5432
`;
const dockerfile = 'FROM centos:7\nRUN yum install -y gcc\nCMD ["/app"]\n';

interface JsonReport {
  results: { path: string; findings: { rule: string; line: number; object?: { name?: string } }[] }[];
}

const baselineSchema = JSON.parse(
  readFileSync(new URL('../../../core/schema/lsst-baseline.schema.json', import.meta.url), 'utf8'),
);

function git(folder: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: folder,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
    },
  });
}

/** A repository with one commit of old findings. */
function oldRepository(): string {
  const folder = makeFolder({
    'deploy/apps.yaml': `${legacy}---\n${clean}`,
    'deploy/db.yaml': database,
    Dockerfile: dockerfile,
  });
  git(folder, 'init', '-q', '-b', 'main');
  git(folder, 'add', '.');
  git(folder, 'commit', '-q', '-m', 'old');
  return folder;
}

const check = (folder: string, ...args: string[]) => runBinary(['check', '.', ...args], folder, '', testEnv(folder));
const unsuppressed = (report: JsonReport) =>
  report.results.flatMap((result) =>
    result.findings.map((finding) => `${result.path} ${finding.rule} ${finding.object?.name ?? ''}`.trim()),
  );

describe('check --baseline on a repository with history', () => {
  before(buildOnce);

  test('moves, reordering, reformatting and a rename keep old findings baselined; the new one alone is reported and decides the exit code', async () => {
    const folder = oldRepository();
    const written = await check(folder, '--write-baseline', '.lsst-baseline.json');
    assert.equal(written.exitCode, 0, written.stderr);
    assert.match(written.stderr, /wrote \d+ findings to the baseline \.lsst-baseline\.json/);
    const baselineText = readFileSync(join(folder, '.lsst-baseline.json'), 'utf8');
    const ajv = new Ajv({ strict: true });
    assert.ok(ajv.validate(baselineSchema, JSON.parse(baselineText)), JSON.stringify(ajv.errors));
    const recorded = JSON.parse(baselineText).entries.length as number;
    assert.ok(recorded >= 6, `${recorded} entries`);
    git(folder, 'add', '.');
    git(folder, 'commit', '-q', '-m', 'baseline');

    // Checked again as it is: nothing new, everything baselined.
    const same = await check(folder, '--baseline', '.lsst-baseline.json', '--format', 'json');
    assert.equal(same.exitCode, 0, same.stderr);
    assert.deepEqual(unsuppressed(JSON.parse(same.stdout)), []);
    assert.match(
      same.stderr,
      new RegExp(`${recorded} findings recorded in the baseline \\.lsst-baseline\\.json are not shown`),
    );

    // History: reorder the documents and move lines; reformat; rename; one fix and one new violation.
    writeFileSync(
      join(folder, 'deploy/apps.yaml'),
      `# Applications\n\n${clean.replace('nginx:1.27.0', 'nginx:latest')}---\n# moved below\n${legacy.replace('image: nginx', 'image: nginx:1.27.0')}`,
    );
    writeFileSync(
      join(folder, 'deploy/db.yaml'),
      `# The database\n${database.replace(/^ {6}containers:\n[\s\S]*$/m, '      containers: [{name: postgres, image: "postgres:9.6-stretch", ports: [{containerPort: 5432}]}]\n')}`,
    );
    git(folder, 'mv', 'Dockerfile', 'app.Dockerfile');
    writeFileSync(join(folder, 'app.Dockerfile'), `# syntax=docker/dockerfile:1\n${dockerfile}`);
    git(folder, 'add', '.');
    git(folder, 'commit', '-q', '-m', 'history');

    const after = await check(folder, '--baseline', '.lsst-baseline.json', '--format', 'json');
    assert.deepEqual(unsuppressed(JSON.parse(after.stdout)), ['deploy/apps.yaml image/pinned web'], after.stderr);
    assert.equal(after.exitCode, 1, 'the new error alone fails the check');
    assert.match(
      after.stderr,
      /1 baseline entry fixed since the baseline was written \(remove it with --prune-baseline\):/,
    );
    assert.match(after.stderr, /fixed: deploy\/apps\.yaml: image\/pinned Deployment web\/legacy \(app\)/);
    assert.equal((after.stderr.match(/fixed: /g) ?? []).length, 1, after.stderr);

    // The same check named by .lsst.yaml; and with the new violation gone, the old findings do not fail it.
    writeFileSync(join(folder, '.lsst.yaml'), 'baseline: .lsst-baseline.json\n');
    writeFileSync(
      join(folder, 'deploy/apps.yaml'),
      readFileSync(join(folder, 'deploy/apps.yaml'), 'utf8').replace('nginx:latest', 'nginx:1.27.0'),
    );
    const fromConfig = await check(folder, '--format', 'json');
    assert.deepEqual(unsuppressed(JSON.parse(fromConfig.stdout)), []);
    assert.equal(fromConfig.exitCode, 0, fromConfig.stderr);

    // Pruning drops the fixed entry and records the rename.
    const pruned = await check(folder, '--prune-baseline');
    assert.equal(pruned.exitCode, 0, pruned.stderr);
    assert.match(pruned.stderr, /removed 1 fixed entry from the baseline \.lsst-baseline\.json/);
    const entries = JSON.parse(readFileSync(join(folder, '.lsst-baseline.json'), 'utf8')).entries as { file: string }[];
    assert.equal(entries.length, recorded - 1);
    assert.ok(entries.some((entry) => entry.file === 'app.Dockerfile'));
    assert.ok(!entries.some((entry) => entry.file === 'Dockerfile'));
    const again = await check(folder);
    assert.equal(again.exitCode, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /fixed/);
  });

  test('a missing or broken baseline is a usage error naming the file and what to do', async () => {
    const folder = oldRepository();
    const missing = await check(folder, '--baseline', 'nope.json');
    assert.equal(missing.exitCode, 2);
    assert.match(
      missing.stderr,
      /the baseline nope\.json \(--baseline\) does not exist\. Write it with `kubectl lsst check \. --write-baseline nope\.json`/,
    );
    writeFileSync(join(folder, 'broken.json'), '{\n  "version": 1,\n  "entries": [\n    { "rule": 3 }\n  ]\n}\n');
    const broken = await check(folder, '--baseline', 'broken.json');
    assert.equal(broken.exitCode, 2);
    assert.match(broken.stderr, /broken\.json:4:\d+: entry 1: "rule" must be a non-empty string\./);
    assert.doesNotMatch(broken.stderr, /\n\s+at /);
    const fromConfig = makeFolder({ '.lsst.yaml': 'baseline: gone.json\n', 'a.yaml': legacy });
    const named = await check(fromConfig);
    assert.equal(named.exitCode, 2);
    assert.match(named.stderr, /the baseline gone\.json \(named in \.lsst\.yaml\) does not exist/);
  });

  test('writing the baseline of one file keeps the entries of the files not checked', async () => {
    const folder = oldRepository();
    assert.equal((await check(folder, '--write-baseline', 'b.json')).exitCode, 0);
    const all = JSON.parse(readFileSync(join(folder, 'b.json'), 'utf8')).entries as { file: string }[];
    writeFileSync(join(folder, 'Dockerfile'), 'FROM centos:7\n');
    const one = await runBinary(['check', 'Dockerfile', '--write-baseline', 'b.json'], folder, '', testEnv(folder));
    assert.match(one.stderr, /and kept \d+ entries of files not checked/);
    const after = JSON.parse(readFileSync(join(folder, 'b.json'), 'utf8')).entries as { file: string }[];
    const outside = (entries: { file: string }[]) => entries.filter((entry) => entry.file !== 'Dockerfile');
    assert.deepEqual(outside(after), outside(all));
    assert.ok(
      after.filter((entry) => entry.file === 'Dockerfile').length <
        all.filter((entry) => entry.file === 'Dockerfile').length,
    );
  });

  test('SARIF fingerprints are the same across two runs and across a line move', async () => {
    const folder = oldRepository();
    const fingerprints = async () => {
      const outcome = await check(folder, '--format', 'sarif');
      const log = JSON.parse(outcome.stdout) as {
        runs: { results: { ruleId: string; partialFingerprints: Record<string, string> }[] }[];
      };
      return log.runs[0]?.results
        .map((result) => `${result.ruleId} ${Object.values(result.partialFingerprints).join()}`)
        .sort();
    };
    const first = await fingerprints();
    assert.ok(first && first.length >= 6);
    assert.equal(new Set(first).size, first.length, 'each result its own fingerprint');
    assert.deepEqual(await fingerprints(), first);
    writeFileSync(join(folder, 'deploy/db.yaml'), `# moved\n\n\n${database}`);
    writeFileSync(join(folder, 'deploy/apps.yaml'), `${clean}---\n${legacy}`);
    assert.deepEqual(await fingerprints(), first);
  });

  test('--changed-since reports findings on changed lines and in touched objects, after a rename, from a shallow clone too', async () => {
    const folder = oldRepository();
    git(folder, 'checkout', '-q', '-b', 'feature');
    git(folder, 'mv', 'Dockerfile', 'app.Dockerfile');
    // A removed field: its finding sits on an unchanged line of a touched object.
    writeFileSync(
      join(folder, 'deploy/apps.yaml'),
      `${legacy}---\n${clean.replace('          securityContext:\n            allowPrivilegeEscalation: false\n', '')}`,
    );
    git(folder, 'commit', '-q', '-am', 'feature');
    writeFileSync(
      join(folder, 'new.yaml'),
      legacy.replace('name: legacy', 'name: fresh').replace('image: nginx', 'image: nginx:1.27.0'),
    );

    const changed = await runBinary(
      ['check', '--changed-since', 'main', '--format', 'json'],
      folder,
      '',
      testEnv(folder),
    );
    assert.deepEqual(
      unsuppressed(JSON.parse(changed.stdout)).sort(),
      [
        'deploy/apps.yaml security/no-privilege-escalation web',
        'new.yaml security/no-privilege-escalation fresh',
        'new.yaml security/run-as-non-root fresh',
      ],
      changed.stderr,
    );
    assert.equal(changed.exitCode, 1);

    // A shallow clone of the branch alone does not have main: it says so, and what to do.
    const clone = `${folder}-shallow`;
    git(folder, 'clone', '-q', '--depth=1', '--branch', 'feature', `file://${folder}`, clone);
    const missing = await runBinary(['check', '--changed-since', 'origin/main'], clone, '', testEnv(clone));
    assert.equal(missing.exitCode, 2);
    assert.match(
      missing.stderr,
      /--changed-since origin\/main: this clone has no commit origin\/main\. A shallow clone .* fetch it first \(git fetch --depth=1 origin main\)/,
    );
    git(clone, 'fetch', '-q', '--depth=1', 'origin', 'main:refs/remotes/origin/main');
    const fetched = await runBinary(
      ['check', '--changed-since', 'origin/main', '--format', 'json'],
      clone,
      '',
      testEnv(clone),
    );
    assert.deepEqual(
      unsuppressed(JSON.parse(fetched.stdout)),
      ['deploy/apps.yaml security/no-privilege-escalation web'],
      fetched.stderr,
    );
    assert.match(fetched.stderr, /no common ancestor of origin\/main and HEAD in this clone \(shallow\?\)/);

    // With a baseline, entries of findings outside the change are neither shown nor taken for fixed.
    const withBaseline = await runBinary(['check', '.', '--write-baseline', 'b.json'], folder, '', testEnv(folder));
    assert.equal(withBaseline.exitCode, 0, withBaseline.stderr);
    const both = await runBinary(
      ['check', '--changed-since', 'main', '--baseline', 'b.json'],
      folder,
      '',
      testEnv(folder),
    );
    assert.equal(both.exitCode, 0, both.stderr);
    assert.doesNotMatch(both.stderr, /fixed/);
  });
});
