// The production guard end to end: roles per cluster, combined configuration files, the decision
// taken again under the lock, and guarded with no configuration at all. Real files, real kubectl.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type CliRun, cliCommand, runCli } from './context-cli.ts';

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: k8s-summit
  cluster: {server: https://summit.example.invalid:6443}
- name: k8s-prod
  cluster: {server: https://10.20.30.40:6443}
- name: lsst-dev
  cluster: {server: https://dev.example.invalid:6443}
contexts:
- name: summit
  context: &summit {cluster: k8s-summit, user: alice}
- name: live
  context: {<<: *summit, namespace: web}
- name: lsst-prod
  context: {cluster: k8s-prod, user: alice}
- name: dev
  context: {cluster: lsst-dev, user: alice, namespace: team}
- name: work
  context: {cluster: lsst-dev, user: alice}
current-context: dev
users:
- name: alice
  user: {token: tok-guard-e2e-5b7c9d1e}
`;

/** The user's own configuration: the summit cluster is production, known by one context name only. */
const userConfig = `clusters:
  - name: summit
    role: production
    kubernetesVersion: "1.29"
    match: { contexts: ["summit"] }
  - name: dev
    role: development
    kubernetesVersion: "1.31"
    match: { contexts: ["dev"] }
`;

function setup(options: { userConfig?: string } = {}): { dir: string; path: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'lsst-guard-e2e-'));
  const path = join(dir, 'config');
  writeFileSync(path, kubeconfig, { mode: 0o600 });
  if (options.userConfig !== undefined) writeFileSync(join(dir, '.lsst.yaml'), options.userConfig);
  // XDG_CONFIG_DIRS keeps the machine's /etc/xdg out of the test.
  return { dir, path, env: { HOME: dir, KUBECONFIG: path, XDG_CONFIG_DIRS: join(dir, 'etc-xdg') } };
}

function currentContext(env: Record<string, string>): string {
  return spawnSync('kubectl', ['config', 'current-context'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  }).stdout.trim();
}

function assertRefused(run: CliRun, context: string, cluster: string): void {
  assert.equal(run.code, 2, run.stderr);
  assert.match(
    run.stderr,
    new RegExp(
      `refusing to switch to context "${context.replace('/', '\\/')}": it is the production cluster "${cluster}"`,
    ),
  );
}

describe('the production guard', () => {
  it('a namespace context made on a production cluster is production too, and asks later', async () => {
    const { env } = setup({ userConfig });
    assert.equal((await runCli(['context', 'use', 'summit', '--yes'], { env })).code, 0);
    const made = await runCli(['context', 'ns', 'team-y', '--no-check'], { env });
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /Switched to context "k8s-summit\/team-y" .*production/);
    assert.equal((await runCli(['context', 'use', 'dev'], { env })).code, 0);
    const back = await runCli(['context', 'use', 'k8s-summit/team-y'], { env });
    assertRefused(back, 'k8s-summit/team-y', 'summit');
    assert.equal(currentContext(env), 'dev');
    const list = JSON.parse((await runCli(['context', '--json'], { env })).stdout) as Array<{
      name: string;
      role: string;
    }>;
    assert.deepEqual(
      list.filter((entry) => entry.role === 'production').map((entry) => entry.name),
      ['summit', 'live', 'lsst-prod', 'k8s-summit/team-y'],
    );
  });

  it('inside `context shell`, whose copy holds one context, the cluster keeps its role', async () => {
    const { env, dir } = setup({ userConfig });
    assert.equal((await runCli(['context', 'use', 'summit', '--yes'], { env })).code, 0);
    assert.equal((await runCli(['context', 'ns', 'team-y', '--no-check'], { env })).code, 0);
    const inside = await runCli(
      ['context', 'shell', 'k8s-summit/team-y', '--yes', '--', ...cliCommand(['context', 'current']).flat()],
      { env, cwd: dir },
    );
    assert.equal(inside.code, 0, inside.stderr);
    assert.equal(inside.stdout, 'k8s-summit/team-y team-y production\n');
  });

  it('a context made with a YAML merge key (`<<: *summit`) is production, as kubectl reads it', async () => {
    const { env } = setup({ userConfig });
    assertRefused(await runCli(['context', 'use', 'live'], { env }), 'live', 'summit');
    assert.equal(currentContext(env), 'dev');
  });

  it("the user's configuration guards from any folder; a project's cannot lower it", async () => {
    const { dir, env } = setup({ userConfig });
    const nowhere = mkdtempSync(join(tmpdir(), 'lsst-guard-nowhere-'));
    assertRefused(await runCli(['context', 'use', 'summit'], { env, cwd: nowhere }), 'summit', 'summit');
    // A folder whose .lsst.yaml only lists namespaces, like examples/.
    const examples = join(dir, 'repo', 'examples');
    mkdirSync(examples, { recursive: true });
    writeFileSync(join(examples, '.lsst.yaml'), 'namespaces: { default: demo }\n');
    assertRefused(await runCli(['context', 'use', 'summit'], { env, cwd: examples }), 'summit', 'summit');
    // A cloned repository that declares everything safe.
    writeFileSync(
      join(dir, 'repo', '.lsst.yaml'),
      'clusters:\n  - { name: all, role: development, kubernetesVersion: "1.31", match: { contexts: ["*"], servers: ["*"] } }\n',
    );
    const cloned = join(dir, 'repo');
    assertRefused(await runCli(['context', 'use', 'summit'], { env, cwd: cloned }), 'summit', 'summit');
    assertRefused(await runCli(['context', 'use', 'lsst-prod'], { env, cwd: cloned }), 'lsst-prod', 'k8s-prod');
    assert.equal(currentContext(env), 'dev');
    // The user's file in the XDG folder counts the same.
    const xdg = setup();
    mkdirSync(join(xdg.dir, '.config', 'lsst'), { recursive: true });
    writeFileSync(join(xdg.dir, '.config', 'lsst', 'config.yaml'), userConfig);
    assertRefused(await runCli(['context', 'use', 'summit'], { env: xdg.env, cwd: cloned }), 'summit', 'summit');
  });

  it('with no configuration, prod names are guarded and an unknown cluster says how to guard it', async () => {
    const { env, dir } = setup();
    assertRefused(await runCli(['context', 'use', 'lsst-prod'], { env, cwd: dir }), 'lsst-prod', 'k8s-prod');
    const table = await runCli(['context'], { env, cwd: dir });
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /\n +lsst-prod +k8s-prod +default +production *\n/);
    assert.match(table.stdout, /\n +summit +k8s-summit +default +unknown \(not guarded\) *\n/);
    const line = `clusters: [{name: "k8s-summit", role: production, kubernetesVersion: "1.29", match: {servers: ["https://summit.example.invalid:6443"]}}]`;
    assert.ok(
      table.stderr.includes(
        `Note: not guarded: no configuration gives the cluster "k8s-summit" a role, so nothing asks before acting on it. If it is production, add to ${join(dir, '.config', 'lsst', 'config.yaml')}: ${line}\n`,
      ),
      table.stderr,
    );
    assert.equal((await runCli(['context', 'use', 'summit'], { env, cwd: dir })).code, 0);
    const current = await runCli(['context', 'current'], { env, cwd: dir });
    assert.equal(current.stdout, 'summit default unknown\n');
    assert.ok(current.stderr.includes(line), current.stderr);
    const json = JSON.parse((await runCli(['context', 'current', '--json'], { env, cwd: dir })).stdout);
    assert.equal(json.guarded, false);
    assert.ok(String(json.guardHint).includes(line));
    // The line does what it says.
    mkdirSync(join(dir, '.config', 'lsst'), { recursive: true });
    writeFileSync(join(dir, '.config', 'lsst', 'config.yaml'), `${line}\n`);
    assert.equal((await runCli(['context', 'use', 'dev'], { env, cwd: dir })).code, 0);
    assertRefused(await runCli(['context', 'use', 'live'], { env, cwd: dir }), 'live', 'k8s-summit');
  });

  it('a kubeconfig changed while the switch waits for the lock is decided again, and refused', async () => {
    const { path, env, dir } = setup({ userConfig });
    writeFileSync(`${path}.lock`, '');
    const [program, args] = cliCommand(['context', 'use', 'work']);
    const child = spawn(program, args, { cwd: dir, env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' });
    child.stdin.end();
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Decided ("work" is on the development cluster) and now waiting for the lock this test holds.
    await new Promise<void>((resolve) => {
      // An early exit is reported by the assertions below instead of hanging here.
      void exited.then(() => resolve());
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (stderr.includes('Waiting for')) resolve();
      });
    });
    const repointed = kubeconfig.replace(
      '- name: work\n  context: {cluster: lsst-dev',
      '- name: work\n  context: {cluster: k8s-summit',
    );
    writeFileSync(path, repointed);
    spawnSync('rm', [`${path}.lock`]);
    assert.equal(await exited, 2, stdout + stderr);
    assert.match(
      stderr,
      /the kubeconfig changed while waiting for its lock: context "work" now lands on the production cluster "summit", which was not confirmed\. Nothing was changed/,
    );
    assert.equal(readFileSync(path, 'utf8'), repointed);
    assert.equal(currentContext(env), 'dev');
  });
});
