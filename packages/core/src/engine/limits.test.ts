// Every limit of `config.limits` stops a hostile or broken file with one clear finding that names the
// limit and how to raise it, instead of a hang or a crash.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultResolvedConfig, loadConfig } from '../config/load.ts';
import type { Limits, ResolvedConfig } from '../config/model.ts';
import type { DocumentKind, Finding } from '../types.ts';
import { checkText } from './check.ts';

const now = new Date('2026-11-27T12:00:00Z');

function withLimits(limits: Partial<Limits>): ResolvedConfig {
  const defaults = defaultResolvedConfig();
  return { ...defaults, limits: { ...defaults.limits, ...limits } };
}

function check(text: string, config: ResolvedConfig, kind: DocumentKind = 'manifest'): Finding[] {
  return checkText({ path: kind === 'manifest' ? 'big.yaml' : 'Dockerfile', text, kind }, { config, now }).findings;
}

const invalid = (findings: readonly Finding[]) => findings.filter((finding) => finding.rule === 'input/invalid');

/** The one finding about a limit: it names the limit and `.lsst.yaml`, where it is raised. */
function limitFinding(findings: readonly Finding[], limit: keyof Limits): Finding {
  const about = findings.filter((finding) => finding.message.includes(`limits.${limit}`));
  assert.equal(about.length, 1, findings.map((finding) => `${finding.rule}: ${finding.message}`).join('\n'));
  const [finding] = about as [Finding];
  assert.equal(finding.rule, 'input/invalid');
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /\.lsst\.yaml/);
  return finding;
}

const pod = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: { name: ${name} }\nspec:\n  containers: [{ name: app, image: "app:1" }]\n`;

describe('limits', () => {
  test('the defaults are set, and a .lsst.yaml raises or lowers each of them', () => {
    const defaults = defaultResolvedConfig().limits;
    for (const value of Object.values(defaults)) assert.ok(Number.isInteger(value) && value > 0);
    const lowered = loadConfig(
      'limits: { maxFileSize: 10, maxDocuments: 2, maxDepth: 3, maxAliasCount: 4, maxLineLength: 5 }\n',
      { file: '.lsst.yaml' },
    ).limits;
    assert.deepEqual(lowered, { maxFileSize: 10, maxDocuments: 2, maxDepth: 3, maxAliasCount: 4, maxLineLength: 5 });
  });

  test('maxFileSize: a larger file is one finding and nothing else, for manifests and Dockerfiles', () => {
    const config = withLimits({ maxFileSize: 200 });
    const manifest = pod('a').padEnd(201, '#');
    const findings = check(manifest, config);
    assert.equal(findings.length, 1);
    assert.match(limitFinding(findings, 'maxFileSize').message, /201 characters; the limit is 200/);
    const dockerfile = 'FROM debian:12\n'.repeat(20);
    assert.equal(limitFinding(check(dockerfile, config, 'dockerfile'), 'maxFileSize').start.line, 1);
    // At the limit the file is checked as usual.
    assert.deepEqual(invalid(check(pod('a').padEnd(200, '#'), config)), []);
  });

  test('maxLineLength: the finding points at the long line', () => {
    const config = withLimits({ maxLineLength: 80 });
    const text = `${pod('a')}# ${'x'.repeat(79)}\n`;
    const finding = limitFinding(check(text, config), 'maxLineLength');
    assert.deepEqual(finding.start, { line: 6, column: 1 });
    assert.match(finding.message, /longer than 80 characters/);
    const dockerfile = `FROM debian:12\nRUN echo ${'y'.repeat(100)}\n`;
    assert.equal(limitFinding(check(dockerfile, config, 'dockerfile'), 'maxLineLength').start.line, 2);
    assert.deepEqual(invalid(check(`${pod('a')}# ${'x'.repeat(78)}\n`, config)), []);
  });

  test('maxLineLength: JSON that is no object (a minified API response) is skipped, not reported; a long object still is', () => {
    const config = withLimits({ maxLineLength: 80 });
    const releases = JSON.stringify([{ body: 'apiVersion and kind in release notes', assets: 'x'.repeat(200) }]);
    const skipped = checkText({ path: 'hack/release.json', text: releases }, { config });
    assert.deepEqual(skipped.findings, []);
    assert.match(skipped.skipped ?? '', /not a Kubernetes/);
    const object = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', data: { note: 'x'.repeat(200) } });
    assert.match(limitFinding(check(object, config), 'maxLineLength').message, /longer than 80 characters/);
    // YAML without the two words on a long line: another tool's file, skipped as any such file.
    const settings = `retries: 3\nbanner: ${'y'.repeat(200)}\n`;
    assert.deepEqual(checkText({ path: 'settings.yaml', text: settings }, { config }).findings, []);
  });

  test('maxDocuments: the documents before the limit are checked, the rest is not', () => {
    const config = withLimits({ maxDocuments: 3 });
    const text = ['a', 'b', 'c', 'd', 'e'].map(pod).join('---\n');
    const findings = check(text, config);
    const finding = limitFinding(findings, 'maxDocuments');
    assert.match(finding.message, /More than 3 documents/);
    // At the `---` that opens the fourth document.
    assert.equal(finding.start.line, 3 * 6);
    const named = new Set(findings.map((one) => one.object?.name).filter(Boolean));
    assert.deepEqual([...named].sort(), ['a', 'b', 'c']);
  });

  test('maxDocuments: reported even when the documents up to the limit are empty', () => {
    const config = withLimits({ maxDocuments: 3 });
    const findings = check(`---\n---\n---\n---\n${pod('late')}`, config);
    limitFinding(findings, 'maxDocuments');
  });

  test('maxDepth: deeper nesting is one finding at the deep node', () => {
    const config = withLimits({ maxDepth: 10 });
    const deep = Array.from({ length: 15 }, (_, level) => `${'  '.repeat(level)}k${level}:`).join('\n');
    const finding = limitFinding(
      check(`${pod('a')}data:\n${deep} x\n`.replace('data:\n', 'data:\n  '), config),
      'maxDepth',
    );
    assert.match(finding.message, /deeper than 10 levels/);
    assert.deepEqual(invalid(check(pod('a'), config)).length, 0);
  });

  test('maxDepth: brackets nested past twice the limit are refused before parsing, at the bracket that goes past', () => {
    const config = withLimits({ maxDepth: 10 });
    const head = `${pod('a')}data:\n  deep: "`;
    // Twenty-one open brackets of both kinds, inside a string and out: the scan counts every one.
    const tooDeep = `${head}[{[{[{[{[{"\n  more: [{[{[{[{[{[{]}]}]}]}]}]}]}]}]}]}]}\n`;
    const finding = limitFinding(check(tooDeep, config), 'maxDepth');
    assert.match(finding.message, /^Brackets nested more than 20 levels deep/);
    const twentyFirst = tooDeep.indexOf('[{[{[{[{[{[{', head.length) + 10;
    assert.deepEqual(
      [finding.start.line, finding.start.column],
      [lineOf(tooDeep, twentyFirst), columnOf(tooDeep, twentyFirst)],
    );
    // Closed brackets give their depth back: many short lists in a row are not deep.
    const wide = `${pod('a')}data:\n${Array.from({ length: 50 }, (_, index) => `  k${index}: "[[[[[]]]]] {{{{{}}}}}"`).join('\n')}\n`;
    assert.equal(check(wide, config).filter((finding) => /Brackets nested/.test(finding.message)).length, 0);
  });

  test('maxDepth: nesting too deep for the parser itself names the limit, not a stack overflow', () => {
    const config = withLimits({ maxDepth: 100_000 });
    for (const text of [
      `${pod('a')}deep: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`,
      `${pod('a')}${Array.from({ length: 3_000 }, (_, level) => `${' '.repeat(level)}k${level}:`).join('\n')} x\n`,
    ]) {
      const findings = check(text, config);
      const finding = limitFinding(findings, 'maxDepth');
      assert.doesNotMatch(finding.message, /call stack/i);
      assert.match(finding.message, /too deep even to parse/);
    }
  });

  test('maxAliasCount: an alias bomb beyond the limit is one finding; one below it is checked without expanding', () => {
    const bomb = (levels: number) => {
      const lines = [`l0: &l0 [${Array(9).fill('v').join(', ')}]`];
      for (let level = 1; level < levels; level++) {
        lines.push(
          `l${level}: &l${level} [${Array(9)
            .fill(`*l${level - 1}`)
            .join(', ')}]`,
        );
      }
      return `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: bomb, namespace: x }\n${lines.join('\n')}\n`;
    };
    const config = defaultResolvedConfig();
    // 12 levels of 9 aliases: 99 aliases (under 100) that would expand to 9^12 nodes.
    assert.deepEqual(invalid(check(bomb(12), config)), []);
    const finding = limitFinding(check(bomb(13), config), 'maxAliasCount');
    assert.match(finding.message, /More than 100 YAML aliases/);
    limitFinding(check(bomb(3), withLimits({ maxAliasCount: 5 })), 'maxAliasCount');
  });
});

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

function columnOf(text: string, offset: number): number {
  return offset - text.lastIndexOf('\n', offset - 1);
}
