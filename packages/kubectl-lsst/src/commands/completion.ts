// `kubectl lsst completion bash|zsh`: print a completion script for running kubectl-lsst directly.
import { Args, Command } from '@oclif/core';
import { bashCompletionScript, zshCompletionScript } from '../lib/completion-scripts.ts';
import { currentIo } from '../lib/io.ts';

export default class Completion extends Command {
  static override summary = 'Print a shell completion script (bash or zsh) for kubectl-lsst.';
  static override description =
    `For \`kubectl lsst ...\`, kubectl completes plugins itself (kubectl 1.26 or later, with kubectl's own completion loaded): keep the kubectl_complete-lsst executable, installed beside kubectl-lsst, on PATH. This script is for running kubectl-lsst directly. Context and namespace names are completed; namespaces come from the cluster when it answers within 1.5 s, else from your existing contexts.`;
  static override examples = [
    'source <(<%= config.bin %> completion bash)   # in ~/.bashrc',
    'source <(<%= config.bin %> completion zsh)    # in ~/.zshrc, after compinit',
  ];
  static override args = {
    shell: Args.string({ description: 'The shell.', required: true, options: ['bash', 'zsh'] }),
  };

  async run(): Promise<number> {
    const { args } = await this.parse(Completion);
    currentIo().stdout.write(args.shell === 'zsh' ? zshCompletionScript : bashCompletionScript);
    return 0;
  }
}
