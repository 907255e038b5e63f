// A real client nobody here wrote: Debian's Neovim (0.7, built-in LSP client) run headless against
// `kubectl-lsst lsp`, opening an example manifest and a Dockerfile, reading the diagnostics it
// received, and applying the preferred code action with its own workspace-edit code.
// scripts/setup-editor-tests.mjs installs Neovim; scripts/test-editor.mjs runs this file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { buildOnce } from '../../../kubectl-lsst/test/e2e/build-once.ts';
import { binPath, makeFolder, repositoryRoot, serverEnv } from '../lsp-client.ts';

interface SeenDiagnostic {
  code: string;
  line: number;
  col: number;
  severity: number;
  source: string;
  message: string;
}

interface NeovimReport {
  errors: string[];
  manifest_filetype: string;
  dockerfile_filetype: string;
  diagnostics: { manifest: SeenDiagnostic[]; dockerfile: SeenDiagnostic[]; after_fix: SeenDiagnostic[] };
  action_titles: string[];
  applied_title: string;
  buffer_changed: boolean;
  finding_gone: boolean;
  text_after_fix: string;
  exit_code?: number;
}

before(() => buildOnce());

function cliRules(folder: string, file: string): string[] {
  const result = spawnSync(binPath, ['check', '--format', 'json', file], {
    cwd: folder,
    env: serverEnv(folder),
    encoding: 'utf8',
  });
  const report = JSON.parse(result.stdout) as { results: { findings: { rule: string; line: number }[] }[] };
  return report.results
    .flatMap((entry) => entry.findings)
    .map((finding) => `${finding.rule}@${finding.line - 1}`)
    .sort();
}

test('Neovim 0.7 shows the findings of a manifest and a Dockerfile and applies a quick-fix through its LSP client', () => {
  const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  assert.equal(
    version.status,
    0,
    "nvim is not installed: run scripts/setup-editor-tests.mjs as root (it installs Debian's neovim)",
  );
  assert.match(version.stdout, /^NVIM v0\.\d+/);
  const examples = join(repositoryRoot, 'examples', 'bad');
  const folder = makeFolder({
    'deploy/postgres.yaml': readFileSync(join(examples, 'postgres.yaml'), 'utf8'),
    'image/Dockerfile': readFileSync(join(examples, 'naive.Dockerfile'), 'utf8'),
  });
  const out = join(folder, 'neovim-report.json');
  const result = spawnSync(
    'nvim',
    ['--headless', '--clean', '-c', `luafile ${join(import.meta.dirname, 'neovim-client.lua')}`],
    {
      cwd: folder,
      encoding: 'utf8',
      timeout: 240_000,
      env: {
        ...serverEnv(folder),
        LSST_BIN: binPath,
        LSST_ROOT: folder,
        LSST_MANIFEST: join(folder, 'deploy/postgres.yaml'),
        LSST_DOCKERFILE: join(folder, 'image/Dockerfile'),
        LSST_RULE: 'security/no-privilege-escalation',
        LSST_OUT: out,
      },
    },
  );
  assert.equal(result.status, 0, `nvim: ${result.stderr}${result.stdout}`);
  const report = JSON.parse(readFileSync(out, 'utf8')) as NeovimReport;
  assert.deepEqual(report.errors, []);
  assert.equal(report.manifest_filetype, 'yaml');
  assert.equal(report.dockerfile_filetype, 'dockerfile');

  // What Neovim shows is what `kubectl lsst check` finds, line by line.
  const seen = (list: SeenDiagnostic[]) => list.map((d) => `${d.code}@${d.line}`).sort();
  assert.deepEqual(seen(report.diagnostics.manifest), cliRules(folder, 'deploy/postgres.yaml'));
  assert.deepEqual(seen(report.diagnostics.dockerfile), cliRules(folder, 'image/Dockerfile'));
  assert.ok(report.diagnostics.dockerfile.some((d) => d.code === 'security/run-as-non-root' && d.severity === 1));
  assert.ok(report.diagnostics.manifest.every((d) => d.source === 'lsst'));

  // The quick-fix, as Neovim applied it: the buffer changed, the server saw the change, the finding went.
  assert.ok(report.action_titles.some((title) => title.startsWith('Explain security/no-privilege-escalation')));
  assert.match(report.applied_title, /allowPrivilegeEscalation/);
  assert.equal(report.buffer_changed, true);
  assert.equal(report.finding_gone, true);
  assert.match(report.text_after_fix, /allowPrivilegeEscalation: false/);
  assert.ok(!report.diagnostics.after_fix.some((d) => d.code === 'security/no-privilege-escalation'));
  assert.ok(report.diagnostics.after_fix.length > 0, 'the other findings stay');
  assert.equal(report.exit_code, 0, 'shutdown and exit end the server with 0');
});
