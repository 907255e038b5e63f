import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { didYouMean, editDistance, nearestNames } from './suggest.ts';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps of neighbours as one', () => {
    assert.equal(editDistance('clusters', 'clusters'), 0);
    assert.equal(editDistance('cluster', 'clusters'), 1);
    assert.equal(editDistance('clusterss', 'clusters'), 1);
    assert.equal(editDistance('clustars', 'clusters'), 1);
    assert.equal(editDistance('culsters', 'clusters'), 1);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });
});

describe('nearestNames', () => {
  const rules = ['image/pinned', 'image/trusted-source', 'image/local-registry', 'security/run-as-non-root'];

  it('suggests near misses first', () => {
    assert.deepEqual(nearestNames('image/pined', rules), ['image/pinned']);
    assert.deepEqual(nearestNames('Image/Pinned', rules), ['image/pinned']);
  });

  it('suggests names the input abbreviates or ends', () => {
    assert.deepEqual(nearestNames('prod', ['development', 'production', 'testing']), ['production']);
    assert.deepEqual(nearestNames('pinned', rules), ['image/pinned']);
  });

  it('suggests nothing when nothing is close', () => {
    assert.deepEqual(nearestNames('xyz', rules), []);
    assert.equal(didYouMean('completely-different', rules), '');
  });

  it('never suggests the input itself and respects the limit', () => {
    assert.deepEqual(nearestNames('ab', ['ab', 'ac', 'ad', 'ae', 'af'], { limit: 2 }), ['ac', 'ad']);
  });

  it('phrases a suggestion', () => {
    assert.equal(didYouMean('targes', ['targets', 'clusters']), ' Did you mean "targets"?');
    assert.equal(didYouMean('ab', ['ac', 'ad']), ' Did you mean "ac" or "ad"?');
  });
});
