import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDockerfile } from './dockerfile.ts';

describe('parseDockerfile', () => {
  test('a heredoc never closed is a problem, in ONBUILD too (its body would swallow every later line)', () => {
    for (const text of ['FROM debian:12\nRUN <<EOF\necho\n', 'FROM debian:12\nONBUILD RUN <<EOF\necho\nUSER 65534\n']) {
      const model = parseDockerfile(text);
      assert.deepEqual(
        model.problems.map((problem) => problem.message),
        ['Heredoc "<<EOF" is never closed: add a line "EOF" after its body.'],
        text,
      );
    }
  });

  test('a closed heredoc is no problem', () => {
    assert.deepEqual(parseDockerfile('FROM debian:12\nONBUILD RUN <<EOF\necho\nEOF\n').problems, []);
  });
});
