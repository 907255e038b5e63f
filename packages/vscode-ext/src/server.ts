// The language server's entry point in the extension's bundle (dist/server.cjs): the extension's
// language client starts it with the Node that runs the extension, over Node's IPC channel.
import { startLanguageServer } from '@lsst-kube/language-server';

startLanguageServer({ kind: 'ipc' });
