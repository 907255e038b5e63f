import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  annotateServiceInManifest,
  annotationWith,
  newPortRequest,
  parsePortRequestId,
  portRequestFromConfigMap,
  portRequestId,
  portRequestToConfigMap,
  renderPortRequest,
} from './port-requests.ts';

describe('port request ids', () => {
  it('are stable and read back', () => {
    assert.equal(portRequestId('portal', 'web', 443, 'TCP'), 'portal.web.443-tcp');
    assert.deepEqual(parsePortRequestId('portal.web.443-tcp'), {
      namespace: 'portal',
      service: 'web',
      port: 443,
      protocol: 'TCP',
    });
    assert.equal(parsePortRequestId('portal.web'), undefined);
    assert.equal(parsePortRequestId('Portal.web.443-tcp'), undefined);
  });
  it('accumulate on one annotation without repeats', () => {
    assert.equal(annotationWith(undefined, 'a.b.1-tcp'), 'a.b.1-tcp');
    assert.equal(annotationWith('a.b.1-tcp', 'a.b.2-udp'), 'a.b.1-tcp,a.b.2-udp');
    assert.equal(annotationWith('a.b.1-tcp, a.b.2-udp', 'a.b.1-tcp'), 'a.b.1-tcp,a.b.2-udp');
  });
});

describe('port request records', () => {
  const now = new Date('2025-06-30T09:00:00Z');
  const request = newPortRequest(
    { namespace: 'portal', service: 'web', port: 443, reason: ' public ' },
    'alice',
    now,
    'cluster',
  );

  it('round-trip through their ConfigMap', () => {
    const configMap = portRequestToConfigMap(request, 'lsst-port-requests');
    assert.equal(configMap.metadata.name, 'portal.web.443-tcp');
    assert.equal(configMap.metadata.labels['lsst.io/port-request-status'], 'pending');
    assert.deepEqual(portRequestFromConfigMap(configMap), request);
  });
  it('refuse bad input with a usage error', () => {
    assert.throws(
      () =>
        newPortRequest({ namespace: 'portal', service: 'web', port: 70000, reason: 'x' }, undefined, now, 'manifest'),
      {
        name: 'UsageError',
        message: /--port must be a number from 1 to 65535/,
      },
    );
    assert.throws(
      () => newPortRequest({ namespace: 'portal', service: 'web', port: 443, reason: ' ' }, undefined, now, 'manifest'),
      /--reason/,
    );
  });
  it('render as documents', () => {
    assert.match(
      renderPortRequest(request, 'yaml'),
      /^apiVersion: lsst.io\/v1\nkind: PortRequest\nid: portal.web.443-tcp\n/,
    );
    assert.equal((JSON.parse(renderPortRequest(request, 'json')) as { reason: string }).reason, 'public');
  });
});

describe('annotating a Service in a manifest', () => {
  it('adds the annotation into existing annotations, keeping comments', () => {
    const text =
      'kind: Service # the entry\napiVersion: v1\nmetadata:\n  name: web\n  annotations:\n    a: b # keep\nspec: {}\n';
    assert.equal(
      annotateServiceInManifest(text, 'web', 'x.web.1-tcp'),
      'kind: Service # the entry\napiVersion: v1\nmetadata:\n  name: web\n  annotations:\n    a: b # keep\n    lsst.io/port-request: x.web.1-tcp\nspec: {}\n',
    );
  });
  it('extends an existing request annotation and is idempotent', () => {
    const text =
      'kind: Service\napiVersion: v1\nmetadata:\n  name: web\n  annotations:\n    lsst.io/port-request: x.web.1-tcp\n';
    const once = annotateServiceInManifest(text, 'web', 'x.web.2-tcp');
    assert.match(once, /lsst.io\/port-request: x.web.1-tcp,x.web.2-tcp\n/);
    assert.equal(annotateServiceInManifest(once, 'web', 'x.web.2-tcp'), once);
  });
  it('adds nothing beside a misspelt request annotation, and says so', () => {
    const text =
      'kind: Service\napiVersion: v1\nmetadata:\n  name: web\n  annotations:\n    lsst.io/port-requests: x.web.1-tcp\n';
    assert.throws(() => annotateServiceInManifest(text, 'web', 'x.web.1-tcp'), /a near miss of lsst\.io\/port-request/);
  });
  it('names a missing Service', () => {
    assert.throws(
      () => annotateServiceInManifest('kind: Service\napiVersion: v1\nmetadata: {name: a}\n', 'b', 'x'),
      /no Service named "b"/,
    );
  });
});
