import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASE_IMAGE_ROWS, endOfLifeFor, endOfLifeMatchesFor, imageNameOf, isPastEndOfLife } from './base-images.ts';

const labelOf = (repository: string, tag: string) => endOfLifeFor(repository, tag)?.label;

describe('endOfLifeFor', () => {
  it('reads PostgreSQL majors, old (9.6) and new (11), with their variants', () => {
    assert.equal(labelOf('postgres', '11'), 'PostgreSQL 11');
    assert.equal(labelOf('library/postgres', '11-rc1-alpine'), 'PostgreSQL 11');
    assert.equal(labelOf('postgres', '9.6.24'), 'PostgreSQL 9.6');
    assert.equal(labelOf('postgres', '9'), undefined);
    assert.equal(labelOf('postgres', '17.4'), 'PostgreSQL 17');
    assert.equal(labelOf('postgres', '16-bullseye'), 'Debian 11 (bullseye)');
    assert.equal(endOfLifeFor('postgres', '14.15')?.endOfLife, '2026-11-12');
  });

  it('reads CentOS tags in all their spellings', () => {
    assert.equal(labelOf('centos', '7'), 'CentOS 7');
    assert.equal(labelOf('centos', 'centos7'), 'CentOS 7');
    assert.equal(labelOf('centos', '7.9.2009'), 'CentOS 7');
    assert.equal(labelOf('centos', 'centos7.9.2009'), 'CentOS 7');
    assert.equal(labelOf('centos', '6'), 'CentOS 6');
    assert.equal(labelOf('centos', '8.4.2105'), 'CentOS Linux 8');
    assert.equal(labelOf('quay.io/centos/centos', 'stream9'), 'CentOS Stream 9');
  });

  it('reads Debian numbers and codenames with suffixes', () => {
    assert.equal(labelOf('debian', 'buster-slim'), 'Debian 10 (buster)');
    assert.equal(labelOf('debian', 'buster-20240612-slim'), 'Debian 10 (buster)');
    assert.equal(labelOf('debian', '10.13'), 'Debian 10 (buster)');
    assert.equal(labelOf('debian', 'jessie'), 'Debian 8 (jessie)');
    assert.equal(labelOf('debian', '9-slim'), 'Debian 9 (stretch)');
    assert.equal(endOfLifeFor('debian', 'bullseye')?.endOfLife, '2026-08-31');
  });

  it('reads Ubuntu versions and codenames', () => {
    assert.equal(labelOf('ubuntu', '20.04'), 'Ubuntu 20.04 (focal)');
    assert.equal(labelOf('ubuntu', 'focal'), 'Ubuntu 20.04 (focal)');
    assert.equal(labelOf('ubuntu', 'focal-20240123'), 'Ubuntu 20.04 (focal)');
    assert.equal(labelOf('ubuntu', 'xenial'), 'Ubuntu 16.04 (xenial)');
    assert.equal(labelOf('ubuntu', '14.04'), 'Ubuntu 14.04 (trusty)');
    assert.equal(endOfLifeFor('ubuntu', 'jammy')?.endOfLife.slice(0, 7), '2027-06');
  });

  it('tells 3.1 from 3.10 and 3.12', () => {
    assert.equal(labelOf('alpine', '3.12'), 'Alpine 3.12');
    assert.equal(labelOf('alpine', '3.12.12'), 'Alpine 3.12');
    assert.equal(labelOf('alpine', '3.1'), 'Alpine 3.1');
    assert.equal(labelOf('python', '3.10'), 'Python 3.10');
    assert.equal(labelOf('python', '3.1'), undefined);
  });

  it('reads runtime tags with variants and reports the distribution when it ends first', () => {
    assert.equal(labelOf('python', '3.8-slim'), 'Python 3.8');
    assert.equal(labelOf('python', '2.7.18-slim-buster'), 'Python 2');
    // Python 3.12 is supported long after buster's LTS ended.
    assert.equal(labelOf('python', '3.12-slim-buster'), 'Debian 10 (buster)');
    const matches = endOfLifeMatchesFor('python', '3.8-slim-bullseye').map((row) => row.label);
    assert.deepEqual(matches, ['Python 3.8', 'Debian 11 (bullseye)']);
    assert.equal(labelOf('node', '18-alpine'), 'Node.js 18 (hydrogen)');
    assert.equal(labelOf('node', '20-alpine3.12'), 'Alpine 3.12');
    assert.equal(labelOf('node', 'hydrogen-alpine'), 'Node.js 18 (hydrogen)');
    assert.equal(labelOf('node', '16.20.2-buster-slim'), 'Node.js 16 (gallium)');
    assert.equal(labelOf('golang', '1.21.5-bookworm'), 'Go 1.21');
    assert.equal(labelOf('golang', '1.21rc2'), 'Go 1.21');
    assert.equal(labelOf('ruby', '3.3-buster'), 'Debian 10 (buster)');
  });

  it('matches through registries, organisations and mirrors', () => {
    assert.equal(labelOf('docker.io/library/centos', '7'), 'CentOS 7');
    assert.equal(labelOf('registry.example.org/dockerhub/library/python', '3.7'), 'Python 3.7');
    assert.equal(imageNameOf('docker.io/library/Python:3@sha256:abc'), 'python');
  });

  it('leaves floating tags and unknown images alone', () => {
    for (const [repository, tag] of [
      ['python', '3'],
      ['python', 'latest'],
      ['python', 'slim'],
      ['node', 'lts-alpine'],
      ['alpine', 'latest'],
      ['debian', 'stable-slim'],
      ['ubuntu', 'rolling'],
      ['centos', 'latest'],
      ['golang', '1'],
      ['lsstsqre/centos', 'w_latest'],
      ['myorg/app', 'buster'],
      ['python', ''],
    ] as const) {
      assert.equal(endOfLifeFor(repository, tag), undefined, `${repository}:${tag}`);
    }
  });

  it('does not judge by itself: the caller gives the date', () => {
    const node20 = endOfLifeFor('node', '20');
    assert.ok(node20);
    assert.equal(isPastEndOfLife(node20, '2026-04-30'), false);
    assert.equal(isPastEndOfLife(node20, '2026-05-01'), true);
  });
});

describe('the table', () => {
  it('has well-formed dates and unique releases', () => {
    const keys = new Set<string>();
    for (const row of BASE_IMAGE_ROWS) {
      assert.match(row.endOfLife, /^\d{4}-\d{2}-\d{2}$/, row.label);
      assert.ok(!Number.isNaN(Date.parse(`${row.endOfLife}T00:00:00Z`)), row.label);
      const key = `${row.image}:${row.version}`;
      assert.ok(!keys.has(key), key);
      keys.add(key);
    }
  });

  it('gives every codename to one release only', () => {
    const codenames = BASE_IMAGE_ROWS.flatMap((row) => row.codenames);
    assert.equal(new Set(codenames).size, codenames.length);
  });
});
