// End-to-end tests run the built bundle: build it once per test process, as `npm run build` does.
import { spawnSync } from 'node:child_process';

const repositoryRoot = new URL('../../../../', import.meta.url).pathname;
let built = false;

export function buildOnce(): void {
  if (built) return;
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repositoryRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
  built = true;
}
