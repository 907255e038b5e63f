import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanHelmError } from './helm.ts';

test("helm's error is the message: the warnings before it, its prefix and its --debug advice are left out", () => {
  const table = `[map[autoscaling:map[enabled:true maxReplicas:100] env:map[${'KEY:value '.repeat(300)}]]]`;
  const stderr = [
    `coalesce.go:301: warning: destination for manager.producers is a table. Ignoring non-table value (${table})`,
    'Error: template: manager/templates/hpa.yaml:4:24: executing "manager/templates/hpa.yaml" at <$producer.autoscaling.enabled>: nil pointer evaluating interface {}.enabled',
    '',
    'Use --debug flag to render out invalid YAML',
  ].join('\n');
  assert.equal(
    cleanHelmError(stderr),
    'template: manager/templates/hpa.yaml:4:24: executing "manager/templates/hpa.yaml" at <$producer.autoscaling.enabled>: nil pointer evaluating interface {}.enabled',
  );
  // With no Error: line, the warnings alone are still no message.
  assert.equal(
    cleanHelmError('WARNING: Kubernetes configuration file is group-readable.\nsomething broke'),
    'something broke',
  );
  assert.equal(cleanHelmError(''), 'helm template failed');
});
