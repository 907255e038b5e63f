import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { didYouMean, editDistance, nearestNames, withinEditDistance } from './suggest.ts';

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

  it('agrees with the whole table, and its bounded form with the distance, on generated pairs', () => {
    // A plain optimal-string-alignment table, every cell filled.
    const reference = (a: string, b: string): number => {
      const table = Array.from({ length: a.length + 1 }, (_, i) =>
        Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
      );
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          const row = table[i] as number[];
          const above = table[i - 1] as number[];
          row[j] = Math.min(
            (above[j] as number) + 1,
            (row[j - 1] as number) + 1,
            (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
          );
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
            row[j] = Math.min(row[j] as number, ((table[i - 2] as number[])[j - 2] as number) + 1);
        }
      }
      return (table[a.length] as number[])[b.length] as number;
    };
    // A small alphabet, so that swaps and repeats are common; a fixed linear congruential sequence.
    let seed = 12345;
    const next = (bound: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % bound;
    };
    const word = () => Array.from({ length: next(9) }, () => 'abc'[next(3)]).join('');
    for (let pair = 0; pair < 3000; pair++) {
      const a = word();
      const b = word();
      const distance = reference(a, b);
      assert.equal(editDistance(a, b), distance, `${a} ${b}`);
      for (const limit of [0, 1, 2, 3])
        assert.equal(withinEditDistance(a, b, limit), distance <= limit, `${a} ${b} ${limit}`);
    }
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
