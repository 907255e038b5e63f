import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRootUserName, knownImageUser, knownImageUserAnyTag } from './image-users.ts';
import {
  defaultTrustedLocations,
  ORGANISATION_REGISTRIES,
  VETTED_PUBLISHER_REGISTRIES,
} from './organisation-registries.ts';

describe('knownImageUser', () => {
  it('knows the Science Pipelines images run as lsst', () => {
    assert.equal(knownImageUser('ghcr.io/lsst/scipipe', 'al9-w_2025_17'), 'lsst');
    assert.equal(knownImageUser('docker.io/lsstsqre/centos', '7-stack-lsst_distrib-w_2024_10'), 'lsst');
  });

  it('knows the Telescope and Site base images run as saluser, and not other lsstts images', () => {
    assert.equal(knownImageUser('docker.io/lsstts/deploy-env', 'salobj_v5.7.0'), 'saluser');
    assert.equal(knownImageUser('docker.io/lsstts/develop-env', 'develop'), 'saluser');
    assert.equal(knownImageUser('docker.io/lsstts/salobj', 'master'), 'saluser');
    assert.equal(knownImageUser('docker.io/lsstts/base-env', 'w_latest_1000_1000'), 'saluser');
    assert.equal(knownImageUser('docker.io/lsstts/robot', 'latest'), undefined);
  });

  it('knows a user whatever the tag only when no row depends on the tag', () => {
    assert.equal(knownImageUserAnyTag('docker.io/lsstts/salobj'), 'saluser');
    assert.equal(knownImageUserAnyTag('docker.io/library/python'), 'root');
    assert.equal(knownImageUserAnyTag('gcr.io/distroless/static-debian12'), undefined);
    assert.equal(knownImageUserAnyTag('docker.io/library/sonarqube'), undefined);
  });

  it('tells distroless nonroot tags from the root ones', () => {
    assert.equal(knownImageUser('gcr.io/distroless/static-debian12', 'nonroot'), '65532');
    assert.equal(knownImageUser('gcr.io/distroless/python3-debian12', 'debug-nonroot'), '65532');
    assert.equal(knownImageUser('gcr.io/distroless/static-debian12', 'latest'), 'root');
  });

  it('knows the official images that run as root, and nothing it was not told', () => {
    assert.equal(knownImageUser('docker.io/library/python', '3.13-slim'), 'root');
    assert.equal(knownImageUser('docker.io/library/sonarqube', '10'), undefined);
    assert.equal(knownImageUser('ghcr.io/lsst-sqre/mobu', '19.1.1'), undefined);
  });

  it("knows Confluent's images run as root up to 5.x only, and CADC's and Oracle's as root", () => {
    assert.equal(knownImageUser('docker.io/confluentinc/cp-kafka', '4.1.1'), 'root');
    assert.equal(knownImageUser('docker.io/confluentinc/cp-zookeeper', '5.5.3'), 'root');
    assert.equal(knownImageUser('docker.io/confluentinc/cp-kafka', '7.6.1'), undefined);
    assert.equal(knownImageUser('docker.io/confluentinc/cp-kafka', 'latest'), undefined);
    assert.equal(knownImageUserAnyTag('docker.io/confluentinc/cp-kafka'), undefined);
    assert.equal(knownImageUser('images.opencadc.org/library/cadc-tomcat', '1.6'), 'root');
    assert.equal(knownImageUser('docker.io/mysql/mysql-server', '8.0.13-1.1.8'), 'root');
  });

  it('reads root users in their spellings', () => {
    for (const user of ['root', '0', 'root:root', '0:0', ' 0 ']) assert.equal(isRootUserName(user), true, user);
    for (const user of ['lsst', '1000', '65532:65532', 'rooted']) assert.equal(isRootUserName(user), false, user);
  });
});

describe('organisation registries', () => {
  it('are locations with a source each', () => {
    assert.ok(defaultTrustedLocations().includes('ghcr.io/lsst-sqre'));
    for (const row of [...ORGANISATION_REGISTRIES, ...VETTED_PUBLISHER_REGISTRIES]) {
      assert.match(row.location, /^[a-z0-9.-]+(\/[a-z0-9_.-]+)?$/);
      assert.ok(row.source.length > 0);
    }
  });
});
