import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRedactor, REDACTED } from './redact.ts';

describe('redaction', () => {
  it('blanks every known credential value wherever it appears', () => {
    const redact = createRedactor(['s3cr3t-token-value', 'S0VZLURBVEE=']);
    assert.equal(
      redact('token s3cr3t-token-value and key S0VZLURBVEE= end'),
      `token ${REDACTED} and key ${REDACTED} end`,
    );
  });

  it('blanks credential shapes even when the value is not known', () => {
    const redact = createRedactor();
    assert.equal(redact('token: abc.def.ghi'), `token: ${REDACTED}`);
    assert.equal(redact('"password":"hunter22"'), `"password":"${REDACTED}"`);
    assert.equal(redact('Authorization: Bearer eyJhbGciOi'), `Authorization: Bearer ${REDACTED}`);
    assert.equal(
      redact('https://bob:pa55word@proxy.example.org:3128'),
      `https://bob:${REDACTED}@proxy.example.org:3128`,
    );
    assert.ok(!redact('-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----').includes('MIIEow'));
  });

  it('leaves ordinary text alone', () => {
    const redact = createRedactor(['abc']);
    assert.equal(redact('Switched to context "dev/abc-team"'), 'Switched to context "dev/abc-team"');
  });
});
