// `kubectl lsst version` (and `kubectl lsst --version`): what is installed, for upgrades and bug reports.
import { Command, Flags } from '@oclif/core';
import { buildInfo, versionText } from '../lib/build-info.ts';
import { ExitCode } from '../lib/errors.ts';
import { currentIo } from '../lib/io.ts';

export default class Version extends Command {
  static override summary = 'Print the version, the commit, the data tables’ dates and the Kubernetes versions known.';
  static override description =
    `The data tables (end-of-life dates of base images, deprecated APIs, registries ...) are compiled on the date shown: a newer release carries newer facts. --json prints { "version", "commit", "node", "kubernetesVersions": ["1.29", ...], "dataTables": [{ "table", "compiled" }] } for scripts. \`kubectl lsst --version\` prints the same text.`;

  static override examples = ['<%= config.bin %> version', '<%= config.bin %> version --json'];

  static override flags = {
    json: Flags.boolean({ description: 'Print a JSON document instead of text.' }),
  };

  async run(): Promise<number> {
    const { flags } = await this.parse(Version);
    const io = currentIo();
    const info = buildInfo();
    if (flags.json) io.stdout.write(`${JSON.stringify({ ...info, node: process.version }, null, 2)}\n`);
    else io.stdout.write(versionText(info));
    return ExitCode.ok;
  }
}
