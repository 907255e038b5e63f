import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { validateXML } from 'xmllint-wasm';
import type { Finding } from '../types.ts';
import { formatResults } from './index.ts';
import { findingAt, sampleInput, webManifest } from './test-support.ts';

const schema = readFileSync(new URL('../../test-support/junit/junit-report.xsd', import.meta.url), 'utf8');

async function assertValid(xml: string): Promise<void> {
  const outcome = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [schema] });
  assert.ok(outcome.valid, `${outcome.errors.map((error) => error.message).join('\n')}\n${xml}`);
}

describe('the junit format', () => {
  it('is valid against the JUnit report schema: a suite per file, a failing case per finding', async () => {
    const input = sampleInput();
    const xml = formatResults('junit', input);
    await assertValid(xml);
    const reported = input.results.flatMap((result) => result.findings.filter((finding) => !finding.suppression));
    assert.equal((xml.match(/<failure /g) ?? []).length, reported.length);
    assert.match(
      xml,
      new RegExp(`<testsuites name="kubectl-lsst" tests="\\d+" failures="${reported.length}" errors="0"`),
    );
    assert.match(xml, /<testsuite name="deploy\/web\.yaml" tests="\d+" failures="\d+"/);
    assert.match(
      xml,
      /<testcase name="image\/pinned \d+:\d+[^"]*" classname="deploy\/web\.yaml" time="0"><failure type="error"/,
    );
  });

  it('lists a clean file as one passing case, and suppressed findings as skipped when asked', async () => {
    const input = sampleInput({ showSuppressed: true });
    const clean = { path: 'deploy/clean.yaml', kind: 'manifest' as const, findings: [] };
    const xml = formatResults('junit', { ...input, results: [...input.results, clean] });
    await assertValid(xml);
    assert.match(
      xml,
      /<testsuite name="deploy\/clean\.yaml" tests="1" failures="0" errors="0" skipped="0" time="0">\n {4}<testcase name="kubectl-lsst check" classname="deploy\/clean\.yaml" time="0"\/>/,
    );
    const suppressed = input.results.flatMap((result) => result.findings.filter((finding) => finding.suppression));
    assert.ok(suppressed.length > 0);
    assert.equal((xml.match(/<skipped message="suppressed/g) ?? []).length, suppressed.length);
  });

  it('keeps XML well-formed whatever a message or a file name holds', async () => {
    const hostile = 'a "quoted" <tag> & ]]> \u001b[31mred\u0000 \u0007 line\nbreak \ud83d\ude00';
    const finding: Finding = findingAt('deploy/<x>&"y".yaml', webManifest, 'nginx:latest', {
      rule: 'image/pinned',
      severity: 'warning',
      message: hostile,
    });
    const xml = formatResults('junit', {
      ...sampleInput(),
      results: [{ path: 'deploy/<x>&"y".yaml', kind: 'manifest', findings: [finding] }],
    });
    await assertValid(xml);
    assert.ok(!xml.includes('\u001b') && !xml.includes('\u0000'));
    assert.match(xml, /\\u001b\[31mred\\u0000/);
    assert.match(xml, /name="deploy\/&lt;x&gt;&amp;&quot;y&quot;\.yaml"/);
    assert.match(xml, /message="a &quot;quoted&quot; &lt;tag&gt; &amp; \]\]&gt; /);
    assert.match(xml, /line&#10;break \ud83d\ude00"/);
  });

  it('the schema is no formality: it refuses what a CI reader would not take', async () => {
    const xml = formatResults('junit', sampleInput());
    for (const broken of [
      xml.replace(/(<testsuite name="[^"]*" tests="\d+") failures="\d+"/, '$1'),
      xml.replace(/<testcase name="[^"]*"/, '<testcase'),
      xml.replace(/ tests="\d+"/g, ' tests="many"'),
    ]) {
      const outcome = await validateXML({ xml: [{ fileName: 'report.xml', contents: broken }], schema: [schema] });
      assert.equal(outcome.valid, false);
    }
  });
});
