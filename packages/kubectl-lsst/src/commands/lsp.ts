// `kubectl lsst lsp`: the language server for editors (LSP), on stdio unless a socket or pipe is named.

import { Writable } from 'node:stream';
import { UsageError } from '@lsst-kube/core';
import { Command, Flags } from '@oclif/core';
import { currentIo } from '../lib/io.ts';

export default class Lsp extends Command {
  static override summary =
    'Run the language server (LSP) that editors start: diagnostics, fixes and hovers in any editor.';
  static override description =
    "Speaks the Language Server Protocol on stdin and stdout (or on the socket or pipe a client names). An editor starts it for manifests, Dockerfiles and chart files and gets the same findings as `check` as diagnostics, the rules' fixes, fix-all and a suppression comment as code actions, and the guideline text on hover. Configuration: `.lsst.yaml` found upward from each file, and the editor's `lsst` settings. docs/editors.md has setups for Neovim, Vim, Emacs, Helix and JetBrains IDEs.";

  static override examples = ['<%= config.bin %> lsp', '<%= config.bin %> lsp --socket 7999'];

  static override flags = {
    stdio: Flags.boolean({ description: 'Speak LSP on stdin and stdout (the default).' }),
    socket: Flags.integer({
      description: 'Connect to the client on this TCP port of localhost instead of stdio.',
      helpValue: 'PORT',
      min: 1,
      max: 65535,
      exclusive: ['pipe', 'stdio'],
    }),
    pipe: Flags.string({
      description: 'Connect to the client on this named pipe (Unix socket path) instead of stdio.',
      helpValue: 'PATH',
      exclusive: ['socket', 'stdio'],
    }),
    clientProcessId: Flags.integer({
      description: "The editor's process id (passed by some clients); the server ends when that process does.",
      hidden: true,
    }),
  };

  async run(): Promise<number> {
    const { flags } = await this.parse(Lsp);
    if (flags.pipe !== undefined && flags.pipe.trim() === '') throw new UsageError('--pipe needs the path of a pipe.');
    const { startLanguageServer } = await import('@lsst-kube/language-server');
    startLanguageServer(
      flags.socket !== undefined
        ? { kind: 'socket', port: flags.socket }
        : flags.pipe !== undefined
          ? { kind: 'pipe', name: flags.pipe }
          : { kind: 'stdio', input: currentIo().stdin, output: messageOutput() },
    );
    // The server ends the process when the client says `exit` or goes away.
    return new Promise<number>(() => {});
  }
}

/**
 * Messages go through the CLI's own stdout writer: oclif's output redirection takes text written
 * to process.stdout and would not call the protocol writer back.
 */
function messageOutput(): Writable {
  const stdout = currentIo().stdout;
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      stdout.write(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      void (stdout.drained?.() ?? Promise.resolve()).then(() => callback(), callback);
    },
  });
}
