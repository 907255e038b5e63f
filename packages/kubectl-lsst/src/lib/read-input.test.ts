import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readInputBytes, readInputFile } from './read-input.ts';

const folder = mkdtempSync(join(tmpdir(), 'lsst-read-input-'));
after(() => rmSync(folder, { recursive: true, force: true }));

/** Text of a given length whose every line differs, so that a misplaced chunk shows. */
function textOfLength(length: number): string {
  let text = '';
  for (let line = 0; text.length < length; line++) text += `line ${line}: ${'x'.repeat(line % 50)}\n`;
  return text.slice(0, length);
}

describe('reading a file to check', () => {
  it('reads files around the chunk size whole, one after another', async () => {
    const sizes = [0, 1, 65_535, 65_536, 65_537, 131_072, 200_001];
    const written = sizes.map((size, index) => {
      const path = join(folder, `file-${index}.yaml`);
      const text = textOfLength(size);
      writeFileSync(path, text);
      return { path, text };
    });
    // Twice, in turns: a buffer kept from one read must never show up in the next.
    for (const { path, text } of [...written, ...written.reverse()]) {
      const outcome = await readInputFile(path, 1024 * 1024);
      assert.ok(outcome.ok);
      assert.equal(outcome.text.length, text.length);
      assert.equal(outcome.text, text);
    }
  });

  it('refuses a file over the limit, by its size, before reading it', () => {
    const path = join(folder, 'large.yaml');
    writeFileSync(path, textOfLength(70_000));
    const outcome = readInputBytes(path, 69_999);
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? '' : outcome.message, /File too large: 0\.1 MiB, over the limit/);
    assert.equal(readInputBytes(path, 70_000).ok, true);
  });

  it('reads a pipe that delivers its text in pieces, and stops one past the limit', async () => {
    const text = textOfLength(150_000);
    const source = join(folder, 'fifo-source.txt');
    writeFileSync(source, text);
    for (const [name, limit, whole] of [
      ['fifo-whole', 1024 * 1024, true],
      ['fifo-over', 100_000, false],
    ] as const) {
      const fifo = join(folder, name);
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
      // A writer that sends small pieces with pauses: reads return less than was asked.
      const writer = spawn(
        process.execPath,
        [
          '-e',
          `const fs = require('node:fs'); const text = fs.readFileSync(process.argv[2], 'utf8'); const fd = fs.openSync(process.argv[1], 'w');
           let at = 0; const step = () => { if (at >= text.length) { fs.closeSync(fd); return; }
           try { fs.writeSync(fd, text.slice(at, at + 7000)); } catch { return; } at += 7000; setTimeout(step, 2); }; step();`,
          fifo,
          source,
        ],
        { stdio: 'ignore' },
      );
      const outcome = await readInputFile(fifo, limit);
      writer.kill();
      if (whole) {
        assert.ok(outcome.ok);
        assert.equal(outcome.text, text);
      } else {
        assert.equal(outcome.ok, false);
        assert.match(outcome.ok ? '' : outcome.message, /File too large: more than 0\.1 MiB, over the limit/);
      }
    }
  });
});
