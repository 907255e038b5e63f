import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterItems, parseKeys, printable } from './pick.ts';

test('keys: text, arrows in both encodings, Enter, Backspace, and the ways to leave', () => {
  assert.deepEqual(parseKeys('dev\x1b[B\x1bOA\r'), [
    { key: 'text', text: 'dev' },
    { key: 'down' },
    { key: 'up' },
    { key: 'enter' },
  ]);
  assert.deepEqual(parseKeys('a\x7fb'), [{ key: 'text', text: 'a' }, { key: 'backspace' }, { key: 'text', text: 'b' }]);
  assert.deepEqual(
    ['\x1b', '\x03', '\x04'].map((key) => parseKeys(key)),
    [[{ key: 'cancel' }], [{ key: 'cancel' }], [{ key: 'cancel' }]],
  );
  assert.deepEqual(parseKeys('\x1b[C\x1b[1;5D'), [], 'left and right change nothing');
});

test('filtering: names containing the text first, then names holding its letters in order', () => {
  const items = ['lsst-prod', 'dev/team', 'prod-admin', 'staging'].map((name) => ({ name, detail: '' }));
  assert.deepEqual(
    filterItems(items, 'prod').map((item) => item.name),
    ['lsst-prod', 'prod-admin'],
  );
  assert.deepEqual(
    filterItems(items, 'PA').map((item) => item.name),
    ['prod-admin'],
  );
  assert.deepEqual(
    filterItems(items, 'sg').map((item) => item.name),
    ['staging'],
  );
  assert.equal(filterItems(items, '').length, 4);
});

test('names from a kubeconfig are shown with their control characters made visible', () => {
  assert.equal(printable('evil\x1b[2J\nname'), 'evil\\x1b[2J\\x0aname');
});
