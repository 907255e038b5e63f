import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDockerfile } from '../documents/dockerfile.ts';
import { packagesLeftInstalled, runScriptsOf, runtimeStages } from './run-scripts.ts';

const leftInstalled = (text: string) =>
  packagesLeftInstalled(runScriptsOf(runtimeStages(parseDockerfile(text)))).map(
    (installed) => `${installed.manager}:${installed.name}`,
  );

describe('packagesLeftInstalled', () => {
  test('a later RUN that removes the package, by name or by apk group', () => {
    const text = `FROM debian:12
RUN apt-get install -y gcc make && pip install numpy requests
RUN apk add --virtual .deps build-base && yum install -y httpd cmake
RUN apt-get purge -y gcc && apk del .deps && yum remove -y cmake.x86_64 && pip uninstall -y NumPy
`;
    assert.deepEqual(leftInstalled(text), ['apt:make', 'pip:requests', 'yum:httpd']);
  });

  test('a removal before the install does not count; the apt-mark auto idiom counts in its own RUN only', () => {
    const text = `FROM debian:12
RUN apt-get purge -y gcc
RUN apt-get install -y gcc
RUN apt-mark auto x && apt-get install -y make && apt-get purge -y --auto-remove
RUN apt-get install -y cmake
RUN apt-mark auto y && apt-get purge -y --auto-remove
`;
    assert.deepEqual(leftInstalled(text), ['apt:gcc', 'apt:cmake']);
  });

  test('thousands of RUN instructions: every package is looked up once, in order', () => {
    const runs = Array.from({ length: 5_000 }, (_, index) => `RUN apt-get install -y tool${index}\n`);
    const left = leftInstalled(`FROM debian:12\n${runs.join('')}RUN apt-get purge -y tool7\n`);
    assert.equal(left.length, 4_999);
    assert.deepEqual(left.slice(0, 8), [
      'apt:tool0',
      'apt:tool1',
      'apt:tool2',
      'apt:tool3',
      'apt:tool4',
      'apt:tool5',
      'apt:tool6',
      'apt:tool8',
    ]);
  });
});
