import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultConfig } from '../../config/defaults.ts';
import { fileSetOf, isPathUnder, joinSubPath, normalizePath } from './volumes.ts';

describe('file-set paths', () => {
  test('paths are normalised as the kernel resolves them', () => {
    assert.equal(normalizePath('/project/'), '/project');
    assert.equal(normalizePath('//project//dm/./x/'), '/project/dm/x');
    assert.equal(normalizePath('/project/../etc'), '/etc');
    assert.equal(normalizePath('/..'), '/');
    assert.equal(normalizePath('/'), '/');
    assert.equal(normalizePath('project/x'), 'project/x');
  });

  test('"under" includes the file set itself and respects segment boundaries', () => {
    assert.equal(isPathUnder('/project', '/project'), true);
    assert.equal(isPathUnder('/project/dm', '/project/'), true);
    assert.equal(isPathUnder('/projects', '/project'), false);
    assert.equal(isPathUnder('/project-old/x', '/project'), false);
    assert.equal(isPathUnder('/anything', '/'), true);
    assert.equal(isPathUnder('relative', '/'), false);
  });

  test('the most specific file set wins', () => {
    const fileSets = defaultConfig.fileSets;
    assert.equal(fileSetOf('/project/shared/calib', fileSets)?.fileSet.path, '/project/shared');
    assert.equal(fileSetOf('/project/shared/calib', fileSets)?.below, 'calib');
    assert.equal(fileSetOf('/project/sharedx', fileSets)?.fileSet.path, '/project');
    assert.equal(fileSetOf('/project', fileSets)?.below, '');
    assert.equal(fileSetOf('/projects', fileSets), undefined);
    assert.equal(fileSetOf('/home/me', fileSets), undefined);
    // Order in the configuration does not matter.
    assert.equal(fileSetOf('/project/shared', [...fileSets].reverse())?.fileSet.access, 'read-only');
  });

  test('subPath joins below the volume path', () => {
    assert.equal(joinSubPath('/project', 'shared/x'), '/project/shared/x');
    assert.equal(joinSubPath('/project', undefined), '/project');
    assert.equal(joinSubPath('/project/', ''), '/project/');
    assert.equal(joinSubPath('/project', 'dm/..'), '/project');
  });
});
