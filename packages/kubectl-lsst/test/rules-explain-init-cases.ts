// `kubectl lsst rules`, `explain` and `init` cases, declared once and run both in-process through
// main() (src/commands/rules-explain-init.test.ts) and against the built binary
// (test/e2e/rules-explain-init.e2e.test.ts), so that both ways in behave alike.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  configTemplate,
  defaultResolvedConfig,
  guidelineSection,
  loadConfig,
  ruleDocsUrl,
  ruleProse,
  rules,
} from '@lsst-kube/core';
import { configReferenceUrl } from '../src/commands/init.ts';
import type { RunOutcome } from './check-support.ts';

export interface CommandCase {
  name: string;
  /** Files to create in a fresh folder (the working directory). */
  files?: Record<string, string>;
  args: string[];
  exitCode: number;
  /** Checks on the outputs and on the folder after the run. */
  check: (outcome: RunOutcome, folder: string) => void;
}

const noStackTrace = (text: string) => assert.doesNotMatch(text, /\n\s+at /);

/** The text with every run of whitespace (line breaks, the quote bars) as one space, for wrapped text. */
function flattened(text: string): string {
  return text.replaceAll('│', ' ').replace(/\s+/g, ' ');
}

/** The lines of the fenced examples in a prose section. */
function exampleLines(section: string): string[] {
  return [...section.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].flatMap((match) =>
    (match[1] ?? '').split('\n').filter((line) => line.trim() !== ''),
  );
}

function loadsToDefaults(text: string): void {
  const loaded = loadConfig(text, { file: '.lsst.yaml', knownRules: rules.map((rule) => rule.name) });
  const { source: _source, ...rest } = loaded;
  assert.deepEqual(rest, defaultResolvedConfig());
}

const existingConfig = '# ours, hand-written\ntargets: [prod]   # keep this\n';

export const commandCases: CommandCase[] = [
  {
    name: 'rules prints a table with every registered rule and its metadata',
    args: ['rules'],
    exitCode: 0,
    check: ({ stdout, stderr }) => {
      assert.equal(stderr, '');
      assert.match(stdout, /^RULE\s+GUIDELINE\s+SEVERITY\s+FIXABLE\s+DESCRIPTION$/m);
      for (const rule of rules) {
        const row = stdout.split('\n').find((line) => line.startsWith(`${rule.name} `));
        assert.ok(row, `a row for ${rule.name}`);
        assert.deepEqual(row.split(/\s{2,}/).slice(1), [
          rule.guideline,
          rule.defaultSeverity,
          rule.fixable ? 'yes' : 'no',
          rule.description,
        ]);
      }
      assert.match(
        stdout,
        new RegExp(`^${rules.length} rules, ${rules.filter((rule) => rule.fixable).length} fixable`, 'm'),
      );
    },
  },
  {
    name: 'rules --json is the registry, in order, in the documented shape',
    args: ['rules', '--json'],
    exitCode: 0,
    check: ({ stdout }) => {
      const parsed = JSON.parse(stdout) as { rules: Record<string, unknown>[] };
      assert.deepEqual(Object.keys(parsed), ['rules']);
      assert.deepEqual(
        parsed.rules,
        rules.map((rule) => ({
          name: rule.name,
          guideline: rule.guideline,
          guidelineTitle: guidelineSection(rule.guideline)?.title ?? null,
          description: rule.description,
          defaultSeverity: rule.defaultSeverity,
          appliesTo: [...rule.appliesTo],
          fixable: rule.fixable,
          docsUrl: ruleDocsUrl(rule.name),
        })),
      );
    },
  },
  {
    name: 'rules --guideline 1.2 keeps the rules of that section and its subsections only',
    args: ['rules', '--guideline', '1.2', '--json'],
    exitCode: 0,
    check: ({ stdout }) => {
      const names = (JSON.parse(stdout) as { rules: { name: string }[] }).rules.map((rule) => rule.name);
      const expected = rules.filter((rule) => rule.guideline === '1.2' || rule.guideline.startsWith('1.2.'));
      assert.deepEqual(
        names,
        expected.map((rule) => rule.name),
      );
      assert.ok(!names.some((name) => rules.find((rule) => rule.name === name)?.guideline === '1.1'));
    },
  },
  {
    name: 'rules --guideline with a section the guidelines do not have is a usage error',
    args: ['rules', '--guideline', '1.2.9'],
    exitCode: 2,
    check: ({ stdout, stderr }) => {
      assert.equal(stdout, '');
      assert.match(stderr, /--guideline "1\.2\.9" is not a section of DMTN-095\. Use one of: 1 Kubernetes/);
      noStackTrace(stderr);
    },
  },
  ...rules.map(
    (rule): CommandCase => ({
      name: `explain ${rule.name} prints the guideline text, the rationale, the examples and the fix`,
      args: ['explain', rule.name],
      exitCode: 0,
      check: ({ stdout, stderr }) => {
        assert.equal(stderr, '');
        assert.ok(stdout.startsWith(`${rule.name}: ${rule.description}\n`), stdout.slice(0, 300));
        assert.match(stdout, new RegExp(`Guideline\\s+DMTN-095 §${rule.guideline.replaceAll('.', '\\.')} `));
        assert.ok(stdout.includes(ruleDocsUrl(rule.name)));
        const section = guidelineSection(rule.guideline);
        assert.ok(section, `section ${rule.guideline} exists`);
        for (const paragraph of section.paragraphs) assert.ok(flattened(stdout).includes(paragraph), paragraph);
        const prose = ruleProse(rule.name);
        if (!prose) {
          assert.match(stdout, /no further explanation yet/);
          return;
        }
        for (const heading of ['Why', 'Incorrect', 'Correct', 'How to fix', 'How to suppress']) {
          assert.match(stdout, new RegExp(`^${heading}$`, 'm'));
        }
        assert.ok(flattened(stdout).includes(flattened(prose.why.split('\n\n')[0] ?? '')));
        for (const line of [...exampleLines(prose.incorrect), ...exampleLines(prose.correct)]) {
          assert.ok(stdout.includes(`    ${line}`), `example line ${JSON.stringify(line)}`);
        }
        assert.doesNotMatch(stdout, /^```/m);
      },
    }),
  ),
  {
    name: 'explain of an unknown rule suggests the nearest names and exits 2',
    args: ['explain', 'image/pined'],
    exitCode: 2,
    check: ({ stdout, stderr }) => {
      assert.equal(stdout, '');
      assert.match(stderr, /unknown rule "image\/pined"\. Did you mean "image\/pinned"\?/);
      noStackTrace(stderr);
    },
  },
  {
    name: 'explain finds the rule from the part after the area, mistyped',
    args: ['explain', 'run-as-nonroot'],
    exitCode: 2,
    check: ({ stderr }) => assert.match(stderr, /Did you mean "security\/run-as-non-root"\?/),
  },
  {
    name: 'explain with nothing close lists every rule',
    args: ['explain', 'zzzz'],
    exitCode: 2,
    check: ({ stderr }) => {
      for (const rule of rules) assert.ok(stderr.includes(rule.name), rule.name);
    },
  },
  {
    name: 'explain without a rule is a usage error',
    args: ['explain'],
    exitCode: 2,
    check: ({ stderr }) => {
      assert.match(stderr, /rule/i);
      noStackTrace(stderr);
    },
  },
  {
    name: 'init writes a commented .lsst.yaml that loads to the embedded defaults',
    args: ['init'],
    exitCode: 0,
    check: ({ stdout }, folder) => {
      assert.match(stdout, /^Wrote \.lsst\.yaml: /);
      const written = readFileSync(join(folder, '.lsst.yaml'), 'utf8');
      assert.match(written, /^# \.lsst\.yaml: configuration/);
      assert.ok(written.split('\n').filter((line) => line.trimStart().startsWith('#')).length > 30);
      loadsToDefaults(written);
      assert.deepEqual(readdirSync(folder).sort(), ['.lsst.yaml'], 'no temporary file left behind');
    },
  },
  {
    name: 'init refuses to overwrite and leaves the existing file byte for byte',
    files: { '.lsst.yaml': existingConfig },
    args: ['init'],
    exitCode: 2,
    check: ({ stdout, stderr }, folder) => {
      assert.equal(stdout, '');
      assert.match(stderr, /\.lsst\.yaml already exists; it was left as it is\. .*--force/);
      noStackTrace(stderr);
      assert.equal(readFileSync(join(folder, '.lsst.yaml'), 'utf8'), existingConfig);
      assert.deepEqual(readdirSync(folder).sort(), ['.lsst.yaml'], 'no temporary file left behind');
    },
  },
  {
    name: 'init --force replaces an existing file',
    files: { '.lsst.yaml': existingConfig },
    args: ['init', '--force'],
    exitCode: 0,
    check: (_outcome, folder) => {
      loadsToDefaults(readFileSync(join(folder, '.lsst.yaml'), 'utf8'));
      assert.deepEqual(readdirSync(folder).sort(), ['.lsst.yaml']);
    },
  },
  {
    name: 'init --stdout prints the file and writes nothing',
    args: ['init', '--stdout'],
    exitCode: 0,
    check: ({ stdout }, folder) => {
      assert.equal(stdout, configTemplate({ rules, docsUrl: configReferenceUrl }));
      loadsToDefaults(stdout);
      assert.deepEqual(readdirSync(folder), []);
    },
  },
  {
    name: 'init into a folder writes .lsst.yaml there',
    files: { 'deploy/keep.txt': 'x' },
    args: ['init', 'deploy'],
    exitCode: 0,
    check: ({ stdout }, folder) => {
      assert.match(stdout, /^Wrote deploy\/\.lsst\.yaml/);
      loadsToDefaults(readFileSync(join(folder, 'deploy', '.lsst.yaml'), 'utf8'));
    },
  },
  {
    name: 'init into a folder that does not exist says so',
    args: ['init', 'missing/.lsst.yaml'],
    exitCode: 2,
    check: ({ stderr }, folder) => {
      assert.match(
        stderr,
        /cannot write missing\/\.lsst\.yaml: the folder .*missing does not exist\. Create it first\./,
      );
      assert.deepEqual(readdirSync(folder), []);
    },
  },
];

export function assertCommandCase(testCase: CommandCase, outcome: RunOutcome, folder: string): void {
  assert.equal(outcome.exitCode, testCase.exitCode, `exit code\nstdout: ${outcome.stdout}\nstderr: ${outcome.stderr}`);
  testCase.check(outcome, folder);
}
