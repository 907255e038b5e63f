// `kubectl lsst __complete WORDS... PARTIAL`: the completion protocol (hidden). kubectl reaches it
// through the `kubectl_complete-lsst` executable; shells reach it through `kubectl lsst completion`.
import { Command } from '@oclif/core';
import { complete, formatCompletions } from '../lib/complete.ts';
import { currentIo } from '../lib/io.ts';

export default class Complete extends Command {
  static override hidden = true;
  static override summary = 'Print completion candidates for a partial command line (cobra protocol).';
  static override strict = false;

  async run(): Promise<number> {
    // The raw words: flags in them are the command line being completed, not ours.
    const argv = this.argv;
    const commands = [
      ...new Set(this.config.commandIDs.filter((id) => !id.startsWith('_')).map((id) => id.split(':')[0] as string)),
    ];
    const io = currentIo();
    io.stdout.write(formatCompletions(await complete([...argv], io, commands.sort())));
    return 0;
  }
}
