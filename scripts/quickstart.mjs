// The quick start: checks the bundled examples with the freshly built plugin, through kubectl
// when it is installed (as a user would run it), else through the plugin's own executable.
import { spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pluginDirectory = join(root, 'packages/kubectl-lsst/bin');
const env = { ...process.env, PATH: `${pluginDirectory}${delimiter}${process.env.PATH ?? ''}` };
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { env, stdio: 'ignore' }).status === 0;
const [command, prefix] = hasKubectl ? ['kubectl', ['lsst']] : [join(pluginDirectory, 'kubectl-lsst'), []];

console.log(`\n$ ${hasKubectl ? 'kubectl lsst' : 'kubectl-lsst'} check examples/\n`);
const result = spawnSync(command, [...prefix, 'check', 'examples/'], { cwd: root, env, stdio: 'inherit' });
console.log(
  result.status === 1
    ? '\nThe examples in examples/bad break the guidelines on purpose: exit code 1 means error findings.' +
        '\nNext: kubectl lsst explain <rule>, or read docs/tutorial.md.'
    : `\nkubectl lsst check exited with ${result.status ?? result.signal}.`,
);
// Findings in the bad examples are the point of the demo, not a failure of the quick start.
process.exit(result.status === 0 || result.status === 1 ? 0 : (result.status ?? 1));
