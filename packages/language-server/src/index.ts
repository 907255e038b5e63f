// The language server's entry point: `kubectl lsst lsp` calls `startLanguageServer` with the
// transport its flags name (stdio by default, or a socket or pipe the client listens on); the VS
// Code extension starts it over Node's IPC channel.
import {
  type Connection,
  createConnection,
  createServerPipeTransport,
  createServerSocketTransport,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { LsstLanguageServer } from './server.ts';

export {
  type CheckFilesSummary,
  clientCommands,
  type DocumentState,
  diagnosticSource,
  fixAllKind,
  LsstLanguageServer,
  readServerSettings,
  serverCommands,
} from './server.ts';

export type Transport =
  | { kind: 'stdio'; input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream }
  | { kind: 'socket'; port: number }
  | { kind: 'pipe'; name: string }
  /** Node's IPC channel to the parent process (the VS Code extension starts the server so). */
  | { kind: 'ipc' };

/** Starts the server on the transport; the process ends when the client sends `exit` (or goes away). */
export function startLanguageServer(transport: Transport): LsstLanguageServer {
  let connection: Connection;
  if (transport.kind === 'socket') {
    const [reader, writer] = createServerSocketTransport(transport.port);
    connection = createConnection(reader, writer);
  } else if (transport.kind === 'ipc') {
    connection = createConnection(new IPCMessageReader(process), new IPCMessageWriter(process));
  } else if (transport.kind === 'pipe') {
    const [reader, writer] = createServerPipeTransport(transport.name);
    connection = createConnection(reader, writer);
  } else {
    connection = createConnection(
      new StreamMessageReader(transport.input ?? process.stdin),
      new StreamMessageWriter(transport.output ?? process.stdout),
    );
  }
  const server = new LsstLanguageServer(connection);
  connection.listen();
  return server;
}
