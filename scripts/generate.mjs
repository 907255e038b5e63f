// Regenerates every generated file (configuration schema, rule docs, rule prose module, Kubernetes schema data,
// command reference), or with --check fails when a committed one differs from what its generator makes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const generators = [
  'packages/core/scripts/generate-schema.ts',
  'packages/core/scripts/generate-rule-docs.ts',
  'packages/core/scripts/generate-rule-prose.ts',
  'packages/core/scripts/generate-kubernetes-schemas.ts',
  'packages/kubectl-lsst/scripts/generate-command-reference.ts',
].filter((script) => existsSync(`${root}${script}`));

let failed = 0;
for (const script of generators) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...(check ? ['--check'] : [])], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) failed++;
}
if (check && failed === 0) console.log(`generated files are up to date (${generators.length} generators)`);
process.exit(failed === 0 ? 0 : 1);
