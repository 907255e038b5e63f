import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeObject, displayPath, hasFilePosition, isLogicalName, qualifiedObjectName } from './common.ts';
import { formatNames, formatResults, isFormatName } from './index.ts';
import { cwd, sampleInput, sampleResults } from './test-support.ts';

describe('formats', () => {
  it('offers the five formats of --format, and knows them by name', () => {
    assert.deepEqual(formatNames, ['stylish', 'json', 'sarif', 'github', 'junit']);
    assert.equal(isFormatName('sarif'), true);
    assert.equal(isFormatName('junit'), true);
    assert.equal(isFormatName('checkstyle'), false);
  });

  it('renders every format from the same input, each ending with a line break', () => {
    const outputs = formatNames.map((name) => formatResults(name, sampleInput()));
    assert.equal(new Set(outputs).size, formatNames.length);
    for (const output of outputs) assert.ok(output.endsWith('\n'));
  });
});

describe('paths and objects in output', () => {
  it('shows paths relative to the working directory with slashes, and logical names as they are', () => {
    assert.equal(displayPath(`${cwd}/deploy/web.yaml`, cwd), 'deploy/web.yaml');
    assert.equal(displayPath('deploy/web.yaml', cwd), 'deploy/web.yaml');
    assert.equal(displayPath('/elsewhere/web.yaml', cwd), '../../elsewhere/web.yaml');
    assert.equal(displayPath('cluster:prod', cwd), 'cluster:prod');
  });

  it('tells logical names from paths, a Windows drive letter included', () => {
    assert.equal(isLogicalName('cluster:prod'), true);
    assert.equal(isLogicalName('C:/work/web.yaml'), false);
    assert.equal(isLogicalName('deploy/web:v1.yaml'), false);
  });

  it('knows which findings point into a file', () => {
    const results = sampleResults();
    const inFile = results[0]?.findings[0];
    const fromCluster = results.at(-1)?.findings[0];
    assert.ok(inFile && fromCluster);
    assert.equal(hasFilePosition(inFile), true, 'an object in a file still has its position');
    assert.equal(hasFilePosition(fromCluster), false);
  });

  it('names objects for readers and for SARIF', () => {
    const object = { kind: 'Deployment', namespace: 'nb-science', name: 'jupyter', container: 'notebook' };
    assert.equal(describeObject(object), 'Deployment nb-science/jupyter (notebook)');
    assert.equal(qualifiedObjectName(object), 'Deployment/nb-science/jupyter/notebook');
    assert.equal(describeObject({ kind: 'ClusterRole', name: 'reader' }), 'ClusterRole reader');
    assert.equal(qualifiedObjectName({ kind: 'ClusterRole', name: 'reader' }), 'ClusterRole/reader');
  });
});
