// Parsing benchmark: whole-process CPU time (user + system, from /usr/bin/time) of
// `kubectl-lsst check --format json` over the benchmark corpus (scripts/bench.mjs --corpus), with the
// fast YAML path and without it (LSST_YAML_READER=yaml), against two baselines measured in the same
// run: a process that only parses the corpus's manifests with `yaml` (as the engine calls it), and one
// that JSON.parses the same documents written as JSON. The processes alternate, run after run; each
// figure is the median. NODE_EXTRA_CA_CERTS is unset for every process. Compare ratios, not times:
// the machine may be loaded.
// Usage: node scripts/bench-parse.mjs [--objects N] [--dockerfiles N] [--runs N]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};

// The baseline processes: this script again, doing only the parsing.
if (process.argv[2] === '--parse') {
  parseOnly(process.argv[3], process.argv[4]);
  process.exit(0);
}

const objects = option('objects', 10_000);
const dockerfiles = option('dockerfiles', 1_000);
const runs = option('runs', 5);

const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
const corpus = mkdtempSync(join(tmpdir(), 'lsst-bench-parse-'));
try {
  const yamlFolder = join(corpus, 'input');
  spawnSync('mkdir', ['-p', yamlFolder]);
  const written = spawnSync(
    process.execPath,
    [
      join(root, 'scripts/bench.mjs'),
      '--corpus',
      yamlFolder,
      '--objects',
      `${objects}`,
      '--dockerfiles',
      `${dockerfiles}`,
    ],
    { env, encoding: 'utf8' },
  );
  if (written.status !== 0) throw new Error(`writing the corpus failed: ${written.stderr}`);
  const jsonFolder = join(corpus, 'json');
  writeJsonCopies(yamlFolder, jsonFolder);
  // The check runs the bundle, built from the working tree.
  const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { env, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  const bin = join(root, 'packages/kubectl-lsst/bin/kubectl-lsst');
  const self = new URL(import.meta.url).pathname;
  const processes = {
    'check --format json (fast path)': { args: [bin, 'check', '--format', 'json', yamlFolder], env },
    'check --format json (yaml only)': {
      args: [bin, 'check', '--format', 'json', yamlFolder],
      env: { ...env, LSST_YAML_READER: 'yaml' },
    },
    'parse only with yaml': { args: [self, '--parse', 'yaml', yamlFolder], env },
    'JSON.parse of the same documents': { args: [self, '--parse', 'json', jsonFolder], env },
  };
  const samples = Object.fromEntries(Object.keys(processes).map((name) => [name, []]));
  const outputs = {};
  for (let run = 0; run < runs; run++) {
    for (const [name, { args, env: processEnv }] of Object.entries(processes)) {
      const measured = measure(args, processEnv);
      samples[name].push(measured);
      outputs[name] = measured.findings;
    }
  }
  const fast = outputs['check --format json (fast path)'];
  const slow = outputs['check --format json (yaml only)'];
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const figures = Object.fromEntries(
    Object.entries(samples).map(([name, list]) => [
      name,
      {
        cpu: median(list.map((one) => one.cpu)),
        wall: median(list.map((one) => one.wall)),
        rss: median(list.map((one) => one.rss)),
      },
    ]),
  );
  const yamlParse = figures['parse only with yaml'].cpu;
  const jsonParse = figures['JSON.parse of the same documents'].cpu;
  console.log(
    `\nNode ${process.version}; ${objects} objects + ${dockerfiles} Dockerfiles; median of ${runs}, whole processes, alternating; NODE_EXTRA_CA_CERTS unset\n`,
  );
  const width = Math.max(...Object.keys(figures).map((name) => name.length));
  console.log(`${'process'.padEnd(width)}  CPU s   wall s  peak RSS  CPU / yaml parse  CPU / JSON.parse`);
  for (const [name, figure] of Object.entries(figures)) {
    console.log(
      `${name.padEnd(width)}  ${figure.cpu.toFixed(2).padStart(5)}   ${figure.wall.toFixed(2).padStart(6)}  ${`${Math.round(figure.rss / 1024)} MiB`.padStart(8)}  ${`${(figure.cpu / yamlParse).toFixed(2)}x`.padStart(16)}  ${`${(figure.cpu / jsonParse).toFixed(2)}x`.padStart(16)}`,
    );
  }
  console.log(
    `\nfast path / yaml only (check CPU): ${(figures['check --format json (fast path)'].cpu / figures['check --format json (yaml only)'].cpu).toFixed(2)}x`,
  );
  console.log(`identical JSON output with and without the fast path: ${fast === slow ? 'yes' : 'NO'}`);
  if (fast !== slow) process.exitCode = 1;
} finally {
  rmSync(corpus, { recursive: true, force: true });
}

/** CPU seconds (user + system), wall seconds and peak RSS (KiB) of one process, and what it printed. */
function measure(args, processEnv) {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, ...args], {
    env: processEnv,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const wall = (performance.now() - started) / 1000;
  const times = result.stderr.trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
  if (times.length !== 3 || times.some(Number.isNaN))
    throw new Error(`no timing for ${args.join(' ')}: ${result.stderr}`);
  // `check` exits 1 when it finds something; anything else is a failure.
  if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  return { cpu: times[0] + times[1], wall, rss: times[2], findings: result.stdout };
}

/** Every manifest of the corpus as a JSON file of its documents, for the JSON.parse baseline. */
function writeJsonCopies(from, to) {
  const { parseAllDocuments } = createRequire(join(root, 'packages/core/package.json'))('yaml');
  spawnSync('mkdir', ['-p', to]);
  for (const name of readdirSync(from)) {
    if (!name.endsWith('.yaml')) continue;
    const documents = parseAllDocuments(readFileSync(join(from, name), 'utf8'), { version: '1.1' });
    writeFileSync(
      join(to, name.replace(/\.yaml$/, '.json')),
      JSON.stringify(documents.map((document) => document.toJSON())),
    );
  }
}

/** A baseline process: reads every file of a folder and parses it, as `yaml` or as JSON. */
function parseOnly(kind, folder) {
  const { LineCounter, parseAllDocuments } = createRequire(join(root, 'packages/core/package.json'))('yaml');
  let documents = 0;
  for (const name of readdirSync(folder).sort()) {
    if (kind === 'json' ? !name.endsWith('.json') : !name.endsWith('.yaml')) continue;
    const text = readFileSync(join(folder, name), 'utf8');
    if (kind === 'json') documents += JSON.parse(text).length;
    else {
      const options = {
        version: '1.1',
        lineCounter: new LineCounter(),
        uniqueKeys: true,
        prettyErrors: false,
        keepSourceTokens: false,
      };
      documents += parseAllDocuments(text, options).length;
    }
  }
  if (documents === 0 || !existsSync(folder)) throw new Error(`nothing parsed in ${folder}`);
}
