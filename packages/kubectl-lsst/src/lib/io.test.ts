// Writing straight to a descriptor: a full, non-blocking pipe takes part of a write and then none,
// and what it did not take must reach the reader whole, multi-byte characters included.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { test } from 'node:test';
import { descriptorWriter } from './io.ts';

test('a reader that is slow to start gets every byte, in order, through a full non-blocking pipe', async () => {
  const output = join(mkdtempSync(join(tmpdir(), 'lsst-io-')), 'received');
  // The reader waits before reading, so that the pipe fills and the writer has to hand on the rest.
  const reader = spawn('sh', ['-c', 'sleep 0.5; cat > "$1"', 'reader', output], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const input = reader.stdin as Writable & { _handle?: { fd?: number } };
  // The parent's end of the pipe, which Node made non-blocking.
  const fd = input._handle?.fd;
  assert.ok(typeof fd === 'number' && fd > 2, 'the pipe has a descriptor');
  const writer = descriptorWriter(fd, () => input as unknown as NodeJS.WriteStream);
  // The first piece is larger than the pipe holds, in characters of three and four bytes: the pipe
  // takes more bytes than the piece has UTF-16 units, and stops inside a character.
  const pieces = [`${'€'.repeat(100_000)}${'𝄞'.repeat(20_000)}\n`];
  for (let index = 0; index < 40; index++) {
    pieces.push(`${index}: ${'a'.repeat(7_000)} é ${'ü'.repeat(3_000)} € ${'€'.repeat(2_000)} 𝄞${'𝄞'.repeat(1_000)}\n`);
  }
  for (const piece of pieces) {
    writer.write(piece);
    await writer.drained?.();
  }
  input.end();
  const code = await new Promise((resolve) => reader.on('exit', resolve));
  assert.equal(code, 0);
  assert.equal(readFileSync(output, 'utf8'), pieces.join(''));
});
