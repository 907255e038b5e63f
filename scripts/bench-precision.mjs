// Precision on real code: checks public repositories (scripts/precision/repos.json, at fixed commits), prints the
// findings by rule and by repository, and compares them with hand-made judgements (scripts/precision/labels.json):
// precision per rule, findings nobody has judged yet, and judged findings that are no longer reported.
//
//   node scripts/bench-precision.mjs --root DIR [--helm PATH] [--cli PATH] [--save FILE] [--compare FILE]
//
// --root     where the repositories are checked out, one folder per repository named owner+name
// --helm     a helm binary, to render the charts of repositories that list some (skipped without it)
// --cli      the kubectl-lsst executable to measure (default: this checkout's build)
// --save     write the findings (one key per line) to FILE; --compare FILE prints what changed since
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const options = parseArguments(process.argv.slice(2));
const manifest = JSON.parse(readFileSync(join(root, 'scripts/precision/repos.json'), 'utf8'));
const labels = JSON.parse(readFileSync(join(root, 'scripts/precision/labels.json'), 'utf8'));
const cli = options.cli ?? join(root, 'packages/kubectl-lsst/bin/kubectl-lsst');

function parseArguments(args) {
  const parsed = {};
  for (let index = 0; index < args.length; index += 2) {
    const name = args[index]?.replace(/^--/, '');
    const value = args[index + 1];
    if (!['root', 'helm', 'cli', 'save', 'compare'].includes(name ?? '') || value === undefined) {
      console.error(`Unknown or incomplete argument "${args[index]}". Usage: see the header of this script.`);
      process.exit(2);
    }
    parsed[name] = value;
  }
  if (!parsed.root) {
    console.error('Give --root DIR: the folder holding the repositories checked out as owner+name.');
    process.exit(2);
  }
  return parsed;
}

/** Runs the checker on paths inside a folder; returns its JSON report. */
function check(cwd, paths) {
  const result = spawnSync(cli, ['check', ...paths, '--format', 'json', '--now', manifest.now], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: withoutConfigOverride(process.env),
  });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${cli} check failed in ${cwd} (exit ${result.status}): ${result.stderr.slice(0, 500)}`);
  }
  return JSON.parse(result.stdout);
}

function render(repository, folder) {
  const out = mkdtempSync(join(tmpdir(), 'lsst-precision-'));
  const rendered = [];
  for (const chart of repository.render.charts) {
    const chartPath = join(folder, repository.render.chartPath.replace('{chart}', chart));
    const args = ['template', chart, chartPath, '--namespace', chart];
    for (const values of repository.render.values) args.push('-f', join(chartPath, values));
    if (repository.render.set) args.push('--set', repository.render.set);
    const result = spawnSync(options.helm, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) {
      console.error(`  ${repository.repo}: ${chart} not rendered: ${result.stderr.trim().split('\n')[0]}`);
      continue;
    }
    writeFileSync(join(out, `${chart}.yaml`), result.stdout);
    rendered.push(`${chart}.yaml`);
  }
  return { out, rendered };
}

const findings = [];
for (const repository of manifest.repositories) {
  const folder = join(options.root, repository.repo.replace('/', '+'));
  if (!existsSync(folder)) {
    console.error(`  ${repository.repo}: not checked out at ${folder}; skipped`);
    continue;
  }
  let report;
  let prefix = '';
  if (repository.render) {
    if (!options.helm) {
      console.error(`  ${repository.repo}: its charts need --helm; skipped`);
      continue;
    }
    const { out, rendered } = render(repository, folder);
    report = rendered.length > 0 ? check(out, rendered) : { results: [] };
    rmSync(out, { recursive: true, force: true });
    prefix = 'rendered/';
  } else {
    report = check(folder, ['.']);
  }
  for (const result of report.results) {
    for (const finding of result.findings) {
      const path = `${prefix}${result.path}`;
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

/** A finding's judgement: its own label, else the first group label whose repo, path glob, rule and message match. */
function judge(finding) {
  const own = labels.findings[finding.key];
  if (own) return own;
  return labels.groups.find(
    (group) =>
      group.repo === finding.repo &&
      group.rule === finding.rule &&
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
    const row = table.get(name) ?? { true: 0, false: 0, debatable: 0, unjudged: 0 };
    row[verdict]++;
    table.set(name, row);
  }
}

function printTable(title, table) {
  console.log(`\n${title}`);
  console.log('| | findings | true | false | debatable | unjudged | precision |');
  console.log('|---|---|---|---|---|---|---|');
  const total = { true: 0, false: 0, debatable: 0, unjudged: 0 };
  for (const [name, row] of [...table].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    for (const key of Object.keys(total)) total[key] += row[key];
    console.log(formatRow(name, row));
  }
  console.log(formatRow('**all**', total));
}

/** Precision counts debatable findings as not right: a maintainer would not fix them unasked. */
function formatRow(name, row) {
  const count = row.true + row.false + row.debatable + row.unjudged;
  const judged = row.true + row.false + row.debatable;
  const precision = judged === 0 ? '-' : `${((100 * row.true) / judged).toFixed(0)}%`;
  return `| ${name} | ${count} | ${row.true} | ${row.false} | ${row.debatable} | ${row.unjudged} | ${precision} |`;
}

console.log(`${findings.length} findings with ${cli} (check date ${manifest.now})`);
printTable('By rule', byRule);
printTable('By repository', byRepository);
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
