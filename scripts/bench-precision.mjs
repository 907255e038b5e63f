// Precision on real code: checks public repositories (scripts/precision/repos.json, at fixed commits) as a user
// does, `kubectl lsst check` on the repository (or the folders listed) with the repository's configuration,
// prints the findings by rule and by repository, and compares them with hand-made judgements
// (scripts/precision/labels.json): precision per rule, findings nobody has judged yet, and judged findings that are
// no longer reported. A repository of Helm charts (phalanx) is checked through its charts: each renders with its
// namespace from the Argo CD Applications and each environment's values, as `check` does for a user.
//
//   node scripts/bench-precision.mjs --root DIR [--helm PATH] [--cli PATH] [--save FILE] [--compare FILE]
//
// --root     where the repositories are checked out, one folder per repository: owner/name, the name as git clones it
// --helm     a helm binary, for the repositories whose charts are checked (skipped without it)
// --cli      the kubectl-lsst executable to measure (default: this checkout's build)
// --save     write the findings (one key per line) to FILE; --compare FILE prints what changed since
// --list     print the findings judged so (comma-separated: false,debatable), with the reason
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const options = parseArguments(process.argv.slice(2));
const manifest = JSON.parse(readFileSync(join(root, 'scripts/precision/repos.json'), 'utf8'));
const labels = JSON.parse(readFileSync(join(root, 'scripts/precision/labels.json'), 'utf8'));
const cli = options.cli ?? join(root, 'packages/kubectl-lsst/bin/kubectl-lsst');
const { parse } = createRequire(join(root, 'packages/core/package.json'))('yaml');

function parseArguments(args) {
  const parsed = {};
  for (let index = 0; index < args.length; index += 2) {
    const name = args[index]?.replace(/^--/, '');
    const value = args[index + 1];
    if (!['root', 'helm', 'cli', 'save', 'compare', 'list'].includes(name ?? '') || value === undefined) {
      console.error(`Unknown or incomplete argument "${args[index]}". Usage: see the header of this script.`);
      process.exit(2);
    }
    parsed[name] = value;
  }
  if (!parsed.root) {
    console.error('Give --root DIR: the folder holding the repositories checked out as owner/name.');
    process.exit(2);
  }
  return parsed;
}

/** Runs the checker on paths inside a folder; returns its JSON report. */
function check(cwd, paths, extra) {
  const result = spawnSync(cli, ['check', ...paths, '--format', 'json', '--now', manifest.now, ...extra], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: withoutConfigOverride(process.env),
  });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${cli} check failed in ${cwd} (exit ${result.status}): ${result.stderr.slice(0, 500)}`);
  }
  for (const line of result.stderr.split('\n').filter(Boolean)) console.error(`  ${line}`);
  return JSON.parse(result.stdout);
}

/**
 * The repository's configuration (scripts/precision/<file>), as if kept at the top of the checkout: its paths
 * are made absolute, since the copy handed to --config lives in a temporary folder.
 */
function writeConfig(file, folder, out) {
  const config = parse(readFileSync(join(root, 'scripts/precision', file), 'utf8')) ?? {};
  const inCheckout = (path) => (isAbsolute(path) ? path : join(folder, path));
  if (config.helm?.environmentValues) config.helm.environmentValues = config.helm.environmentValues.map(inCheckout);
  if (config.customResourceDefinitions)
    config.customResourceDefinitions = config.customResourceDefinitions.map(inCheckout);
  if (config.baseline) config.baseline = inCheckout(config.baseline);
  const path = join(out, '.lsst.yaml');
  // JSON is YAML: the configuration is read as the user's file would be.
  writeFileSync(path, JSON.stringify(config));
  return path;
}

const findings = [];
for (const repository of manifest.repositories) {
  const folder = join(options.root, ...repository.repo.split('/'));
  if (!existsSync(folder)) {
    console.error(`  ${repository.repo}: not checked out at ${folder}; skipped`);
    continue;
  }
  if (repository.helm && !options.helm) {
    console.error(`  ${repository.repo}: its charts need --helm; skipped`);
    continue;
  }
  const extra = options.helm ? ['--helm', options.helm] : [];
  const out = mkdtempSync(join(tmpdir(), 'lsst-precision-'));
  let report;
  try {
    if (repository.config) extra.push('--config', writeConfig(repository.config, folder, out));
    report = check(folder, repository.paths ?? ['.'], extra);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  for (const result of report.results) {
    for (const finding of result.findings) {
      const path = result.path;
      findings.push({
        repo: repository.repo,
        path,
        rule: finding.rule,
        line: finding.line,
        column: finding.column,
        message: finding.message,
        key: `${repository.repo}:${path}:${finding.line}:${finding.column} ${finding.rule}`,
      });
    }
  }
}

function globToRegExp(glob) {
  const escaped = glob
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*/g, '\0')
    .replace(/\*/g, '[^/]*');
  return new RegExp(`^${escaped.replace(/\0/g, '.*')}$`);
}

/** A finding's judgement: its own label (while its message matches), else the first group label whose repo and rule (any when none), path glob and message match. */
function judge(finding) {
  const own = labels.findings[finding.key];
  // A judgement of what a message said: once the message says something else, it is judged again.
  if (own && (own.message === undefined || finding.message.includes(own.message))) return own;
  return labels.groups.find(
    (group) =>
      (group.repo === undefined || group.repo === finding.repo) &&
      (group.rule === undefined || group.rule === finding.rule) &&
      globToRegExp(group.path ?? '**').test(finding.path) &&
      (group.message === undefined || finding.message.includes(group.message)),
  );
}

const byRule = new Map();
const byRepository = new Map();
const unjudged = [];
for (const finding of findings) {
  const label = judge(finding);
  const verdict = label?.judgement ?? 'unjudged';
  if (!label) unjudged.push(finding);
  for (const [table, name] of [
    [byRule, finding.rule],
    [byRepository, finding.repo],
  ]) {
    const row = table.get(name) ?? { true: 0, false: 0, debatable: 0, note: 0, unjudged: 0 };
    row[verdict]++;
    table.set(name, row);
  }
}

function printTable(title, table) {
  console.log(`\n${title}`);
  console.log('| | findings | true | false | debatable | notes | unjudged | precision |');
  console.log('|---|---|---|---|---|---|---|---|');
  const total = { true: 0, false: 0, debatable: 0, note: 0, unjudged: 0 };
  for (const [name, row] of [...table].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    for (const key of Object.keys(total)) total[key] += row[key];
    console.log(formatRow(name, row));
  }
  console.log(formatRow('**all**', total));
}

/**
 * Precision counts debatable findings as not right: a maintainer would not fix them unasked. Notes (judged "note":
 * an info finding that says what could not be checked and claims no defect) are counted apart, not in precision.
 */
function formatRow(name, row) {
  const count = row.true + row.false + row.debatable + row.note + row.unjudged;
  const judged = row.true + row.false + row.debatable;
  const precision = judged === 0 ? '-' : `${((100 * row.true) / judged).toFixed(0)}%`;
  return `| ${name} | ${count} | ${row.true} | ${row.false} | ${row.debatable} | ${row.note} | ${row.unjudged} | ${precision} |`;
}

console.log(`${findings.length} findings with ${cli} (check date ${manifest.now})`);
printTable('By rule', byRule);
printTable('By repository', byRepository);
if (options.list) {
  const verdicts = new Set(options.list.split(','));
  const listed = findings.filter((finding) => verdicts.has(judge(finding)?.judgement ?? 'unjudged'));
  console.log(`\n${listed.length} findings judged ${options.list}:`);
  for (const finding of listed) {
    const label = judge(finding);
    console.log(
      `  ${label?.judgement ?? 'unjudged'}  ${finding.key}  (${label?.reason ?? finding.message.slice(0, 120)})`,
    );
  }
}
if (unjudged.length > 0) {
  console.log(`\n${unjudged.length} findings not judged yet (add them to scripts/precision/labels.json):`);
  for (const finding of unjudged) console.log(`  ${finding.key}  ${finding.message.slice(0, 160)}`);
}
const reported = new Set(findings.map((finding) => finding.key));
const gone = Object.entries(labels.findings).filter(([key]) => !reported.has(key));
if (gone.length > 0) {
  console.log(`\n${gone.length} judged findings no longer reported:`);
  for (const [key, label] of gone) console.log(`  - ${key}  (was judged ${label.judgement}: ${label.reason})`);
}
if (options.compare) {
  const before = new Set(readFileSync(options.compare, 'utf8').split('\n').filter(Boolean));
  console.log(`\nChanges since ${options.compare}:`);
  for (const key of [...before].filter((key) => !reported.has(key)).sort()) console.log(`  - ${key}`);
  for (const key of [...reported].filter((key) => !before.has(key)).sort()) console.log(`  + ${key}`);
}
if (options.save) writeFileSync(options.save, `${[...reported].sort().join('\n')}\n`);

function withoutConfigOverride(env) {
  const { LSST_CONFIG: _ignored, ...rest } = env;
  return rest;
}
