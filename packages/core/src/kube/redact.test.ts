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

  it('blanks overlapping and adjacent secrets, and secrets sharing their start', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.payload-of-alice.signature';
    const other = 'eyJhbGciOiJSUzI1NiJ9.payload-of-bob.signature';
    const redact = createRedactor([jwt, other, 'abcdef', 'defghi']);
    assert.equal(redact(`${jwt} ${other}`), `${REDACTED} ${REDACTED}`);
    assert.equal(redact('xabcdefghiy'), `x${REDACTED}y`);
    assert.equal(redact('abcdefabcdef'), `${REDACTED}${REDACTED}`);
    assert.equal(redact('abcde'), 'abcde');
  });

  it('does work in proportion to the text, however many secrets the kubeconfig holds', () => {
    const linesRedacted = (count: number) => {
      const secrets = Array.from({ length: count }, (_, index) => `token-${index}-${'x'.repeat(20)}-${index}`);
      const redact = createRedactor(secrets);
      const original = { includes: String.prototype.includes, startsWith: String.prototype.startsWith };
      let comparisons = 0;
      String.prototype.includes = function (this: string, ...args: Parameters<string['includes']>) {
        comparisons += 1;
        return original.includes.apply(this, args);
      };
      String.prototype.startsWith = function (this: string, ...args: Parameters<string['startsWith']>) {
        comparisons += 1;
        return original.startsWith.apply(this, args);
      };
      try {
        // One line per context, as the context list prints them.
        for (const [index, secret] of secrets.entries()) {
          assert.equal(redact(`ctx-${index} ${secret}`), `ctx-${index} ${REDACTED}`);
        }
      } finally {
        Object.assign(String.prototype, original);
      }
      return comparisons;
    };
    const small = linesRedacted(500);
    const large = linesRedacted(2_000);
    // Four times the lines and secrets: linear work is four times as much, comparing each line with every secret sixteen.
    assert.ok(large <= small * 5, `500 secrets: ${small} comparisons, 2,000: ${large}`);
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
