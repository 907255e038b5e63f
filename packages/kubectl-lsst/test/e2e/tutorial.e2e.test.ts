// docs/tutorial.md cannot go stale: every command in it runs, in the order written, in one bash
// session in a fresh copy of the repository's files, with the real kubectl; the exit codes and the
// outputs the tutorial shows are compared with what really happens.
//
// The plugin is the one the tutorial installs: its `npm install -g` of the release's URL runs with
// only that URL replaced by the npm package built from this checkout (scripts/release.mjs
// --only npm, or the one in $LSST_RELEASE_DIR when the release step has made it), into npm's
// global folder under the temporary home, whose bin is on the machine's PATH as npm's usually is.
// The copy of the repository has no built plugin, so every later step runs the installed one.
//
// How the tutorial marks things (invisible to a reader):
// - a ```sh block whose lines start with `$ ` is run, one command per `$ ` line (lines without
//   `$ ` continue the command above, e.g. a here-document);
// - a ```text block right after it is the output of that block's commands (stdout and stderr as a
//   terminal shows them); a line `...` stands for any number of lines; temporary paths and dates
//   are the only things normalised;
// - a command must exit 0 unless the next command of its block is `echo $?`, whose shown output
//   is then the exit code;
// - a ```diff block is an edit the reader makes by hand: it is applied with `git apply`;
// - a block the test cannot run (it needs VS Code, a live cluster or pre-commit) is preceded by a
//   visible note, `> **Not run in this tutorial:** why, and what to do instead`; any other shell
//   block without `$ ` lines is an error;
// - the first block after a paragraph that says "open a new terminal" runs in a new bash, started
//   in the home folder as a terminal is (reading ~/.bashrc, with the PATH the machine gives), so
//   that anything the set-up made last for one terminal only shows up.
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildOnce } from './build-once.ts';

const repositoryRoot = realpathSync(new URL('../../../../', import.meta.url).pathname);
const tutorialFile = join(repositoryRoot, 'docs/tutorial.md');
const kubectl = '/usr/bin/kubectl';
// The yaml package, as core resolves it (this package does not depend on it directly).
const { parse: parseYaml } = createRequire(join(repositoryRoot, 'packages/core/package.json'))('yaml') as {
  parse: (text: string) => unknown;
};

// ---------------------------------------------------------------------------------------------
// Reading the tutorial

interface Command {
  text: string;
  line: number;
}

type Step =
  | { kind: 'run'; line: number; commands: Command[]; expected: string[] | undefined; newTerminal: boolean }
  | { kind: 'apply'; line: number; patch: string };

interface Block {
  language: string;
  line: number;
  lines: string[];
  notRun: string | undefined;
  /** The prose between the previous block and this one says to open a new terminal. */
  newTerminal: boolean;
}

const shellLanguages = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);

const notRunNote = /^> \*\*Not run in this tutorial:\*\* (.+)$/;

function readBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  let proseStart = 0;
  for (let index = 0; index < lines.length; index++) {
    const fence = /^```(\S*)\s*$/.exec(lines[index] ?? '');
    if (!fence) continue;
    const start = index;
    const body: string[] = [];
    for (index++; index < lines.length && lines[index] !== '```'; index++) body.push(lines[index] ?? '');
    let previous = start - 1;
    while (previous >= 0 && (lines[previous] ?? '').trim() === '') previous--;
    // The note is a block quote right above the block, wrapped over any number of lines.
    let quoteStart = previous;
    while (quoteStart > 0 && (lines[quoteStart - 1] ?? '').startsWith('>')) quoteStart--;
    const quote = lines
      .slice(quoteStart, previous + 1)
      .map((line) => line.replace(/^>\s?/, ''))
      .join(' ');
    const notRun = (lines[previous] ?? '').startsWith('>') ? notRunNote.exec(`> ${quote}`)?.[1] : undefined;
    const prose = lines.slice(proseStart, start).join(' ');
    blocks.push({
      language: fence[1] ?? '',
      line: start + 1,
      lines: body,
      notRun,
      newTerminal: /open a new terminal/i.test(prose),
    });
    proseStart = index + 1;
  }
  return blocks;
}

function readSteps(blocks: Block[]): { steps: Step[]; notRun: Block[] } {
  const steps: Step[] = [];
  const notRun: Block[] = [];
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index] as Block;
    if (block.notRun !== undefined) {
      notRun.push(block);
      continue;
    }
    if (block.language === 'diff') {
      steps.push({ kind: 'apply', line: block.line, patch: `${block.lines.join('\n')}\n` });
      continue;
    }
    if (block.language === 'text') {
      throw new Error(
        `docs/tutorial.md:${block.line}: a text block that follows no command; show output after a $ block`,
      );
    }
    if (!shellLanguages.has(block.language)) continue;
    const commands: Command[] = [];
    block.lines.forEach((text, offset) => {
      const line = block.line + 1 + offset;
      if (text.startsWith('$ ')) commands.push({ text: text.slice(2), line });
      else if (commands.length > 0) (commands.at(-1) as Command).text += `\n${text}`;
      else
        throw new Error(
          `docs/tutorial.md:${line}: a shell block must start with "$ " or follow a note "> **Not run in this tutorial:** why"`,
        );
    });
    if (commands.length === 0) {
      throw new Error(
        `docs/tutorial.md:${block.line}: an empty shell block; add "$ " lines, or a note "> **Not run in this tutorial:** why"`,
      );
    }
    const next = blocks[index + 1];
    let expected: string[] | undefined;
    if (next?.language === 'text' && next.notRun === undefined) {
      expected = next.lines;
      index++;
    }
    steps.push({ kind: 'run', line: block.line, commands, expected, newTerminal: block.newTerminal });
  }
  return { steps, notRun };
}

// ---------------------------------------------------------------------------------------------
// Comparing outputs

const datePattern = /\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?/g;

function normaliseLines(text: string): string[] {
  const lines = text
    .replaceAll('\r\n', '\n')
    .split('\n')
    .map((line) => line.replace(/\s+$/, '').replace(datePattern, '<date>'));
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}

/** Whether the shown lines match the real ones, a `...` line standing for any number of lines. */
function matches(shown: string[], real: string[]): boolean {
  const memo = new Map<string, boolean>();
  const at = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === shown.length) result = j === real.length;
    else if (shown[i]?.trim() === '...') result = at(i + 1, j) || (j < real.length && at(i, j + 1));
    else result = j < real.length && shown[i] === real[j] && at(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return at(0, 0);
}

// ---------------------------------------------------------------------------------------------
// The released npm package, built from this checkout

const npmGlobalFolder = '.npm-global';
const version = (JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { version: string }).version;
const packageName = `kubectl-lsst-${version}.tgz`;
/** Where README.md and the tutorial download the npm package from. */
const releaseUrl = `https://github.com/lsst-dm/kubectl-lsst/releases/download/v${version}/${packageName}`;

/** The npm package: the release step's when it has run, else built now (seconds; no single executable). */
function npmPackage(scratch: string): string {
  const released = process.env.LSST_RELEASE_DIR ? join(process.env.LSST_RELEASE_DIR, packageName) : undefined;
  if (released && existsSync(released)) return released;
  const out = join(scratch, 'release');
  const result = spawnSync(process.execPath, ['scripts/release.mjs', '--only', 'npm', '--no-build', '--out', out], {
    cwd: repositoryRoot,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, `scripts/release.mjs --only npm failed:\n${result.stderr}`);
  return join(out, packageName);
}

// ---------------------------------------------------------------------------------------------
// The reader's machine: a fresh copy of the repository in a temporary home, and one bash session

interface Workspace {
  home: string;
  clone: string;
  env: NodeJS.ProcessEnv;
}

function makeWorkspace(): Workspace {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'lsst-tutorial-')));
  const home = join(base, 'home');
  const clone = join(home, 'kubectl-lsst');
  mkdirSync(clone, { recursive: true });
  for (const path of ['README.md', '.gitignore', 'action.yml', '.pre-commit-hooks.yaml', 'examples', 'docs']) {
    cpSync(join(repositoryRoot, path), join(clone, path), { recursive: true });
  }
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    USER: 'alice',
    // npm's global folder (`npm install -g`) is the reader's own, its bin on the PATH.
    PATH: [join(home, npmGlobalFolder, 'bin'), dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(
      ':',
    ),
    npm_config_prefix: join(home, npmGlobalFolder),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    // Nothing may reach a kubeconfig outside the temporary home.
    KUBECONFIG: join(home, '.kube/config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    NO_COLOR: '1',
    // The day the tutorial was written: its suppression's `until` date must not expire under the test.
    LSST_NOW: '2026-11-27',
    TZ: 'UTC',
    LANG: 'C.UTF-8',
    GIT_CONFIG_NOSYSTEM: '1',
    TMPDIR: join(base, 'tmp'),
  };
  mkdirSync(join(base, 'tmp'));
  const git = (...args: string[]) => {
    const result = spawnSync('git', args, { cwd: clone, env, encoding: 'utf8' });
    assert.equal(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
  };
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('-c', 'user.name=Tutorial', '-c', 'user.email=tutorial@example.org', 'commit', '-q', '-m', 'fresh clone');
  return { home, clone, env };
}

class Session {
  private readonly shell: ChildProcessWithoutNullStreams;
  private buffer = '';
  private waiting: (() => void) | undefined;
  private lastStatus = 0;
  // Ends each command's output; random, so that no output can contain it.
  private readonly token = `end-of-command-${Math.random().toString(36).slice(2)}`;
  cwd: string;

  /** `newTerminal`: starts in the home folder and reads ~/.bashrc, as a terminal's interactive bash does. */
  constructor(
    private readonly workspace: Workspace,
    newTerminal = false,
  ) {
    this.cwd = newTerminal ? workspace.home : workspace.clone;
    this.shell = spawn('bash', ['--noprofile', '--norc'], { cwd: this.cwd, env: workspace.env });
    this.shell.stdout.setEncoding('utf8');
    this.shell.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.waiting?.();
    });
    this.shell.stderr.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8');
    });
    // One stream, as a terminal shows it; a helper restores $? between commands.
    this.shell.stdin.write('exec 2>&1\n__lsst_status() { return "$1"; }\n');
    if (newTerminal) this.shell.stdin.write('if [ -f ~/.bashrc ]; then . ~/.bashrc; fi\n');
  }

  /** Runs one command as typed at the prompt; standard input is empty, as no one types. */
  async run(command: string): Promise<{ status: number; output: string }> {
    this.shell.stdin.write(
      `__lsst_status ${this.lastStatus}\n{\n${command}\n} < /dev/null\n__s=$?; printf '[%s %d %s]\\n' ${this.token} "$__s" "$PWD"\n`,
    );
    const marker = new RegExp(`\\[${this.token} (\\d+) (.*)\\]\\n`);
    for (;;) {
      const found = marker.exec(this.buffer);
      if (found) {
        const output = this.buffer.slice(0, found.index);
        this.buffer = this.buffer.slice(found.index + found[0].length);
        this.lastStatus = Number(found[1]);
        this.cwd = found[2] ?? this.cwd;
        return { status: this.lastStatus, output: this.normalisePaths(output) };
      }
      if (this.shell.exitCode !== null) throw new Error(`the shell exited (${this.shell.exitCode}):\n${this.buffer}`);
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
        setTimeout(resolve, 250);
      });
      this.waiting = undefined;
    }
  }

  private normalisePaths(output: string): string {
    return output.replaceAll(this.workspace.home, '~');
  }

  close(): void {
    this.shell.stdin.end();
    this.shell.kill();
  }
}

// ---------------------------------------------------------------------------------------------

const markdown = readFileSync(tutorialFile, 'utf8');
const blocks = readBlocks(markdown);
const { steps, notRun } = readSteps(blocks);

describe('docs/tutorial.md, run as a reader runs it', () => {
  let workspace: Workspace;
  let session: Session;

  let tarball: string;
  let installs = 0;

  before(() => {
    buildOnce();
    workspace = makeWorkspace();
    tarball = npmPackage(dirname(workspace.home));
    session = new Session(workspace);
  });
  after(() => {
    session?.close();
    if (workspace) rmSync(dirname(workspace.home), { recursive: true, force: true });
  });

  test('kubectl in the session is the real one', () => {
    const found = spawnSync('bash', ['-c', 'command -v kubectl'], { env: workspace.env, encoding: 'utf8' });
    assert.equal(found.stdout.trim(), kubectl);
  });

  test('the blocks that are not run say so visibly, why, and what to do instead, and are few', () => {
    for (const block of notRun) assert.ok(block.notRun && block.notRun.length > 40, `line ${block.line}`);
    assert.doesNotMatch(markdown, /<!-- not run/, 'a reader does not see an HTML comment: use the visible note');
    assert.ok(
      notRun.length <= 5,
      `${notRun.length} blocks are not run: ${notRun.map((block) => block.line).join(', ')}`,
    );
    assert.ok(steps.filter((step) => step.kind === 'run').length >= 20, 'the tutorial runs its commands');
  });

  test('the set-up installs the release as README.md says, and the later steps run in a new terminal', () => {
    const first = steps.findIndex((step) => step.kind === 'run' && step.newTerminal);
    assert.ok(first > 0, 'a paragraph says to open a new terminal, after the set-up');
    assert.equal(steps.filter((step) => step.kind === 'run' && step.newTerminal).length, 1);
    const install = `npm install -g ${releaseUrl}`;
    assert.ok(readFileSync(join(repositoryRoot, 'README.md'), 'utf8').includes(`\`${install}\``), 'README.md');
    const before = steps.slice(0, first).flatMap((step) => (step.kind === 'run' ? step.commands : []));
    assert.equal(before[0]?.text, install, 'the first command installs the released plugin');
  });

  for (const step of steps) {
    if (step.kind === 'apply') {
      test(`line ${step.line}: the edit applies (git apply)`, () => {
        const result = spawnSync('git', ['apply', '--verbose', '-'], {
          cwd: session.cwd,
          env: workspace.env,
          input: step.patch,
          encoding: 'utf8',
        });
        assert.equal(result.status, 0, `the diff at docs/tutorial.md:${step.line} does not apply:\n${result.stderr}`);
      });
      continue;
    }
    const title = step.commands[0]?.text.split('\n')[0] ?? '';
    test(`line ${step.line}: ${step.newTerminal ? '(a new terminal) ' : ''}${title}${step.commands.length > 1 ? ' ...' : ''}`, async () => {
      if (step.newTerminal) {
        session.close();
        session = new Session(workspace, true);
      }
      let output = '';
      for (const [index, command] of step.commands.entries()) {
        // The release's URL, and only it, stands for the package built from this checkout.
        if (command.text.includes(releaseUrl)) installs++;
        const result = await session.run(command.text.replaceAll(releaseUrl, tarball));
        output += result.output;
        const next = step.commands[index + 1];
        const shownNext = next !== undefined && /^echo .*\$\?/.test(next.text);
        if (result.status !== 0 && !shownNext) {
          assert.fail(
            `docs/tutorial.md:${command.line}: \`${command.text}\` exited ${result.status}; show it with "$ echo $?" after it, or fix the step.\nOutput:\n${result.output}`,
          );
        }
        if (shownNext) assert.ok(step.expected, `docs/tutorial.md:${next.line}: show the output of "echo $?"`);
      }
      if (step.expected === undefined) return;
      const shown = normaliseLines(step.expected.join('\n'));
      const real = normaliseLines(output);
      assert.ok(
        matches(shown, real),
        `docs/tutorial.md:${step.line}: the output shown is not what the commands print.\n--- shown\n${shown.join('\n')}\n--- printed\n${real.join('\n')}`,
      );
    });
  }

  test('every step ran the installed plugin, found on the PATH of the new terminal', async () => {
    assert.equal(installs, 1, 'the tutorial installs the release once');
    const found = await session.run('command -v kubectl-lsst');
    assert.equal(found.output.trim(), `~/${npmGlobalFolder}/bin/kubectl-lsst`);
    const real = realpathSync(join(workspace.home, npmGlobalFolder, 'bin/kubectl-lsst'));
    assert.equal(real, join(workspace.home, npmGlobalFolder, 'lib/node_modules/kubectl-lsst/bin/kubectl-lsst'));
    assert.ok(!existsSync(join(workspace.clone, 'packages')), 'the copy of the repository has no built plugin');
  });

  test("after the clean-up, the reader's own KUBECONFIG is back and the clone is as it was", async () => {
    const kubeconfig = await session.run('printf "%s" "${KUBECONFIG-(unset)}"');
    assert.equal(kubeconfig.output, (workspace.env.KUBECONFIG ?? '').replace(workspace.home, '~'));
    const status = await session.run('git status --short');
    assert.equal(status.output, '');
  });
});

// ---------------------------------------------------------------------------------------------
// The CI pieces the tutorial shows: the GitHub Action and the pre-commit hook of this repository

interface ActionStep {
  id?: string;
  name?: string;
  run?: string;
  env?: Record<string, string>;
  uses?: string;
}
interface ActionFile {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: ActionStep[] };
}
const action = parseYaml(readFileSync(join(repositoryRoot, 'action.yml'), 'utf8')) as ActionFile;
const hooks = parseYaml(readFileSync(join(repositoryRoot, '.pre-commit-hooks.yaml'), 'utf8')) as {
  id: string;
  entry: string;
  language: string;
  files: string;
  exclude?: string;
}[];
const yamlBlocks = blocks.filter((block) => block.language === 'yaml').map((block) => block.lines.join('\n'));

/** Runs the action's Check step as a runner would: inputs (defaults, then `with`) in its env. */
function runActionCheck(workspace: Workspace, withInputs: Record<string, string>) {
  const check = action.runs.steps.find((step) => step.id === 'check');
  assert.ok(check?.run && check.env, 'action.yml has a step with id "check"');
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) inputs[name] = String(input.default ?? '');
  Object.assign(inputs, withInputs);
  const env: NodeJS.ProcessEnv = { ...workspace.env };
  env.PATH = `${join(repositoryRoot, 'packages/kubectl-lsst/bin')}:${env.PATH}`;
  for (const [name, value] of Object.entries(check.env)) {
    env[name] = value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, input: string) => {
      assert.ok(input in inputs, `action.yml uses an undeclared input "${input}"`);
      return inputs[input] ?? '';
    });
  }
  const outputFile = join(workspace.home, `github-output-${Math.random().toString(36).slice(2)}`);
  writeFileSync(outputFile, '');
  env.GITHUB_OUTPUT = outputFile;
  // GitHub runs `run:` scripts with `bash --noprofile --norc -eo pipefail`.
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', check.run], {
    cwd: workspace.clone,
    env,
    encoding: 'utf8',
  });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, outputs };
}

describe('the GitHub Action and the pre-commit hook the tutorial uses', () => {
  let workspace: Workspace;
  before(() => {
    buildOnce();
    workspace = makeWorkspace();
  });
  after(() => {
    if (workspace) rmSync(dirname(workspace.home), { recursive: true, force: true });
  });

  test('workflows in the tutorial give the action only inputs it declares', () => {
    let uses = 0;
    for (const text of yamlBlocks) {
      const workflow = parseYaml(text) as { jobs?: Record<string, { steps?: { uses?: string; with?: object }[] }> };
      for (const job of Object.values(workflow?.jobs ?? {})) {
        for (const step of job.steps ?? []) {
          if (!step.uses?.startsWith('lsst-dm/kubectl-lsst@')) continue;
          uses++;
          for (const name of Object.keys(step.with ?? {})) assert.ok(name in action.inputs, `unknown input "${name}"`);
        }
      }
    }
    assert.ok(uses >= 1, 'the tutorial shows the action in a workflow');
    assert.equal(action.runs.using, 'composite');
    assert.ok(action.runs.steps.some((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@')));
  });

  test('the action annotates error findings, reports exit code 1, and writes SARIF for upload', () => {
    const result = runActionCheck(workspace, {
      paths: 'examples/bad/naive.Dockerfile\nexamples/good',
      'upload-sarif': 'true',
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.outputs['exit-code'], '1');
    assert.match(
      result.stdout,
      /^::error file=examples\/bad\/naive\.Dockerfile,line=\d+.*title=security\/run-as-non-root::/m,
    );
    assert.equal(result.outputs['sarif-file'], 'kubectl-lsst.sarif');
    const sarif = JSON.parse(readFileSync(join(workspace.clone, 'kubectl-lsst.sarif'), 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.ok(
      sarif.runs[0].results.some((finding: { ruleId: string }) => finding.ruleId === 'security/run-as-non-root'),
    );
  });

  test('the action passes clean files, and the targets input reaches --target', () => {
    const clean = runActionCheck(workspace, { paths: 'examples/good' });
    assert.equal(clean.outputs['exit-code'], '0', clean.stdout + clean.stderr);
    assert.equal(clean.outputs['sarif-file'], undefined);
    const production = runActionCheck(workspace, { paths: 'examples/good', targets: 'prod', format: 'stylish' });
    assert.equal(production.outputs['exit-code'], '1');
    assert.match(production.stdout, /image\/local-registry/);
    const unknown = runActionCheck(workspace, { paths: 'examples/good', targets: 'nowhere' });
    assert.equal(unknown.outputs['exit-code'], '2');
  });

  test('the baseline and changed-since inputs reach --baseline and --changed-since', () => {
    const paths = 'examples/bad/naive.Dockerfile';
    const write = spawnSync(
      join(repositoryRoot, 'packages/kubectl-lsst/bin/kubectl-lsst'),
      ['check', paths, '--write-baseline', 'action-baseline.json'],
      { cwd: workspace.clone, env: workspace.env, encoding: 'utf8' },
    );
    assert.equal(write.status, 0, write.stderr);
    const baselined = runActionCheck(workspace, { paths, baseline: 'action-baseline.json' });
    assert.equal(baselined.outputs['exit-code'], '0', baselined.stdout + baselined.stderr);
    assert.match(baselined.stderr, /recorded in the baseline action-baseline\.json are not shown/);
    // Nothing changed since the last commit: nothing to report.
    const unchanged = runActionCheck(workspace, { paths, 'changed-since': 'HEAD' });
    assert.equal(unchanged.outputs['exit-code'], '0', unchanged.stdout + unchanged.stderr);
    // Outside a pull request, pull-request checks everything.
    const everything = runActionCheck(workspace, { paths, 'changed-since': 'pull-request' });
    assert.equal(everything.outputs['exit-code'], '1', everything.stdout + everything.stderr);
    assert.match(everything.stdout, /not a pull request, so everything is checked/);
    rmSync(join(workspace.clone, 'action-baseline.json'));
  });

  test('the changed-lines pre-commit hook passes a commit that changes no line with a finding', () => {
    const hook = hooks.find((candidate) => candidate.id === 'kubectl-lsst-check-changed');
    assert.ok(hook, '.pre-commit-hooks.yaml defines kubectl-lsst-check-changed');
    const [program, ...entryArgs] = hook.entry.split(' ') as [string, ...string[]];
    const env = {
      ...workspace.env,
      PATH: `${join(repositoryRoot, 'packages/kubectl-lsst/bin')}:${workspace.env.PATH}`,
    };
    const run = () =>
      spawnSync(program, [...entryArgs, 'examples/bad/naive.Dockerfile'], {
        cwd: workspace.clone,
        env,
        encoding: 'utf8',
      });
    assert.equal(run().status, 0, 'unchanged since HEAD');
    const file = join(workspace.clone, 'examples/bad/naive.Dockerfile');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace(/^FROM .*$/m, 'FROM centos:6'));
    try {
      const changed = run();
      assert.equal(changed.status, 1, changed.stdout + changed.stderr);
      assert.match(changed.stdout, /centos:6/);
    } finally {
      writeFileSync(file, original);
    }
  });

  test('the pre-commit hook runs its entry on the files it selects, as pre-commit does', () => {
    const hook = hooks.find((candidate) => candidate.id === 'kubectl-lsst-check');
    assert.ok(hook, '.pre-commit-hooks.yaml defines kubectl-lsst-check');
    assert.equal(hook.language, 'node');
    const configs = yamlBlocks.map((text) => parseYaml(text) as { repos?: { hooks?: { id: string }[] }[] });
    const ids = configs.flatMap((config) => (config?.repos ?? []).flatMap((repo) => repo.hooks ?? []).map((h) => h.id));
    assert.ok(ids.includes(hook.id), 'the tutorial shows a .pre-commit-config.yaml using the hook');

    const tracked = spawnSync('git', ['ls-files'], { cwd: workspace.clone, env: workspace.env, encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean);
    const files = new RegExp(hook.files);
    const exclude = hook.exclude ? new RegExp(hook.exclude) : undefined;
    const selected = tracked.filter((path) => files.test(path) && !exclude?.test(path));
    assert.ok(selected.includes('examples/bad/naive.Dockerfile'));
    assert.ok(selected.includes('examples/good/multi-stage.Dockerfile'));
    assert.ok(selected.includes('examples/bad/jupyterlab.yaml'));
    assert.ok(selected.includes('action.yml'), 'YAML that is not a manifest is passed to the hook too');
    assert.ok(!selected.includes('.pre-commit-hooks.yaml'));
    assert.ok(!selected.some((path) => path.endsWith('.md')));

    const env = {
      ...workspace.env,
      PATH: `${join(repositoryRoot, 'packages/kubectl-lsst/bin')}:${workspace.env.PATH}`,
    };
    const [program, ...entryArgs] = hook.entry.split(' ') as [string, ...string[]];
    const run = (paths: string[]) =>
      spawnSync(program, [...entryArgs, ...paths], { cwd: workspace.clone, env, encoding: 'utf8' });
    const bad = run(selected);
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stdout, /examples\/bad\/naive\.Dockerfile/);
    const good = run(selected.filter((path) => !path.startsWith('examples/bad/')));
    assert.equal(good.status, 0, good.stdout + good.stderr);
  });
});
