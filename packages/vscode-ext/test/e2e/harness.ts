/// <reference lib="dom" />
// Runs a real VS Code (code-server) with the extension installed, in Debian's Chromium driven by
// playwright-core, on a temporary copy of a workspace. Every wait is on what the page shows.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

export const extensionRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const repoRoot = join(extensionRoot, '..', '..');
export const codeServerEntry = join(repoRoot, '.cache/code-server/node_modules/code-server/out/node/entry.js');
export const chromiumPath = '/usr/bin/chromium';
export const extensionId = 'lsst.lsst-guidelines';

const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

/** The files of the packed extension, as `vsce` packs them (see .vscodeignore). */
const extensionFiles = [
  'package.json',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
  'dist',
  'schema',
  'media',
  'walkthrough',
];

/**
 * Where a screenshot for the documentation is saved: over the committed file in docs/images/ only
 * when asked (`UPDATE_SCREENSHOT=1`), else in the ignored test-results/, so a test run leaves the
 * checkout clean.
 */
export function documentationScreenshotPath(fileName: string): string {
  return process.env.UPDATE_SCREENSHOT === '1'
    ? join(repoRoot, 'docs', 'images', fileName)
    : join(repoRoot, 'test-results', fileName);
}

export interface EditorOptions {
  /** Folder copied into a temporary workspace (the repository's examples/ by default). */
  workspaceSource?: string;
  /** Folders copied into the workspace, by relative path (e.g. `{ examples: '<repo>/examples' }`). */
  folders?: Record<string, string>;
  /** Extra files written into the workspace, by relative path. */
  files?: Record<string, string>;
  /**
   * Workspace trust as a person meets it: the editor asks whether to trust the folder. Off by
   * default, so that the trust dialog stays out of the other tests' way.
   */
  workspaceTrust?: boolean;
  /** Kubeconfig text; the editor's process gets KUBECONFIG pointing at a temporary copy. */
  kubeconfig?: string;
  /** User settings merged over the test defaults. */
  settings?: Record<string, unknown>;
  /** A packed `.vsix` to install instead of copying the unpacked extension. */
  vsix?: string;
  /** Further unpacked extension folders to load (for example the in-editor test host). */
  extraExtensions?: Array<{ folderName: string; source: string }>;
  /** Further environment for code-server and its extension host. */
  env?: Record<string, string>;
  /** Width and height of the browser window. */
  viewport?: { width: number; height: number };
}

export interface ProblemRow {
  /** Name of the file the problem is in, as the Problems panel shows it. */
  file: string;
  /** The file's folder relative to the workspace, as the panel shows it beside the name ('' at the root). */
  folder: string;
  severity: 'error' | 'warning' | 'info' | 'unknown';
  message: string;
  source: string;
  rule: string | undefined;
  line: number;
  column: number;
  ariaLabel: string;
}

export interface Editor {
  page: Page;
  browser: Browser;
  url: string;
  workspaceDir: string;
  userDataDir: string;
  kubeconfigPath: string | undefined;
  /** Lines code-server printed, for failure messages. */
  serverLog: () => string;
  openFile(relativePath: string): Promise<void>;
  runCommand(title: string): Promise<void>;
  showProblems(): Promise<Locator>;
  problems(): Promise<ProblemRow[]>;
  waitForProblems(predicate: (rows: ProblemRow[]) => boolean, description: string): Promise<ProblemRow[]>;
  /** Types into the Problems panel's filter box (a glob on paths keeps one file's problems); '' clears it. */
  filterProblems(filter: string): Promise<void>;
  /** Maximises the panel (so that a long list of problems is all in view) or gives it its normal size back. */
  maximizePanel(maximized: boolean): Promise<void>;
  editorText(): Promise<string>;
  goToLine(line: number, column?: number): Promise<void>;
  /**
   * Ctrl+. on the cursor's line once a squiggle is drawn there, as a person does; the menu it opens. Pressed
   * again when the menu does not come (a check that lands at that moment can answer the request with nothing).
   */
  openQuickFixMenu(): Promise<Locator>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

const liveEditors = new Set<Editor>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // If a test run dies before its after() hook, do not leave code-server or Chromium behind.
  process.on('exit', () => {
    for (const editor of liveEditors) killEditorProcessesSync(editor);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const editor of liveEditors) killEditorProcessesSync(editor);
      process.exit(130);
    });
  }
}

const serverProcesses = new WeakMap<Editor, { server: ChildProcess; browserPid: number | undefined; dirs: string[] }>();

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function killEditorProcessesSync(editor: Editor): void {
  const processes = serverProcesses.get(editor);
  if (!processes) return;
  killGroup(processes.server.pid, 'SIGKILL');
  if (processes.browserPid !== undefined) {
    try {
      process.kill(processes.browserPid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of processes.dirs) rmSync(dir, { recursive: true, force: true });
}

function defaultWorkspaceSource(): string | undefined {
  const examples = join(repoRoot, 'examples');
  return existsSync(examples) ? examples : undefined;
}

function installUnpackedExtension(extensionsDir: string): void {
  const packageJson = JSON.parse(readFileSync(join(extensionRoot, 'package.json'), 'utf8')) as { version: string };
  if (!existsSync(join(extensionRoot, 'dist', 'extension.cjs'))) {
    throw new Error(
      'packages/vscode-ext/dist/extension.cjs is missing: run `node packages/vscode-ext/esbuild.mjs` first',
    );
  }
  const target = join(extensionsDir, `${extensionId}-${packageJson.version}`);
  mkdirSync(target, { recursive: true });
  for (const entry of extensionFiles) {
    const source = join(extensionRoot, entry);
    if (existsSync(source)) cpSync(source, join(target, entry), { recursive: true });
  }
}

function installVsix(vsix: string, userDataDir: string, extensionsDir: string, configFile: string): void {
  const result = spawnSync(
    process.execPath,
    [
      codeServerEntry,
      '--config',
      configFile,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--install-extension',
      vsix,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (result.status !== 0) {
    throw new Error(`installing ${vsix} into code-server failed:\n${result.stdout}\n${result.stderr}`);
  }
}

function waitForListeningUrl(server: ChildProcess, log: () => string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`code-server did not start within ${timeoutMs} ms:\n${log()}`));
    }, timeoutMs);
    const onData = () => {
      const match = /HTTP server listening on (http:\/\/[^\s]+)/.exec(log());
      if (match?.[1]) {
        cleanup();
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`code-server exited with code ${code} before listening:\n${log()}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      server.stdout?.off('data', onData);
      server.stderr?.off('data', onData);
      server.off('exit', onExit);
    };
    server.stdout?.on('data', onData);
    server.stderr?.on('data', onData);
    server.on('exit', onExit);
    onData();
  });
}

export async function startEditor(options: EditorOptions = {}): Promise<Editor> {
  if (!existsSync(codeServerEntry)) {
    throw new Error('code-server is not installed: run `node scripts/setup-editor-tests.mjs` first');
  }
  installExitHook();
  const base = mkdtempSync(join(tmpdir(), 'lsst-editor-'));
  const userDataDir = join(base, 'user-data');
  const extensionsDir = join(base, 'extensions');
  const workspaceDir = join(base, 'workspace');
  const configFile = join(base, 'code-server.yaml');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(workspaceDir, { recursive: true });
  // An explicit config file keeps code-server from writing one into the home folder.
  writeFileSync(configFile, 'auth: none\n');

  const source = options.workspaceSource ?? (options.folders ? undefined : defaultWorkspaceSource());
  if (source) cpSync(source, workspaceDir, { recursive: true });
  for (const [relativePath, folder] of Object.entries(options.folders ?? {})) {
    cpSync(folder, join(workspaceDir, relativePath), { recursive: true });
  }
  for (const [relativePath, text] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(workspaceDir, relativePath)), { recursive: true });
    writeFileSync(join(workspaceDir, relativePath), text);
  }

  const settings = {
    'security.workspace.trust.enabled': options.workspaceTrust === true,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    'editor.minimap.enabled': false,
    'window.commandCenter': false,
    'chat.commandCenter.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'git.enabled': false,
    // No blinking cursor or delayed highlights: screenshots do not depend on the moment they are taken.
    'editor.cursorBlinking': 'solid',
    'editor.occurrencesHighlight': 'off',
    'editor.selectionHighlight': false,
    // Ports that code-server finds open on the machine would show up in the status bar.
    'remote.autoForwardPorts': false,
    'workbench.editor.enablePreview': false,
    ...options.settings,
  };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);

  let kubeconfigPath: string | undefined;
  if (options.kubeconfig !== undefined) {
    kubeconfigPath = join(base, 'kube', 'config');
    mkdirSync(dirname(kubeconfigPath), { recursive: true });
    writeFileSync(kubeconfigPath, options.kubeconfig);
  }

  if (options.vsix) installVsix(options.vsix, userDataDir, extensionsDir, configFile);
  else installUnpackedExtension(extensionsDir);
  for (const extra of options.extraExtensions ?? []) {
    cpSync(extra.source, join(extensionsDir, extra.folderName), { recursive: true });
  }

  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  // The editor must never see the developer's own clusters.
  env.KUBECONFIG = kubeconfigPath ?? join(base, 'kube', 'absent-config');
  delete env.VSCODE_IPC_HOOK_CLI;
  let log = '';
  const server = spawn(
    process.execPath,
    [
      codeServerEntry,
      '--config',
      configFile,
      '--auth',
      'none',
      '--bind-addr',
      '127.0.0.1:0',
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      workspaceDir,
    ],
    { detached: true, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stdout?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  server.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const serverLog = () => log;
  const dirs = [base];
  // Recorded for scripts/test-editor.mjs, which ends these groups if the whole run times out.
  const pidsDir = process.env.LSST_EDITOR_PIDS_DIR;
  if (pidsDir && server.pid !== undefined) writeFileSync(join(pidsDir, `${server.pid}`), `${server.pid}`);

  let browser: Browser | undefined;
  try {
    const baseUrl = await waitForListeningUrl(server, serverLog, 60_000);
    const url = `${baseUrl.replace(/\/$/, '')}/?folder=${encodeURIComponent(workspaceDir)}`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags, headless: true });
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 });

    const editor = createEditor(page, browser, url, workspaceDir, userDataDir, kubeconfigPath, serverLog);
    serverProcesses.set(editor, { server, browserPid: undefined, dirs });
    liveEditors.add(editor);
    return editor;
  } catch (error) {
    await browser?.close().catch(() => undefined);
    killGroup(server.pid, 'SIGKILL');
    rmSync(base, { recursive: true, force: true });
    throw error;
  }
}

function createEditor(
  page: Page,
  browser: Browser,
  url: string,
  workspaceDir: string,
  userDataDir: string,
  kubeconfigPath: string | undefined,
  serverLog: () => string,
): Editor {
  const quickInput = page.locator('.quick-input-widget');

  async function runCommand(title: string): Promise<void> {
    await page.keyboard.press('F1');
    await quickInput.waitFor({ state: 'visible' });
    await page.keyboard.type(`>${title}`.replace(/^>>/, '>'));
    const row = quickInput.locator('.monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
  }

  async function openFile(relativePath: string): Promise<void> {
    await page.keyboard.press('Control+P');
    await quickInput.waitFor({ state: 'visible' });
    const input = quickInput.locator('input');
    await input.fill(relativePath);
    const name = basename(relativePath);
    const folder = dirname(relativePath);
    // Enter only once the filtered list has focused the file (before that, recent files are listed);
    // the folder tells apart files of the same name (examples/bad/x.yaml and examples/good/x.yaml).
    let focusedRow = quickInput.locator('.monaco-list-row.focused', { hasText: name });
    if (folder !== '.') focusedRow = focusedRow.filter({ hasText: folder });
    await focusedRow.waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active').filter({ hasText: name }).waitFor({ state: 'visible' });
    await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
  }

  async function showProblems(): Promise<Locator> {
    const panel = page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await page.keyboard.press('Control+Shift+M');
      await panel.waitFor({ state: 'visible' });
    }
    return panel;
  }

  async function problems(): Promise<ProblemRow[]> {
    const panel = await showProblems();
    // Marker rows of the Problems tree, each under the file row above it. The tree is virtual:
    // only the rows in view exist, so callers maximise the panel or filter it when files are long.
    return panel.locator('.monaco-list-row').evaluateAll((rows) => {
      const ordered = [...rows].sort(
        (a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')),
      );
      let file = '';
      let folder = '';
      const found = [];
      for (const row of ordered) {
        // No named functions in here: the transpiler would wrap them in a helper the page lacks.
        const [label = '', where = '', code = '', message = '', source = ''] = [
          '.label-name',
          '.marker-line',
          '.marker-code',
          '.marker-message',
          '.marker-source',
        ].map((selector) => row.querySelector(selector)?.textContent?.trim() ?? '');
        const icon = row.querySelector('.marker-icon');
        if (!icon) {
          file = label;
          folder = row.querySelector('.label-description')?.textContent?.trim() ?? '';
          continue;
        }
        const position = /Ln (\d+), Col (\d+)/.exec(where);
        const severity = (['error', 'warning', 'info'] as const).find((name) => icon.classList.contains(name));
        found.push({
          file,
          folder,
          severity: severity ?? ('unknown' as const),
          message,
          source,
          rule: code === '' ? undefined : code,
          line: Number(position?.[1] ?? 0),
          column: Number(position?.[2] ?? 0),
          ariaLabel: row.getAttribute('aria-label') ?? '',
        });
      }
      return found;
    });
  }

  async function waitForProblems(predicate: (rows: ProblemRow[]) => boolean, description: string) {
    await showProblems();
    const deadline = Date.now() + 30_000;
    let rows: ProblemRow[] = [];
    while (Date.now() < deadline) {
      rows = await problems();
      if (predicate(rows)) return rows;
      // Re-read after the panel's DOM changes (or a short poll interval as the fallback).
      await page
        .waitForFunction(
          (previous) => {
            const panel = document.querySelector('.markers-panel');
            return panel !== null && panel.innerHTML.length !== previous;
          },
          await page.evaluate(() => document.querySelector('.markers-panel')?.innerHTML.length ?? 0),
          { timeout: 2_000, polling: 100 },
        )
        .catch(() => undefined);
    }
    throw new Error(
      `Problems panel never showed ${description}; last rows:\n${rows.map((r) => r.ariaLabel).join('\n')}`,
    );
  }

  async function filterProblems(filter: string): Promise<void> {
    await showProblems();
    // The panel applies the filter after a pause: callers wait (waitForProblems) on the rows they expect.
    await page.locator('.part.panel .viewpane-filter input[aria-label="Filter Problems"]').fill(filter);
  }

  async function maximizePanel(maximized: boolean): Promise<void> {
    await showProblems();
    const isMaximized = () =>
      page.evaluate(() => {
        const panel = document.querySelector('.part.panel') as HTMLElement | null;
        const workbench = document.querySelector('.monaco-workbench') as HTMLElement | null;
        return panel !== null && workbench !== null && panel.offsetHeight > workbench.offsetHeight / 2;
      });
    if ((await isMaximized()) === maximized) return;
    await runCommand('View: Toggle Maximized Panel');
    await page.waitForFunction((wanted) => {
      const panel = document.querySelector('.part.panel') as HTMLElement | null;
      const workbench = document.querySelector('.monaco-workbench') as HTMLElement | null;
      return panel !== null && workbench !== null && panel.offsetHeight > workbench.offsetHeight / 2 === wanted;
    }, maximized);
  }

  async function editorText(): Promise<string> {
    // The text of the active editor's model, read through the workbench's own accessibility view of lines.
    return page.evaluate(() => {
      const lines = Array.from(
        document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line'),
      ) as HTMLElement[];
      return lines
        .map((line) => ({ top: Number.parseFloat(line.style.top || '0'), text: line.textContent ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((line) => line.text.replace(/\u00a0/g, ' '))
        .join('\n');
    });
  }

  async function goToLine(line: number, column = 1): Promise<void> {
    await page.keyboard.press('Control+G');
    await quickInput.waitFor({ state: 'visible' });
    await page.keyboard.type(`${line}:${column}`);
    await page.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden' });
  }

  const editor: Editor = {
    page,
    browser,
    url,
    workspaceDir,
    userDataDir,
    kubeconfigPath,
    serverLog,
    openFile,
    runCommand,
    showProblems,
    problems,
    waitForProblems,
    filterProblems,
    maximizePanel,
    editorText,
    goToLine,
    async openQuickFixMenu() {
      await page
        .locator('.editor-instance .view-overlays > div:has(.current-line) [class*="squiggly-"]')
        .first()
        .waitFor({ state: 'visible' });
      const menu = page.locator('.action-widget');
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Control+.');
        try {
          await menu.waitFor({ state: 'visible', timeout: 10_000 });
          return menu;
        } catch (error) {
          if (attempt === 3) throw error;
          await page.keyboard.press('Escape');
        }
      }
    },
    async screenshot(path: string) {
      mkdirSync(dirname(path), { recursive: true });
      // Written atomically: a reader of the committed image never sees half a file.
      const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
      // Animations finished or stopped, so that two runs give the same picture.
      writeFileSync(temporary, await page.screenshot({ animations: 'disabled' }));
      renameSync(temporary, path);
    },
    async close() {
      liveEditors.delete(editor);
      const processes = serverProcesses.get(editor);
      await browser.close().catch(() => undefined);
      if (processes) {
        killGroup(processes.server.pid, 'SIGTERM');
        const exited = processes.server.exitCode !== null || processes.server.signalCode !== null;
        if (!exited) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              killGroup(processes.server.pid, 'SIGKILL');
              resolve();
            }, 5_000);
            processes.server.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
        // Children of the server (the extension host) share its process group.
        killGroup(processes.server.pid, 'SIGKILL');
        for (const dir of processes.dirs) rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return editor;
}
