// Faults while writing: a full disk, permission denied, and the writer killed at random points.
// The kubeconfig (`context ns`) and a manifest being fixed (`check --fix`) must afterwards be
// byte for byte the old version or the new one, and a lock left by a killed writer must not
// block the next run. The built binary runs (through the real kubectl where a user would), as
// root and, for permissions, as nobody (setpriv), since root bypasses file permissions.
// Counts are printed as test diagnostics and recorded in docs/reliability.md.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseManifest } from '@lsst-kube/core';
import { binPath, binPathForOtherUsers, packageRoot } from '../check-support.ts';
import { buildOnce } from './build-once.ts';

const binFolder = join(packageRoot, 'bin');
const iterations = Number(process.env.LSST_KILL_ITERATIONS ?? 200);
const nobody = { uid: 65534, gid: 65534 };

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a program with a clean environment; `asNobody` drops to nobody:nogroup with setpriv. */
function run(
  program: string,
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string; asNobody?: boolean; killAfterMs?: number; killWhenTempFileIn?: string } = {},
): Promise<Run> {
  // nobody may not enter the checkout's folder: it runs a copy of the plugin.
  const runnable = options.asNobody && program === binPath ? binPathForOtherUsers() : program;
  const command = options.asNobody
    ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', runnable, ...args]]
    : [program, args];
  return new Promise((resolve, reject) => {
    const child = spawn(command[0] as string, command[1] as string[], {
      cwd: options.cwd ?? tmpdir(),
      env: { PATH: `${binFolder}:${process.env.PATH ?? ''}`, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    const timer =
      options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    // inotify tells us the moment the writer creates its temp file: the kill lands inside the write.
    const watcher =
      options.killWhenTempFileIn === undefined
        ? undefined
        : watch(options.killWhenTempFileIn, (_event, name) => {
            if (name?.endsWith('.tmp')) child.kill('SIGKILL');
          });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      watcher?.close();
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function bigKubeconfig(contexts: number): string {
  const lines = ['apiVersion: v1', 'kind: Config', '# a large kubeconfig, comments kept', 'clusters:'];
  lines.push('- name: lsst-dev', '  cluster: {server: "https://dev.example.invalid:6443"}');
  for (let index = 0; index < contexts; index++) {
    lines.push(`- name: cluster-${index}`, '  cluster:', `    server: https://c${index}.example.invalid:6443`);
    lines.push(`    certificate-authority-data: ${Buffer.alloc(450, index % 251).toString('base64')}`);
  }
  lines.push('contexts:', '- name: dev', '  context: {cluster: lsst-dev, user: alice, namespace: team}');
  for (let index = 0; index < contexts; index++)
    lines.push(`- name: ctx-${index}`, '  context:', `    cluster: cluster-${index}`, `    user: user-${index}`);
  lines.push('current-context: dev', 'users:', '- name: alice', '  user: {token: tok-write-faults}');
  for (let index = 0; index < contexts; index++) lines.push(`- name: user-${index}`, `  user: {token: t-${index}}`);
  return `${lines.join('\n')}\n`;
}

function bigManifest(documents: number): string {
  const deployment = (index: number) =>
    `# deployment ${index}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${index}\n  namespace: team\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27.3\n`;
  return Array.from({ length: documents }, (_unused, index) => deployment(index)).join('---\n');
}

function parses(text: string): boolean {
  return parseManifest(text).documents.every((document) => document.problems.length === 0);
}

function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.tmp') || name.endsWith('.lock'));
}

function folder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A 64 KiB tmpfs: writing more fails with ENOSPC (after short writes, as a real full disk does). */
function smallDisk(dir: string): boolean {
  mkdirSync(dir, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status === 0;
}

describe('faults while writing', () => {
  const mounted: string[] = [];
  before(buildOnce);
  after(() => {
    for (const dir of mounted) spawnSync('umount', [dir]);
  });

  describe('disk full', () => {
    it('context ns on a full disk: clear message, the kubeconfig unchanged, no temp file or lock left', async (t) => {
      const dir = folder('lsst-full-');
      const disk = join(dir, 'disk');
      const onTmpfs = smallDisk(disk);
      if (onTmpfs) mounted.push(disk);
      const path = join(disk, 'config');
      const old = bigKubeconfig(40);
      writeFileSync(path, old, { mode: 0o600 });
      assert.ok(old.length > 30_000 && old.length < 60_000, `${old.length} bytes fit once, not twice`);
      // Without the right to mount, a file-size limit (RLIMIT_FSIZE, EFBIG) stands in for the full disk.
      const [program, args] = onTmpfs
        ? [binPath, ['context', 'ns', 'full', '--no-check']]
        : [
            'bash',
            ['-c', `trap '' XFSZ; ulimit -f 40; exec "$0" "$@"`, binPath, 'context', 'ns', 'full', '--no-check'],
          ];
      const result = await run(program as string, args as string[], { HOME: dir, KUBECONFIG: path });
      t.diagnostic(`${onTmpfs ? 'tmpfs 64k' : 'ulimit -f'}: exit ${result.code}; ${result.stderr.trim()}`);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, onTmpfs ? /could not write the kubeconfig \(ENOSPC\)/ : /EFBIG/);
      assert.match(result.stderr, /left as it was/);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(readFileSync(path, 'utf8'), old);
      assert.deepEqual(leftovers(disk), []);
    });

    it('check --fix on a full disk: clear message, exit 2, the manifest unchanged, no temp file left', async (t) => {
      const dir = folder('lsst-full-');
      const disk = join(dir, 'disk');
      const onTmpfs = smallDisk(disk);
      if (onTmpfs) mounted.push(disk);
      const path = join(disk, 'deploy.yaml');
      const old = bigManifest(200);
      writeFileSync(path, old);
      const [program, args] = onTmpfs
        ? [binPath, ['check', 'disk/deploy.yaml', '--fix']]
        : ['bash', ['-c', `trap '' XFSZ; ulimit -f 40; exec "$0" "$@"`, binPath, 'check', 'disk/deploy.yaml', '--fix']];
      const result = await run(program as string, args as string[], { HOME: dir }, { cwd: dir });
      t.diagnostic(`${onTmpfs ? 'tmpfs 64k' : 'ulimit -f'}: exit ${result.code}; ${result.stderr.trim()}`);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /cannot write disk\/deploy\.yaml: the write failed \((ENOSPC|EFBIG)/);
      assert.match(result.stderr, /It was left as it was/);
      assert.equal(readFileSync(path, 'utf8'), old);
      assert.deepEqual(
        readdirSync(disk).filter((name) => name !== 'deploy.yaml'),
        [],
      );
    });
  });

  describe('permission denied (run as nobody, whom permissions bind)', () => {
    function nobodyFolder(): string {
      const dir = folder('lsst-perm-');
      chownSync(dir, nobody.uid, nobody.gid);
      chmodSync(dir, 0o755);
      return dir;
    }
    const kubeconfig = bigKubeconfig(3);

    it('a read-only kubeconfig, one owned by someone else, and a read-only folder are left as they were', async () => {
      const cases = [
        {
          name: 'file mode 0400',
          fileMode: 0o400,
          fileOwner: nobody,
          folderMode: 0o755,
          message: /read-only \(mode 0400\)/,
        },
        {
          name: "root's file",
          fileMode: 0o644,
          fileOwner: { uid: 0, gid: 0 },
          folderMode: 0o755,
          message: /read-only/,
        },
        {
          name: 'folder mode 0555',
          fileMode: 0o600,
          fileOwner: nobody,
          folderMode: 0o555,
          message: /cannot create the lock file .*permission denied/,
        },
      ];
      for (const testCase of cases) {
        const dir = nobodyFolder();
        const path = join(dir, 'config');
        writeFileSync(path, kubeconfig);
        chownSync(path, testCase.fileOwner.uid, testCase.fileOwner.gid);
        chmodSync(path, testCase.fileMode);
        chmodSync(dir, testCase.folderMode);
        const result = await run(
          binPath,
          ['context', 'ns', 'denied', '--no-check'],
          { HOME: dir, KUBECONFIG: path },
          { asNobody: true },
        );
        chmodSync(dir, 0o755);
        assert.equal(result.code, 2, `${testCase.name}: ${result.stderr}`);
        assert.match(result.stderr, testCase.message, testCase.name);
        assert.match(result.stderr, /Nothing was changed|folder of the kubeconfig must be writable/, testCase.name);
        assert.equal(readFileSync(path, 'utf8'), kubeconfig, testCase.name);
        assert.deepEqual(leftovers(dir), [], testCase.name);
      }
    });

    it('check --fix leaves a read-only manifest (and one owned by someone else) as it was and says so', async () => {
      const manifest = bigManifest(3);
      for (const [name, mode, owner] of [
        ['mode 0444', 0o444, nobody],
        ["root's file", 0o644, { uid: 0, gid: 0 }],
      ] as const) {
        const dir = nobodyFolder();
        const path = join(dir, 'deploy.yaml');
        writeFileSync(path, manifest);
        chownSync(path, owner.uid, owner.gid);
        chmodSync(path, mode);
        const result = await run(
          binPath,
          ['check', 'deploy.yaml', '--fix'],
          { HOME: dir },
          { cwd: dir, asNobody: true },
        );
        assert.equal(result.code, 1, `${name}: ${result.stderr}`);
        assert.match(
          result.stderr,
          /deploy\.yaml: \d+ fixable finding\(s\) not fixed, since the file is read-only/,
          name,
        );
        assert.match(result.stdout, /security\/run-as-non-root/, `${name}: the report shows what is left`);
        assert.equal(readFileSync(path, 'utf8'), manifest, name);
      }
    });

    it('check --fix in a read-only folder: exit 2 with the reason, the manifest unchanged', async () => {
      const dir = nobodyFolder();
      const path = join(dir, 'deploy.yaml');
      const manifest = bigManifest(3);
      writeFileSync(path, manifest);
      chownSync(path, nobody.uid, nobody.gid);
      chmodSync(dir, 0o555);
      const result = await run(binPath, ['check', 'deploy.yaml', '--fix'], { HOME: dir }, { cwd: dir, asNobody: true });
      chmodSync(dir, 0o755);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /cannot write deploy\.yaml: no file can be created in its folder \(EACCES\)/);
      assert.equal(readFileSync(path, 'utf8'), manifest);
    });

    it('as root, a file with no write bit is not replaced either (kubeconfig and --fix)', async () => {
      const dir = folder('lsst-perm-');
      const path = join(dir, 'config');
      writeFileSync(path, kubeconfig);
      chmodSync(path, 0o444);
      const ns = await run(binPath, ['context', 'ns', 'denied', '--no-check'], { HOME: dir, KUBECONFIG: path });
      assert.equal(ns.code, 2);
      assert.equal(readFileSync(path, 'utf8'), kubeconfig);
      const manifestPath = join(dir, 'deploy.yaml');
      writeFileSync(manifestPath, bigManifest(2));
      chmodSync(manifestPath, 0o444);
      const fix = await run(binPath, ['check', 'deploy.yaml', '--fix'], { HOME: dir }, { cwd: dir });
      assert.equal(fix.code, 1, fix.stderr);
      assert.equal(readFileSync(manifestPath, 'utf8'), bigManifest(2));
    });
  });

  describe('stale locks', () => {
    it('a lock left by a killed writer of ours does not block the next run (its process is gone)', async () => {
      const dir = folder('lsst-lock-');
      const path = join(dir, 'config');
      writeFileSync(path, bigKubeconfig(2), { mode: 0o600 });
      // A real process takes the lock through the library, then is killed with SIGKILL while holding it.
      const holder = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `const { acquireKubeconfigLocks } = await import(${JSON.stringify(join(packageRoot, '../core/src/kube/lock.ts'))}); await acquireKubeconfigLocks([${JSON.stringify(path)}]); process.stdout.write('held'); setInterval(() => {}, 1000);`,
        ],
        { cwd: packageRoot, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('close', resolve));
      assert.match(readFileSync(`${path}.lock`, 'utf8'), new RegExp(`pid=${holder.pid} host=${hostname()}`));
      const result = await run('kubectl', ['lsst', 'context', 'ns', 'after-kill', '--no-check'], {
        HOME: dir,
        KUBECONFIG: path,
      });
      assert.equal(result.code, 0, result.stderr);
      assert.match(
        result.stderr,
        new RegExp(`Removed a stale lock .*config\\.lock: its owner \\(process ${holder.pid}\\) is no longer running`),
      );
      assert.deepEqual(leftovers(dir), []);
    });

    it("an empty lock (kubectl's, or a writer killed as it made it) is removed after the stale time, not an error", async () => {
      const dir = folder('lsst-lock-');
      const path = join(dir, 'config');
      writeFileSync(path, bigKubeconfig(2), { mode: 0o600 });
      writeFileSync(`${path}.lock`, '');
      const fresh = await run('kubectl', ['lsst', 'context', 'ns', 'fresh-lock', '--no-check'], {
        HOME: dir,
        KUBECONFIG: path,
        KUBECTL_LSST_LOCK_STALE_SECONDS: '2',
      });
      assert.equal(fresh.code, 0, fresh.stderr);
      assert.match(fresh.stderr, /Removed a stale lock .*: it is \d+ s old/);
      // With the default stale time (30 s), an older empty lock goes at once.
      writeFileSync(`${path}.lock`, '');
      const old = new Date(Date.now() - 31_000);
      utimesSync(`${path}.lock`, old, old);
      const aged = await run('kubectl', ['lsst', 'context', 'ns', 'old-lock', '--no-check'], {
        HOME: dir,
        KUBECONFIG: path,
      });
      assert.equal(aged.code, 0, aged.stderr);
      assert.match(aged.stderr, /Removed a stale lock .*: it is 3\d s old/);
      assert.deepEqual(leftovers(dir), []);
      assert.equal(
        spawnSync('kubectl', ['config', 'current-context'], { env: { KUBECONFIG: path }, encoding: 'utf8' }).stdout,
        'lsst-dev/old-lock\n',
      );
    });
  });

  describe(`killed mid-write (SIGKILL at random points, ${iterations} times each)`, () => {
    /** Runs `args` to the end once (the new version), then kills copies at random points. */
    async function killLoop(
      t: { diagnostic(message: string): void },
      label: string,
      setup: { dir: string; path: string; old: string; args: string[]; env: Record<string, string> },
    ) {
      const { dir, path, old, args, env } = setup;
      writeFileSync(path, old, { mode: 0o600 });
      let started = Date.now();
      const complete = await run('kubectl', args, env, { cwd: dir });
      // How long a whole run takes here, now: the median of the runs that finished (the load varies).
      const durations = [Date.now() - started];
      const fullRunMs = () => [...durations].sort((a, b) => a - b)[Math.floor(durations.length / 2)] ?? 1000;
      assert.ok(complete.code === 0 || complete.code === 1, complete.stderr);
      const updated = readFileSync(path, 'utf8');
      assert.notEqual(updated, old, 'the command changes the file');
      assert.ok(parses(updated));
      const counts = {
        old: 0,
        new: 0,
        killed: 0,
        finished: 0,
        killedMidWrite: 0,
        staleLocksRemoved: 0,
        tempFilesLeft: 0,
      };
      const tempFiles = () => readdirSync(dir).filter((name) => name.endsWith('.tmp'));
      for (let iteration = 0; iteration < iterations; iteration++) {
        writeFileSync(path, old, { mode: 0o600 });
        // Spread over the whole run, start-up included, with extra weight on the end where the write is.
        const typical = fullRunMs();
        const delay = Math.random() < 0.4 ? Math.random() * typical * 1.3 : typical * (0.7 + Math.random() * 0.6);
        const tempsBefore = new Set(tempFiles());
        started = Date.now();
        // Every other run is killed the moment its temp file appears, the rest after a random delay.
        const atWrite = iteration % 2 === 1;
        const result = await run(
          'kubectl',
          args,
          env,
          atWrite ? { cwd: dir, killWhenTempFileIn: dir } : { cwd: dir, killAfterMs: delay },
        );
        if (result.signal !== 'SIGKILL' && !atWrite) durations.push(Date.now() - started);
        // A new temp file means the kill landed between creating it and renaming it over the file.
        if (tempFiles().some((name) => !tempsBefore.has(name))) counts.killedMidWrite++;
        if (result.signal === 'SIGKILL') counts.killed++;
        else counts.finished++;
        if (/Removed a stale lock/.test(result.stderr)) counts.staleLocksRemoved++;
        const now = readFileSync(path, 'utf8');
        if (now === old) counts.old++;
        else if (now === updated) counts.new++;
        else {
          assert.fail(
            `${label} iteration ${iteration}: the file is neither the old nor the new version (parses: ${parses(now)})`,
          );
        }
      }
      const temps = tempFiles();
      counts.tempFilesLeft = temps.length;
      t.diagnostic(`${label}: ${JSON.stringify({ iterations, fullRunMs: fullRunMs(), bytes: old.length, ...counts })}`);
      assert.equal(counts.old + counts.new, iterations);
      assert.ok(counts.killed > 0, 'some runs were killed');
      return { counts, temps };
    }

    it('kubectl lsst context ns on a large kubeconfig: always the old or the new file; locks recovered', async (t) => {
      const dir = folder('lsst-kill-ns-');
      const path = join(dir, 'config');
      const { temps } = await killLoop(t, 'context ns', {
        dir,
        path,
        old: bigKubeconfig(120),
        args: ['lsst', 'context', 'ns', 'killed', '--no-check'],
        env: { HOME: dir, KUBECONFIG: path },
      });
      // A lock left by the last kill is taken over by the next run; the file is valid for kubectl.
      const last = await run('kubectl', ['lsst', 'context', 'ns', 'after', '--no-check'], {
        HOME: dir,
        KUBECONFIG: path,
      });
      assert.equal(last.code, 0, last.stderr);
      assert.equal(existsSync(`${path}.lock`), false);
      const view = spawnSync('kubectl', ['config', 'view', '-o', 'jsonpath={.current-context}'], {
        env: { KUBECONFIG: path },
        encoding: 'utf8',
      });
      assert.equal(view.stdout, 'lsst-dev/after', view.stderr);
      for (const name of temps) assert.match(name, /^\.config\.\d+\.[a-z0-9]+\.tmp$/, 'only our own temp files');
      // The next write removed the temp files of the killed writers.
      assert.deepEqual(leftovers(dir), []);
    });

    it('kubectl lsst check --fix on a large manifest: always the old or the fixed file', async (t) => {
      const dir = folder('lsst-kill-fix-');
      const path = join(dir, 'deploy.yaml');
      const { temps } = await killLoop(t, 'check --fix', {
        dir,
        path,
        old: bigManifest(150),
        args: ['lsst', 'check', 'deploy.yaml', '--fix', '--quiet'],
        env: { HOME: dir },
      });
      // Hidden, and not named like a manifest: a later `check .` does not read them.
      for (const name of temps) assert.match(name, /^\.deploy\.yaml\.\d+\.[a-z0-9]+\.tmp$/);
      rmSync(dir, { recursive: true, force: true });
    });
  });
});
