// The bundle's entry point (dist/cli.cjs): bin/kubectl-lsst calls `run` with the process's io.
import { main, processIo } from './main.ts';

export { main };

export async function run(): Promise<number> {
  return main(process.argv.slice(2), processIo());
}
