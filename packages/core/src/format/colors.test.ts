import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createColors } from './colors.ts';

test('colours off: text unchanged', () => {
  const colors = createColors(false);
  assert.equal(colors.red(colors.bold('x')), 'x');
});

test('colours on: SGR codes, and a nested colour gives the outer one back', () => {
  const colors = createColors(true);
  assert.equal(colors.red('x'), '\u001b[31mx\u001b[39m');
  assert.equal(colors.red(`a${colors.yellow('b')}c`), '\u001b[31ma\u001b[33mb\u001b[39m\u001b[31mc\u001b[39m');
  assert.equal(colors.bold(`a${colors.dim('b')}c`), '\u001b[1ma\u001b[2mb\u001b[22m\u001b[22m\u001b[1mc\u001b[22m');
});
