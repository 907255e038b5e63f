// What a check of a folder leaves out (`exclude` in .lsst.yaml): test data of the repository's own tests.
import { compileGlobs } from './glob.ts';

/**
 * The default `exclude`: folders of test data, by the names test runners and languages give them. Not `test`:
 * kustomize overlays and environment folders are often named so (dev, test, prod), and those are deployed.
 */
export const defaultExclude: readonly string[] = [
  '**/tests/**',
  '**/testdata/**',
  '**/test-data/**',
  '**/test_data/**',
  '**/__tests__/**',
  '**/fixtures/**',
];

/**
 * Whether a path found in a checked folder, relative to that folder (`/`-separated), is excluded. A glob ending
 * in `/**` also matches the folder itself, so that a whole folder is left out without being read.
 */
export function excludeMatcher(globs: readonly string[]): (relativePath: string) => boolean {
  if (globs.length === 0) return () => false;
  const matches = compileGlobs(
    globs.map((glob) => glob.replace(/^\.\//, '')),
    { path: true },
  );
  return (relativePath) => matches(relativePath.replace(/\\/g, '/').replace(/^\.\//, ''));
}
