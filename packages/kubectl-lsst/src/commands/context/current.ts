// `kubectl lsst context current`: the oclif face (help, flag errors); the work is in current-fast.ts.
import { Command } from '@oclif/core';
import { contextCurrentFlagSpecs } from '../../lib/context-flags.ts';
import { currentIo } from '../../lib/io.ts';
import { toOclifFlags } from '../../lib/oclif-flags.ts';
import { defaultCurrentFormat } from './current-format.ts';
import { printCurrentContext } from './current-print.ts';

export default class ContextCurrent extends Command {
  static override summary =
    'Print the current context, its namespace and its cluster role on one line (for shell prompts).';
  static override description =
    `Reads only the kubeconfig and the configuration, so it is fast enough for every prompt. The default line is "${defaultCurrentFormat}"; the role is development, testing, pre-production, production or unknown (see \`kubectl lsst context\`); for unknown, a note on standard error gives the line of configuration that guards the cluster. Exit code 2 when no current context is set.`;
  static override examples = [
    '<%= config.bin %> context current',
    "<%= config.bin %> context current --format '{namespace}@{cluster} [{role}]'",
    '<%= config.bin %> context current --json',
  ];
  static override flags = toOclifFlags(contextCurrentFlagSpecs);

  async run(): Promise<number> {
    const { flags } = await this.parse(ContextCurrent);
    return printCurrentContext(
      currentIo(),
      flags as { kubeconfig?: string; config?: string; json?: boolean; format?: string },
    );
  }
}
