import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILD_TOOLS, buildToolOfPackage } from './build-tools.ts';
import { findPackageInstalls } from './package-managers.ts';

const toolOf = (...args: Parameters<typeof buildToolOfPackage>) => buildToolOfPackage(...args)?.tool;

describe('buildToolOfPackage', () => {
  it('knows compilers and build tools under apt, with version suffixes', () => {
    for (const [name, tool] of [
      ['gcc', 'gcc'],
      ['gcc-12', 'gcc'],
      ['g++', 'g++'],
      ['g++-11', 'g++'],
      ['clang', 'clang'],
      ['clang-15', 'clang'],
      ['make', 'make'],
      ['cmake', 'cmake'],
      ['build-essential', 'build-essential'],
      ['autoconf', 'autoconf'],
      ['automake', 'automake'],
      ['libtool', 'libtool'],
      ['gfortran', 'gfortran'],
      ['golang', 'go'],
      ['golang-go', 'go'],
      ['golang-1.21', 'go'],
      ['golang-1.21-go', 'go'],
      ['rustc', 'rust'],
      ['cargo', 'rust'],
      ['gcc=4:12.2.0-3', 'gcc'],
    ] as const) {
      assert.equal(toolOf('apt', name), tool, name);
    }
  });

  it('knows yum/dnf names and the Development Tools group', () => {
    assert.equal(toolOf('yum', 'gcc-c++'), 'g++');
    assert.equal(toolOf('yum', 'gcc-gfortran'), 'gfortran');
    assert.equal(toolOf('yum', 'cmake3'), 'cmake');
    assert.equal(toolOf('yum', 'gcc-toolset-13'), 'gcc');
    assert.equal(toolOf('yum', 'Development Tools'), 'development-tools');
    assert.equal(toolOf('yum', '@development-tools'), 'development-tools');
  });

  it('knows apk and the few pip packages that are real build tools', () => {
    assert.equal(toolOf('apk', 'build-base'), 'build-essential');
    assert.equal(toolOf('apk', 'clang15'), 'clang');
    assert.equal(toolOf('apk', 'go'), 'go');
    assert.equal(toolOf('pip', 'CMake>=3.20'), 'cmake');
    assert.equal(buildToolOfPackage('pip', 'cython'), undefined);
    assert.equal(buildToolOfPackage('pip', 'setuptools'), undefined);
  });

  it('does not flag runtime libraries, headers or look-alikes', () => {
    for (const name of [
      'libgcc-s1',
      'gcc-12-base',
      'libstdc++6',
      'libc6-dev',
      'makedev',
      'cmake-data',
      'golang-github-foo-dev',
      'cargo-doc',
      'pkg-config',
      'git',
    ]) {
      assert.equal(buildToolOfPackage('apt', name), undefined, name);
    }
    assert.equal(buildToolOfPackage('apk', 'musl-dev'), undefined);
    assert.equal(buildToolOfPackage('yum', 'libgcc'), undefined);
  });

  it('works on the words a RUN line gives', () => {
    const [install] = findPackageInstalls('apk add --no-cache --virtual .build-deps gcc musl-dev make');
    assert.deepEqual(
      install?.packages.map((p) => toolOf('apk', p.name)),
      ['gcc', undefined, 'make'],
    );
  });

  it('has one row per tool', () => {
    const tools = BUILD_TOOLS.map((tool) => tool.tool);
    assert.equal(new Set(tools).size, tools.length);
  });

  it('gives the same answers when asked again, per manager', () => {
    for (let round = 0; round < 2; round++) {
      assert.equal(toolOf('apt', 'gcc-12'), 'gcc');
      assert.equal(toolOf('apt', 'libgcc-s1'), undefined);
      assert.equal(toolOf('yum', 'Development Tools'), 'development-tools');
      assert.equal(toolOf('apt', 'Development Tools'), undefined);
    }
  });
});
