// The GitHub Action and the pre-commit hooks install the released npm package (pinned to this
// repository's version) instead of building the plugin; here they install the artifact of
// scripts/release.mjs (LSST_RELEASE_DIR) the same way, into fresh folders, and run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, test } from 'node:test';

const repositoryRoot = realpathSync(new URL('../../../../', import.meta.url).pathname);
const releaseDir = process.env.LSST_RELEASE_DIR ?? '';
const version = (JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { version: string }).version;
const tarball = join(releaseDir, `kubectl-lsst-${version}.tgz`);
const releaseUrl = `https://github.com/lsst-dm/kubectl-lsst/releases/download/v${version}/kubectl-lsst-${version}.tgz`;
const { parse: parseYaml } = createRequire(join(repositoryRoot, 'packages/core/package.json'))('yaml') as {
  parse: (text: string) => unknown;
};

interface ActionStep {
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
const action = parseYaml(readFileSync(join(repositoryRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  runs: { steps: ActionStep[] };
};

/** A folder with kubectl, node, npm and git only: no plugin, no repository. */
function sandbox() {
  const folder = mkdtempSync(join(tmpdir(), 'lsst-ci-test-'));
  const tools = join(folder, 'tools');
  mkdirSync(tools);
  mkdirSync(join(folder, 'home'));
  const npm = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  for (const [name, target] of [
    ['kubectl', '/usr/bin/kubectl'],
    ['node', process.execPath],
    ['npm', npm],
    ['git', '/usr/bin/git'],
  ] as const)
    symlinkSync(target, join(tools, name));
  const work = join(folder, 'work');
  cpSync(join(repositoryRoot, 'examples'), join(work, 'examples'), { recursive: true });
  const env: NodeJS.ProcessEnv = {
    HOME: join(folder, 'home'),
    PATH: tools,
    LANG: 'C.UTF-8',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.org',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.org',
    npm_config_cache: join(folder, 'npm-cache'),
  };
  for (const args of [
    ['init', '-q'],
    ['add', '.'],
    ['commit', '-qm', 'examples'],
  ]) {
    const git = spawnSync('git', args, { cwd: work, env, encoding: 'utf8' });
    assert.equal(git.status, 0, git.stderr);
  }
  return { folder, work, env };
}

/** A step's env as a runner makes it: `${{ inputs.x }}` and `${{ runner.tool_cache }}` substituted. */
function expand(text: string, inputs: Record<string, string>, toolCache: string): string {
  return text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (whole, name: string) => {
    if (name === 'runner.tool_cache') return toolCache;
    if (name.startsWith('inputs.')) {
      assert.ok(name.slice(7) in action.inputs, `action.yml uses an undeclared input "${name}"`);
      return inputs[name.slice(7)] ?? '';
    }
    return whole;
  });
}

function runStep(step: ActionStep, inputs: Record<string, string>, box: ReturnType<typeof sandbox>, extra = {}) {
  const toolCache = join(box.folder, 'tool-cache');
  const githubPath = join(box.folder, 'github-path');
  const githubOutput = join(box.folder, 'github-output');
  if (!existsSync(githubPath)) writeFileSync(githubPath, '');
  writeFileSync(githubOutput, '');
  const added = readFileSync(githubPath, 'utf8').split('\n').filter(Boolean).reverse();
  const env: NodeJS.ProcessEnv = {
    ...box.env,
    ...extra,
    PATH: [...added, box.env.PATH].join(':'),
    RUNNER_TOOL_CACHE: toolCache,
    GITHUB_PATH: githubPath,
    GITHUB_OUTPUT: githubOutput,
  };
  for (const [name, value] of Object.entries(step.env ?? {})) env[name] = expand(value, inputs, toolCache);
  // GitHub runs `run:` scripts with `bash --noprofile --norc -eo pipefail`.
  const result = spawnSync('/bin/bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run ?? ''], {
    cwd: box.work,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { ...result, toolCache, githubPath, outputs: readFileSync(githubOutput, 'utf8') };
}

describe('the GitHub Action installs the released plugin', () => {
  test('pinned to this version, cached, and never built from source', () => {
    assert.equal(action.inputs.version?.default, version, 'the default version is the release of this commit');
    const steps = action.runs.steps;
    assert.ok(!steps.some((step) => /bootstrap|build\.mjs|pnpm/.test(step.run ?? '')), 'no build in the action');
    const cache = steps.find((step) => step.uses?.startsWith('actions/cache@'));
    const install = steps.findIndex((step) => step.id === 'install');
    assert.ok(cache && install > steps.indexOf(cache), 'the cache is restored before the install step');
    assert.match(cache.with?.key ?? '', /inputs\.version/);
  });

  test('the install step installs the release tarball into the cached folder, then the check runs from it', () => {
    const box = sandbox();
    const install = action.runs.steps.find((step) => step.id === 'install');
    assert.ok(install);
    const inputs = { version, package: tarball };
    // The default package is the release's tarball of this version, which the release step made.
    assert.match(install.run ?? '', /releases\/download\/v\$INPUT_VERSION\/kubectl-lsst-\$INPUT_VERSION\.tgz/);
    assert.equal(basename(releaseUrl), basename(tarball));
    const first = runStep(install, inputs, box);
    assert.equal(first.status, 0, first.stdout + first.stderr);
    assert.match(first.stdout, new RegExp(`^kubectl-lsst ${version.replaceAll('.', '\\.')}$`, 'm'));
    const cache = action.runs.steps.find((step) => step.uses?.startsWith('actions/cache@'));
    const cachedPath = expand(cache?.with?.path ?? '', inputs, first.toolCache);
    assert.deepEqual(readFileSync(first.githubPath, 'utf8').trim().split('\n'), [join(cachedPath, 'bin')]);
    // A restored cache: nothing is installed again (an unreachable package would fail otherwise).
    const again = runStep(install, { version, package: join(box.folder, 'missing.tgz') }, box);
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /from the cache/);

    const check = action.runs.steps.find((step) => step.id === 'check');
    assert.ok(check);
    const checkInputs: Record<string, string> = {};
    for (const [name, input] of Object.entries(action.inputs)) checkInputs[name] = String(input.default ?? '');
    checkInputs.paths = 'examples/bad/naive.Dockerfile examples/good';
    const checked = runStep(check, checkInputs, box);
    assert.equal(checked.status, 0, checked.stderr);
    assert.match(checked.outputs, /^exit-code=1$/m);
    assert.match(
      checked.stdout,
      /^::error file=examples\/bad\/naive\.Dockerfile,line=\d+.*title=security\/run-as-non-root::/m,
    );
  });

  test('a package of another version fails the install step', () => {
    const box = sandbox();
    const install = action.runs.steps.find((step) => step.id === 'install');
    assert.ok(install);
    const wrong = runStep(install, { version: '0.0.1', package: tarball }, box);
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stdout, new RegExp(`installed version ${version.replaceAll('.', '\\.')}, not 0\\.0\\.1`));
  });
});

describe('the pre-commit hooks install the released plugin', () => {
  const hooks = parseYaml(readFileSync(join(repositoryRoot, '.pre-commit-hooks.yaml'), 'utf8')) as {
    id: string;
    entry: string;
    language: string;
    additional_dependencies?: string[];
    files: string;
    exclude?: string;
  }[];

  test('each hook is language node with the release tarball of this version', () => {
    assert.deepEqual(
      hooks.map((hook) => hook.id),
      ['kubectl-lsst-check', 'kubectl-lsst-check-changed'],
    );
    for (const hook of hooks) {
      assert.equal(hook.language, 'node');
      assert.deepEqual(hook.additional_dependencies, [releaseUrl]);
      assert.match(hook.entry, /^kubectl-lsst /);
    }
  });

  test("pre-commit's node environment with the tarball runs each hook's entry on the files it selects", () => {
    const box = sandbox();
    // pre-commit installs additional_dependencies with `npm install -g` into the hook's environment.
    const environment = join(box.folder, 'node_env');
    const install = spawnSync('npm', ['install', '-g', '--no-audit', '--no-fund', tarball], {
      cwd: box.work,
      env: { ...box.env, NPM_CONFIG_PREFIX: environment },
      encoding: 'utf8',
    });
    assert.equal(install.status, 0, install.stdout + install.stderr);
    const env = { ...box.env, PATH: `${join(environment, 'bin')}:${box.env.PATH}` };
    const tracked = spawnSync('git', ['ls-files'], { cwd: box.work, env, encoding: 'utf8' }).stdout.split('\n');
    for (const hook of hooks) {
      const selected = tracked.filter(
        (path) => new RegExp(hook.files).test(path) && !(hook.exclude && new RegExp(hook.exclude).test(path)),
      );
      assert.ok(selected.includes('examples/bad/naive.Dockerfile'));
      const [program, ...args] = hook.entry.split(' ') as [string, ...string[]];
      const result = spawnSync(program, [...args, ...selected], { cwd: box.work, env, encoding: 'utf8' });
      if (hook.id === 'kubectl-lsst-check') {
        assert.equal(result.status, 1, result.stderr);
        assert.match(result.stdout, /examples\/bad\/naive\.Dockerfile/);
      } else {
        // Nothing changed since the commit: nothing to report.
        assert.equal(result.status, 0, result.stdout + result.stderr);
      }
    }
  });
});
