// `kubectl lsst rules`, `explain` and `init` in-process through main(): the shared cases.
import { describe, test } from 'node:test';
import { makeFolder, runInProcess } from '../../test/check-support.ts';
import { assertCommandCase, commandCases } from '../../test/rules-explain-init-cases.ts';

describe('kubectl lsst rules, explain, init (in-process)', () => {
  for (const testCase of commandCases) {
    test(testCase.name, async () => {
      const folder = makeFolder(testCase.files ?? {});
      // The oclif path captures process.stdout while a command runs; let the test runner write its
      // report of the previous test first, so that it does not land in this command's output.
      await new Promise((resolve) => setImmediate(resolve));
      assertCommandCase(testCase, await runInProcess(testCase.args, folder), folder);
    });
  }
});
