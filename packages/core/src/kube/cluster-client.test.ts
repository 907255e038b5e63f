// Which failures of a cluster call are retried, and how long the waits are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultRetryPolicy, retryDelay } from './cluster-client.ts';

const apiError = (code: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`HTTP-Code: ${code}`), { code, body: '{}', headers });
const networkError = (code: string) => Object.assign(new Error(`request failed: ${code}`), { code });
const policy = defaultRetryPolicy;

describe('retryDelay', () => {
  it('retries reads on 429, 500, 502, 503, 504, a cut connection and a truncated answer', () => {
    for (const status of [429, 500, 502, 503, 504])
      assert.notEqual(retryDelay(apiError(status), 'read', 0, policy), undefined, `${status}`);
    assert.notEqual(retryDelay(networkError('ECONNRESET'), 'read', 0, policy), undefined);
    assert.notEqual(retryDelay(new Error('Invalid response body: premature close'), 'read', 0, policy), undefined);
    assert.notEqual(retryDelay(new SyntaxError('Unexpected end of JSON input'), 'read', 0, policy), undefined);
  });

  it('does not retry what another attempt cannot change, nor a timeout (it would multiply the wait)', () => {
    for (const status of [400, 401, 403, 404, 409, 422, 501])
      assert.equal(retryDelay(apiError(status), 'read', 0, policy), undefined, `${status}`);
    assert.equal(retryDelay(Object.assign(new Error('aborted'), { name: 'AbortError' }), 'read', 0, policy), undefined);
    assert.equal(retryDelay(networkError('ECONNREFUSED'), 'read', 0, policy), undefined);
  });

  it('retries writes only on 429, which the API server sends before acting', () => {
    assert.notEqual(retryDelay(apiError(429), 'write', 0, policy), undefined);
    for (const status of [500, 502, 503, 504])
      assert.equal(retryDelay(apiError(status), 'write', 0, policy), undefined);
    assert.equal(retryDelay(networkError('ECONNRESET'), 'write', 0, policy), undefined);
  });

  it('honours Retry-After, capped, and otherwise backs off exponentially with jitter', () => {
    assert.equal(retryDelay(apiError(429, { 'retry-after': '2' }), 'read', 0, policy), 2000);
    assert.equal(retryDelay(apiError(429, { 'Retry-After': '3600' }), 'read', 0, policy), policy.maxDelayMs);
    for (let attempt = 0; attempt < 6; attempt++) {
      const delay = retryDelay(apiError(503), 'read', attempt, policy) as number;
      const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
      assert.ok(delay >= full / 2 && delay <= full, `attempt ${attempt}: ${delay} within [${full / 2}, ${full}]`);
    }
  });
});
