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

  test('a closing line must be the delimiter alone (tabs allowed before it after <<-), as Docker reads it', () => {
    for (const text of ['FROM debian:12\nRUN <<EOF\necho\n EOF\n', 'FROM debian:12\nRUN <<EOF\necho\nEOF \n']) {
      assert.equal(parseDockerfile(text).problems.length, 1, JSON.stringify(text));
    }
  });

  test('any word starting with << opens a heredoc, as the parser reads it (<<: here, named ":")', () => {
    const model = parseDockerfile('FROM debian:12\nRUN <<: *anchor curl | bash -\nUSER 1000\n');
    assert.deepEqual(
      model.problems.map((problem) => problem.message),
      ['Heredoc "<<:" is never closed: add a line ":" after its body.'],
    );
    assert.deepEqual(parseDockerfile('FROM debian:12\nRUN cat <<"END.1"\nx\nEND.1\n').problems, []);
  });

  test('an ARG default names the ARGs declared before it, as Docker expands it; an unknown one leaves the image unknown', () => {
    const model = parseDockerfile(
      'ARG REGISTRY=quay.io\nARG OWNER=example\nARG BASE_IMAGE=$REGISTRY/${OWNER}/base:1.0\nFROM $BASE_IMAGE\n',
    );
    assert.equal(model.globalArgs.get('BASE_IMAGE'), 'quay.io/example/base:1.0');
    assert.equal(model.stages[0]?.from.reference?.registry, 'quay.io');
    // Expanded with what was declared before it only: a later ARG does not reach back.
    const unknown = parseDockerfile('ARG BASE_IMAGE=$REGISTRY/base\nARG REGISTRY=quay.io\nFROM $BASE_IMAGE\n');
    assert.equal(unknown.stages[0]?.from.reference, undefined);
  });

  test('a closed heredoc is no problem', () => {
    for (const text of [
      'FROM debian:12\nONBUILD RUN <<EOF\necho\nEOF\n',
      'FROM debian:12\r\nRUN <<EOF\r\necho\r\nEOF\r\n',
      'FROM debian:12\nRUN <<-EOF\n\techo\n\tEOF\n',
      'FROM debian:12\nRUN <<EOF\necho\nEOF',
    ]) {
      assert.deepEqual(parseDockerfile(text).problems, [], JSON.stringify(text));
    }
  });
});
