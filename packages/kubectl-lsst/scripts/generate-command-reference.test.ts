import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS } from '../src/commands/index.ts';
import { documentedCommandIds, renderCommandReference } from './generate-command-reference.ts';

type Metadata = {
  summary?: string;
  hidden?: boolean;
  flags?: Record<string, { hidden?: boolean; char?: string }>;
  args?: Record<string, unknown>;
  examples?: readonly unknown[];
};
const commands = COMMANDS as unknown as Record<string, Metadata>;
const page = renderCommandReference();

describe('docs/commands.md generator', () => {
  it('documents every registered command that is not hidden, and no hidden one', () => {
    const visible = Object.keys(commands).filter((id) => commands[id]?.hidden !== true);
    assert.deepEqual(documentedCommandIds(), [...visible].sort());
    for (const id of visible) assert.ok(page.includes(`\n## \`kubectl lsst ${id.replaceAll(':', ' ')}\`\n`), id);
    for (const id of Object.keys(commands).filter((key) => commands[key]?.hidden === true)) {
      assert.ok(!page.includes(`kubectl lsst ${id}`), `hidden ${id} is left out`);
    }
  });

  it('lists each command’s summary, arguments, visible flags and examples', () => {
    for (const id of documentedCommandIds()) {
      const command = commands[id] ?? {};
      const start = page.indexOf(`\n## \`kubectl lsst ${id.replaceAll(':', ' ')}\`\n`);
      const end = page.indexOf('\n## ', start + 1);
      const section = page.slice(start, end === -1 ? undefined : end);
      if (command.summary) assert.ok(section.includes(command.summary), `${id}: summary`);
      for (const name of Object.keys(command.args ?? {}))
        assert.ok(section.includes(`\`${name.toUpperCase()}\``), `${id}: ${name}`);
      for (const [name, flag] of Object.entries(command.flags ?? {})) {
        if (flag.hidden) continue;
        assert.match(section, new RegExp(`\`--(\\[no-\\])?${name}[ \`]`), `${id}: --${name}`);
        if (flag.char) assert.ok(section.includes(`\`-${flag.char}\``), `${id}: -${flag.char}`);
      }
      if ((command.examples ?? []).length > 0) assert.ok(section.includes('```sh\n'), `${id}: examples`);
      assert.ok(!section.includes('<%='), `${id}: templates are filled in`);
    }
  });
});
