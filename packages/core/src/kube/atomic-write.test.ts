// The atomic kubeconfig write on its own: a new file replaces the old one whole (a reader holding
// the old one keeps reading the old bytes), mode and symlinks are kept, read-only files are
// refused, temp files of dead writers are cleared, and what someone else wrote meanwhile is kept
// (the file is compared with the text the new version was made from just before the rename).
import assert from 'node:assert/strict';
import {
  closeSync,
  lstatSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, test } from 'node:test';
import { FileChangedError, replaceFileAtomically, writeFileAtomic } from './atomic-write.ts';
import { KubeconfigError } from './errors.ts';

const before = 'current-context: dev # the old one\n';
const after = 'current-context: prod # the new one\n';

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'lsst-atomic-'));
}

describe('writeFileAtomic', () => {
  it('replaces the file with a new one, never rewriting the old one in place', () => {
    const dir = folder();
    const path = join(dir, 'config');
    writeFileSync(path, before);
    const inodeBefore = statSync(path).ino;
    const reader = openSync(path, 'r');
    try {
      writeFileAtomic(path, after);
      assert.equal(readFileSync(path, 'utf8'), after);
      assert.notEqual(statSync(path).ino, inodeBefore);
      // A reader that opened the file before the write still reads the whole old text.
      const buffer = Buffer.alloc(before.length + 10);
      const read = readSync(reader, buffer, 0, buffer.length, 0);
      assert.equal(buffer.subarray(0, read).toString('utf8'), before);
    } finally {
      closeSync(reader);
    }
    assert.deepEqual(readdirSync(dir), ['config'], 'no temp file is left');
  });

  it('keeps the mode of the file it replaces, and creates new files 0600 as kubectl does', () => {
    const dir = folder();
    const shared = join(dir, 'shared');
    writeFileSync(shared, before, { mode: 0o640 });
    writeFileAtomic(shared, after);
    assert.equal(statSync(shared).mode & 0o777, 0o640);
    const fresh = join(dir, 'fresh');
    writeFileAtomic(fresh, after);
    assert.equal(statSync(fresh).mode & 0o777, 0o600);
  });

  it('writes through a symlink, which stays a symlink', () => {
    const dir = folder();
    const real = join(dir, 'real-config');
    const link = join(dir, 'config');
    writeFileSync(real, before);
    symlinkSync(real, link);
    writeFileAtomic(link, after);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readFileSync(real, 'utf8'), after);
  });

  it('refuses a read-only file and leaves it as it was', () => {
    const dir = folder();
    const path = join(dir, 'config');
    writeFileSync(path, before, { mode: 0o444 });
    assert.throws(
      () => writeFileAtomic(path, after),
      (error: unknown) => error instanceof KubeconfigError && error.code === 'read-only' && /0444/.test(error.message),
    );
    assert.equal(readFileSync(path, 'utf8'), before);
    assert.deepEqual(readdirSync(dir), ['config']);
  });

  it('clears temp files that dead writers left, and keeps those of live ones', () => {
    const dir = folder();
    const path = join(dir, 'config');
    writeFileSync(path, before);
    // No process has pid 2^22 + 1 on Linux (pid_max is at most 2^22).
    const dead = `.config.${2 ** 22 + 1}.abc.tmp`;
    const live = `.config.${process.ppid}.def.tmp`;
    writeFileSync(join(dir, dead), 'half');
    writeFileSync(join(dir, live), 'half');
    writeFileAtomic(path, after);
    assert.deepEqual(readdirSync(dir).sort(), [live, 'config'].sort());
  });
});

function fileHolding(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lsst-atomic-')), 'pod.yaml');
  writeFileSync(path, text);
  return path;
}

describe('replaceFileAtomically with the text it was made from', () => {
  test('writes when the file still holds that text', () => {
    const path = fileHolding('a: 1\n');
    replaceFileAtomically(path, 'a: 2\n', { expectedText: 'a: 1\n' });
    assert.equal(readFileSync(path, 'utf8'), 'a: 2\n');
  });

  test('keeps an edit made meanwhile, leaves no temp file, and says so', () => {
    const path = fileHolding('a: 1\n');
    // Someone saves the file between our read and our write.
    writeFileSync(path, 'a: 1\nb: mine\n');
    assert.throws(() => replaceFileAtomically(path, 'a: 2\n', { expectedText: 'a: 1\n' }), FileChangedError);
    assert.equal(readFileSync(path, 'utf8'), 'a: 1\nb: mine\n');
    assert.deepEqual(readdirSync(join(path, '..')), ['pod.yaml']);
  });

  test('a file emptied meanwhile stays empty', () => {
    const path = fileHolding('a: 1\n');
    const folder = join(path, '..');
    writeFileSync(path, '');
    assert.throws(() => replaceFileAtomically(path, 'a: 2\n', { expectedText: 'a: 1\n' }), FileChangedError);
    assert.deepEqual(readdirSync(folder), ['pod.yaml']);
  });
});
