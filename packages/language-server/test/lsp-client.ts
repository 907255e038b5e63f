// A protocol-level client for the tests: starts the server as users do (`kubectl-lsst lsp` from the
// built CLI), speaks LSP to it over its stdio (or a socket or pipe), and records what it publishes.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type ClientCapabilities,
  createProtocolConnection,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { buildOnce } from '../../kubectl-lsst/test/e2e/build-once.ts';

export const binPath = new URL('../../kubectl-lsst/bin/kubectl-lsst', import.meta.url).pathname;
export const repositoryRoot = new URL('../../../', import.meta.url).pathname;

/** A temporary folder with these files (paths relative to it). */
export function makeFolder(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'lsst-lsp-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  return folder;
}

export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}

export function serverEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, NO_COLOR: '1' };
  delete env.LSST_CONFIG;
  delete env.LSST_NOW;
  return env;
}

export interface ClientOptions {
  capabilities?: ClientCapabilities;
  /** What the client answers to workspace/configuration for the `lsst` section. */
  settings?: Record<string, unknown>;
  /** Answers for other sections (another server's, such as `yaml`). */
  sections?: Record<string, unknown>;
  initializationOptions?: unknown;
  workspaceFolder?: string;
  /** Extra arguments of `kubectl-lsst lsp`. */
  args?: string[];
}

export class TestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly messages: { type: number; message: string }[] = [];
  readonly appliedEdits: WorkspaceEdit[] = [];
  readonly configurationRequests: unknown[] = [];
  settings: Record<string, unknown>;
  readonly sections: Record<string, unknown>;
  #waiters: (() => void)[] = [];
  stderr = '';

  private constructor(
    readonly connection: ProtocolConnection,
    readonly child: ChildProcess | undefined,
    options: ClientOptions,
  ) {
    this.settings = options.settings ?? {};
    this.sections = options.sections ?? {};
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      this.#wake();
    });
    connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      this.messages.push(params);
      this.#wake();
    });
    connection.onNotification('window/logMessage', () => {});
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
      this.configurationRequests.push(params);
      return params.items.map((item) =>
        item.section === 'lsst' ? this.settings : (this.sections[item.section ?? ''] ?? null),
      );
    });
    connection.onRequest('workspace/applyEdit', (params: { edit: WorkspaceEdit }) => {
      this.appliedEdits.push(params.edit);
      this.#wake();
      return { applied: true };
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/diagnostic/refresh', () => null);
    connection.onRequest('window/showMessageRequest', () => null);
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** Starts `kubectl-lsst lsp` on stdio and initializes it. */
  static async start(
    home: string,
    options: ClientOptions = {},
  ): Promise<{ client: TestClient; init: InitializeResult }> {
    buildOnce();
    const child = spawn(binPath, ['lsp', ...(options.args ?? [])], {
      cwd: home,
      env: serverEnv(home),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const client = new TestClient(connection, child, options);
    child.stderr.on('data', (chunk: Buffer) => {
      client.stderr += chunk.toString();
    });
    connection.listen();
    const init = await client.initialize(options);
    return { client, init };
  }

  /** A client on streams the test set up (a socket or pipe the server connected to). */
  static async over(
    reader: NodeJS.ReadableStream,
    writer: NodeJS.WritableStream,
    child: ChildProcess,
    options: ClientOptions = {},
  ): Promise<{ client: TestClient; init: InitializeResult }> {
    const connection = createProtocolConnection(new StreamMessageReader(reader), new StreamMessageWriter(writer));
    const client = new TestClient(connection, child, options);
    connection.listen();
    const init = await client.initialize(options);
    return { client, init };
  }

  async initialize(options: ClientOptions): Promise<InitializeResult> {
    const folder = options.workspaceFolder;
    const init = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: folder ? uriOf(folder) : null,
      workspaceFolders: folder ? [{ uri: uriOf(folder), name: 'test' }] : null,
      capabilities: options.capabilities ?? {},
      initializationOptions: options.initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return init;
  }

  /** Waits until the condition holds on what was received; fails with what was received when it never does. */
  async waitFor<T>(what: string, probe: () => T | undefined, limitMs = 60_000): Promise<T> {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `no ${what} after ${limitMs} ms; received: ${JSON.stringify(this.published).slice(0, 2000)}\nstderr: ${this.stderr}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The diagnostics last published for a document, once a publication satisfies the condition. */
  diagnostics(uri: string, accept: (params: PublishDiagnosticsParams) => boolean = () => true): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics for ${uri}`, () => {
      const last = this.published.filter((params) => params.uri === uri).at(-1);
      return last && accept(last) ? last.diagnostics : undefined;
    });
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version, text },
    });
  }

  /** Ends the server as an editor does: shutdown, then exit; resolves with its exit code. */
  async stop(): Promise<number | null> {
    const exited = this.child && this.child.exitCode === null ? once(this.child, 'exit') : undefined;
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const [code] = (await exited) ?? [this.child?.exitCode ?? null];
    this.connection.dispose();
    return code as number | null;
  }
}
