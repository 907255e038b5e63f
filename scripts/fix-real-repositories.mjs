// `check --fix` on copies of real repositories, and what it did to them: for every file it changed,
// the same YAML documents (none lost or split), no new syntax error, no comment lost, no value taken
// away (only the values the fixes set, and a misspelt key renamed), valid JSON kept JSON; then a new
// check, in which none of the fixed findings may be left and nothing new may appear. Prints a table;
// exits 1 on any problem. The folders are copied first: the originals are never written.
// Usage: node scripts/fix-real-repositories.mjs FOLDER... (e.g. /work/prec/lsst-sqre /path/to/kubernetes-examples)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'packages/kubectl-lsst/bin/kubectl-lsst');
const { parseAllDocuments } = createRequire(join(root, 'packages/core/package.json'))('yaml');
const yamlOptions = { version: '1.1', uniqueKeys: false, prettyErrors: false };

const folders = process.argv.slice(2);
if (folders.length === 0 || !existsSync(bin)) {
  console.error('Usage: node scripts/fix-real-repositories.mjs FOLDER... (after npm run build)');
  process.exit(2);
}

function check(folder, ...flags) {
  const run = spawnSync(bin, ['check', '--no-render', ...flags, '.'], {
    cwd: folder,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`${folder}: check ${flags.join(' ')} exited ${run.status}: ${run.stderr}`);
  return run;
}

/**
 * Every finding as one line: file, rule, object and the start of its message (not the line, which moves when a fix
 * adds lines, nor the object's namespace, which a fix may write).
 */
function findings(report) {
  return JSON.parse(report).results.flatMap((result) =>
    result.findings.map((finding) => ({
      key: `${result.path} ${finding.rule} ${finding.object?.kind ?? ''}/${finding.object?.name ?? ''}/${finding.object?.container ?? ''} ${finding.message.slice(0, 100)}`,
      fixable: finding.fix !== undefined,
    })),
  );
}

/** What the "after" value lost of the "before" value: a key gone, a list shortened, a leaf changed. */
function losses(before, after, path, found) {
  if (Array.isArray(before)) {
    if (!Array.isArray(after) || after.length < before.length) return found.push(`${path}: list shortened`);
    for (const [index, item] of before.entries()) losses(item, after[index], `${path}[${index}]`, found);
  } else if (before !== null && typeof before === 'object') {
    if (after === null || typeof after !== 'object' || Array.isArray(after))
      return found.push(`${path}: mapping replaced`);
    for (const [key, value] of Object.entries(before)) {
      if (!(key in after)) found.push(`${path}.${key}: gone`);
      else losses(value, after[key], `${path}.${key}`, found);
    }
  } else if (before !== after) found.push(`${path}: ${JSON.stringify(before)} became ${JSON.stringify(after)}`);
  return found;
}

const rows = [];
let problems = 0;
for (const folder of folders) {
  const copy = join(mkdtempSync(join(tmpdir(), 'lsst-fix-')), basename(folder));
  cpSync(folder, copy, { recursive: true });
  try {
    const report = check(copy, '--format', 'json').stdout;
    const before = findings(report);
    const snapshot = new Map();
    for (const path of new Set(JSON.parse(report).results.map((result) => result.path))) {
      snapshot.set(path, readFileSync(join(copy, path), 'utf8'));
    }
    check(copy, '--fix', '--quiet');
    const changedValues = [];
    let changed = 0;
    for (const [path, old] of snapshot) {
      const text = readFileSync(join(copy, path), 'utf8');
      if (text === old) continue;
      changed++;
      const problem = (message) => {
        problems++;
        console.log(`PROBLEM ${relative(copy, join(copy, path))}: ${message}`);
      };
      if ((text.match(/#.*$/gm) ?? []).length < (old.match(/#.*$/gm) ?? []).length) problem('a comment was lost');
      if (!/\.(ya?ml|json)$/i.test(path)) continue;
      if (/\.json$/i.test(path)) {
        try {
          JSON.parse(text);
        } catch {
          problem('no longer JSON');
        }
      }
      const oldDocuments = parseAllDocuments(old, yamlOptions);
      const newDocuments = parseAllDocuments(text, yamlOptions);
      if (oldDocuments.length !== newDocuments.length) {
        problem(`${oldDocuments.length} documents became ${newDocuments.length}`);
        continue;
      }
      newDocuments.forEach((document, index) => {
        const oldDocument = oldDocuments[index];
        if (document.errors.length > oldDocument.errors.length)
          problem(`document ${index + 1}: ${document.errors[0].message}`);
        if (oldDocument.errors.length > 0 || document.errors.length > 0) return;
        for (const loss of losses(oldDocument.toJSON(), document.toJSON(), '', []))
          changedValues.push(`${path} ${loss}`);
      });
    }
    const after = findings(check(copy, '--format', 'json').stdout);
    const afterKeys = new Set(after.map((finding) => finding.key));
    const beforeKeys = new Set(before.map((finding) => finding.key));
    const fixed = before.filter((finding) => finding.fixable && !afterKeys.has(finding.key)).length;
    const left = before.filter((finding) => finding.fixable && afterKeys.has(finding.key));
    const appeared = after.filter((finding) => !beforeKeys.has(finding.key));
    for (const finding of appeared) console.log(`NEW ${finding.key}`);
    for (const finding of left) console.log(`LEFT ${finding.key}`);
    for (const line of changedValues) console.log(`SET ${line}`);
    rows.push({
      folder: basename(folder),
      before: before.length,
      fixable: before.filter((f) => f.fixable).length,
      fixed,
      left: left.length,
      appeared: appeared.length,
      changed,
      setValues: changedValues.length,
    });
  } finally {
    rmSync(join(copy, '..'), { recursive: true, force: true });
  }
}

console.log(
  '\n| folder | findings | fixable | fixed | fixable left | new after | files changed | values set or renamed |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) {
  console.log(
    `| ${row.folder} | ${row.before} | ${row.fixable} | ${row.fixed} | ${row.left} | ${row.appeared} | ${row.changed} | ${row.setValues} |`,
  );
}
console.log(problems === 0 ? '\nNo file was broken.' : `\n${problems} problem(s).`);
process.exit(problems === 0 ? 0 : 1);
