import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { findingFingerprint } from '../baseline/fingerprint.ts';
import { LineIndex } from '../documents/source.ts';
import { ruleDocsUrl, toolName, toolVersion } from '../meta.ts';
import type { Finding } from '../types.ts';
import { formatResults } from './index.ts';
import { fingerprintKey } from './sarif.ts';
import { cwd, dockerfile, findingAt, rules, sampleInput, webManifest } from './test-support.ts';

const schemaPath = new URL(
  '../../../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json',
  import.meta.url,
);
// The schema's `language` pattern is not a valid Unicode-mode expression; it was written for plain RegExp.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));

function sarifOf(input = sampleInput()): Sarif.Log {
  return JSON.parse(formatResults('sarif', input)) as Sarif.Log;
}

function onlyRun(log: Sarif.Log): Sarif.Run {
  assert.equal(log.runs.length, 1);
  const [run] = log.runs;
  assert.ok(run);
  return run;
}

/** The text a region covers, read by its lines and columns (end column exclusive). */
function regionText(text: string, region: Sarif.Region): string {
  const lines = new LineIndex(text);
  const offset = (line = 1, column = 1) => (line <= lines.lineCount ? lines.lineStart(line) : Number.NaN) + column - 1;
  return text.slice(offset(region.startLine, region.startColumn), offset(region.endLine, region.endColumn));
}

describe('sarif format', () => {
  it('is valid against the SARIF 2.1.0 schema', () => {
    const log = sarifOf(sampleInput({ showSuppressed: true }));
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
  });

  it('is found invalid by that schema when broken, so that the check above means something', () => {
    const log = sarifOf();
    const badLevel = structuredClone(log);
    const result = onlyRun(badLevel).results?.[0];
    assert.ok(result);
    (result as { level: string }).level = 'fatal';
    assert.equal(validate(badLevel), false);
    assert.ok(validate.errors?.some((error) => error.instancePath.endsWith('/results/0/level')));

    const noDriver = structuredClone(log) as unknown as { runs: { tool: object }[] };
    const [run] = noDriver.runs;
    assert.ok(run);
    run.tool = {};
    assert.equal(validate(noDriver), false);

    const zeroLine = structuredClone(log);
    const region = onlyRun(zeroLine).results?.[0]?.locations?.[0]?.physicalLocation?.region;
    assert.ok(region);
    region.startLine = 0;
    assert.equal(validate(zeroLine), false);
  });

  it('describes the tool and every known rule, with levels and help', () => {
    const run = onlyRun(sarifOf());
    const { driver } = run.tool;
    assert.equal(driver.name, toolName);
    assert.equal(driver.version, toolVersion);
    assert.equal(driver.informationUri, 'https://github.com/lsst-dm/kubectl-lsst');
    assert.deepEqual(
      driver.rules?.map((rule) => rule.id),
      rules.map((rule) => rule.name),
    );
    assert.deepEqual(driver.rules?.[1], {
      id: 'container/minimal-packages',
      name: 'ContainerMinimalPackages',
      shortDescription: { text: 'Install only the packages the image needs, and no caches.' },
      fullDescription: { text: 'Install only the packages the image needs, and no caches. (DMTN-095 section 1.2.1)' },
      helpUri: ruleDocsUrl('container/minimal-packages'),
      help: {
        text: `Install only the packages the image needs, and no caches. See ${ruleDocsUrl('container/minimal-packages')}`,
        markdown: `Install only the packages the image needs, and no caches. [Documentation](${ruleDocsUrl('container/minimal-packages')})`,
      },
      defaultConfiguration: { level: 'note' },
      properties: { guideline: '1.2.1', appliesTo: ['dockerfile'], fixable: true },
    });
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///work/project/' } });
    assert.equal(run.columnKind, 'utf16CodeUnits');
  });

  it('points each result at its rule, with the level of the finding', () => {
    const run = onlyRun(sarifOf());
    const results = run.results ?? [];
    assert.equal(results.length, 12, 'suppressed findings are always listed');
    for (const result of results) {
      assert.equal(run.tool.driver.rules?.[result.ruleIndex ?? -1]?.id, result.ruleId);
    }
    assert.deepEqual(
      results.map((result) => result.level),
      [
        'error',
        'error',
        'error',
        'error',
        'error',
        'warning',
        'note',
        'warning',
        'warning',
        'error',
        'error',
        'warning',
      ],
    );
  });

  it('locates a finding in a file with a URI relative to the working directory and an exact region', () => {
    const results = onlyRun(sarifOf()).results ?? [];
    assert.deepEqual(results[0], {
      ruleId: 'namespace/explicit',
      ruleIndex: 5,
      level: 'error',
      message: { text: 'Deployment web is in the namespace default; use a namespace of your team.' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'deploy/web.yaml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 5, startColumn: 14, endLine: 5, endColumn: 21, charOffset: 72, charLength: 7 },
          },
          logicalLocations: [
            {
              name: 'web',
              fullyQualifiedName: 'Deployment/default/web',
              kind: 'resource',
              properties: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' },
            },
          ],
        },
      ],
      partialFingerprints: { [fingerprintKey]: results[0]?.partialFingerprints?.[fingerprintKey] },
      fixes: [
        {
          description: { text: 'Set namespace: lsst-dev' },
          artifactChanges: [
            {
              artifactLocation: { uri: 'deploy/web.yaml', uriBaseId: '%SRCROOT%' },
              replacements: [
                { deletedRegion: { charOffset: 72, charLength: 7 }, insertedContent: { text: 'lsst-dev' } },
              ],
            },
          ],
        },
      ],
      properties: { guideline: '1.2.6' },
    });
    const uris = results.map((result) => result.locations?.[0]?.physicalLocation?.artifactLocation?.uri);
    assert.deepEqual(
      new Set(uris),
      new Set(['deploy/web.yaml', 'deploy/nightly%20backup.yaml', 'images/Dockerfile', undefined]),
    );
  });

  it('gives regions whose exclusive end column covers exactly the flagged text', () => {
    const input = sampleInput();
    const texts = new Map([
      ['deploy/web.yaml', webManifest],
      ['images/Dockerfile', dockerfile],
    ]);
    const findings = input.results.flatMap((result) => result.findings);
    const results = onlyRun(sarifOf(input)).results ?? [];
    let compared = 0;
    results.forEach((result, index) => {
      const location = result.locations?.[0]?.physicalLocation;
      const text = texts.get(location?.artifactLocation?.uri ?? '');
      const finding = findings[index];
      if (!text || !location?.region || !finding) return;
      assert.equal(regionText(text, location.region), text.slice(finding.range[0], finding.range[1]));
      compared += 1;
    });
    assert.equal(compared, 9);
  });

  it('carries fixes as replacements that, applied, give the fixed text', () => {
    const result = (onlyRun(sarifOf()).results ?? []).find(
      (candidate) => candidate.ruleId === 'security/run-as-non-root',
    );
    const replacements = result?.fixes?.[0]?.artifactChanges[0]?.replacements ?? [];
    assert.equal(replacements.length, 1);
    let fixed = webManifest;
    for (const { deletedRegion, insertedContent } of replacements) {
      const start = deletedRegion.charOffset ?? 0;
      fixed =
        fixed.slice(0, start) + (insertedContent?.text ?? '') + fixed.slice(start + (deletedRegion.charLength ?? 0));
    }
    assert.match(fixed, /securityContext:\n {12}runAsNonRoot: true\n/);
  });

  it('marks suppressed findings with the kind of suppression and its reason', () => {
    const results = onlyRun(sarifOf()).results ?? [];
    const suppressed = results.filter((result) => result.suppressions);
    assert.deepEqual(
      suppressed.map((result) => [result.ruleId, result.suppressions]),
      [
        [
          'network/public-exposure',
          [
            {
              kind: 'inSource',
              status: 'accepted',
              justification: 'reviewed by the network team, request PR-12',
              properties: { source: 'inline' },
            },
          ],
        ],
        [
          'namespace/explicit',
          [
            {
              kind: 'external',
              status: 'accepted',
              justification: 'legacy settings, moved in Q3',
              properties: { source: 'configuration', until: '2030-06-30' },
            },
          ],
        ],
      ],
    );
  });

  it('locates an object read from a cluster logically only, and names its clusters', () => {
    const result = (onlyRun(sarifOf()).results ?? []).find(
      (candidate) => candidate.ruleId === 'security/no-privilege-escalation',
    );
    assert.deepEqual(result?.locations, [
      {
        logicalLocations: [
          {
            name: 'notebook',
            fullyQualifiedName: 'Deployment/nb-science/jupyter/notebook',
            kind: 'resource',
            properties: {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              namespace: 'nb-science',
              name: 'jupyter',
              container: 'notebook',
            },
          },
        ],
      },
    ]);
    assert.deepEqual(result?.properties, { guideline: '1.2.4', clusters: ['prod'] });
  });

  it('fingerprints by rule, path, object and message, so that moving a finding keeps its fingerprint', () => {
    const fingerprintOf = (finding: Finding, path = finding.file) => {
      const log = sarifOf({ ...sampleInput(), results: [{ path, kind: 'manifest', findings: [finding] }] });
      return onlyRun(log).results?.[0]?.partialFingerprints?.[fingerprintKey];
    };
    const fields = {
      rule: 'image/pinned',
      severity: 'error',
      message: 'Image nginx:latest uses the tag latest.',
    } as const;
    const original = findingAt('deploy/web.yaml', webManifest, 'nginx:latest', fields);
    const moved = findingAt('deploy/web.yaml', `# a comment\n${webManifest}`, 'nginx:latest', fields);
    assert.notEqual(original.start.line, moved.start.line);
    assert.match(fingerprintOf(original) ?? '', /^[0-9a-f]{64}$/);
    assert.equal(fingerprintOf(moved), fingerprintOf(original));
    assert.equal(
      fingerprintOf(original, `${cwd}/deploy/web.yaml`),
      fingerprintOf(original),
      'the path as shown counts',
    );
    assert.notEqual(fingerprintOf({ ...original, message: 'Image nginx:1 is old.' }), fingerprintOf(original));
    assert.notEqual(fingerprintOf(original, 'deploy/other.yaml'), fingerprintOf(original));
    assert.notEqual(fingerprintOf({ ...original, object: { kind: 'Pod', name: 'web' } }), fingerprintOf(original));
  });

  it('describes a rule that the caller did not list, so that every ruleIndex holds', () => {
    const finding = findingAt('deploy/web.yaml', webManifest, 'apiVersion', {
      rule: 'input/invalid',
      severity: 'error',
      message: 'Duplicate key apiVersion.',
    });
    const log = sarifOf({
      ...sampleInput(),
      results: [{ path: 'deploy/web.yaml', kind: 'manifest', findings: [finding] }],
    });
    const run = onlyRun(log);
    assert.equal(run.results?.[0]?.ruleIndex, rules.length);
    assert.deepEqual(run.tool.driver.rules?.at(-1), {
      id: 'input/invalid',
      name: 'InputInvalid',
      shortDescription: { text: 'input/invalid' },
      helpUri: ruleDocsUrl('input/invalid'),
      defaultConfiguration: { level: 'error' },
      properties: { guideline: '1.2' },
    });
    assert.equal(validate(log), true);
  });

  it('percent-encodes what a URI reference cannot hold', () => {
    const path = 'deploy/a b#c%d/ü:x.yaml';
    const finding = findingAt(path, webManifest, 'nginx:latest', {
      rule: 'image/pinned',
      severity: 'error',
      message: 'm',
    });
    const log = sarifOf({ ...sampleInput(), results: [{ path, kind: 'manifest', findings: [finding] }] });
    const uri = onlyRun(log).results?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
    assert.equal(uri, 'deploy/a%20b%23c%25d/%C3%BC%3Ax.yaml');
    assert.equal(validate(log), true);
    // The schema holds artifact URIs to URI-reference syntax: the raw path would not pass.
    const location = onlyRun(log).results?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation;
    assert.ok(location);
    location.uri = path;
    assert.equal(validate(log), false);
  });
});

describe('SARIF fingerprints and baselines', () => {
  const fields = {
    rule: 'image/pinned',
    severity: 'error',
    message: 'Image nginx:latest (checked on 2026-01-01).',
  } as const;
  const withText = (text: string, message: string = fields.message, occurrence = 1): Finding => {
    const finding = findingAt('deploy/web.yaml', text, 'nginx:latest', { ...fields, message }, occurrence);
    return { ...finding, fingerprint: findingFingerprint(finding, text) };
  };
  const fingerprintsOf = (findings: Finding[], overrides = {}) =>
    (
      onlyRun(
        sarifOf({ ...sampleInput(overrides), results: [{ path: 'deploy/web.yaml', kind: 'manifest', findings }] }),
      ).results ?? []
    ).map((result) => result.partialFingerprints?.[fingerprintKey]);

  it('follow the offending text when the caller gives it: not the line, not a date in the message', () => {
    const original = withText(webManifest);
    const moved = withText(`# a comment\n\n${webManifest}`, 'Image nginx:latest (checked on 2026-01-02).');
    assert.notEqual(moved.start.line, original.start.line);
    assert.deepEqual(fingerprintsOf([moved]), fingerprintsOf([original]));
    assert.notDeepEqual(fingerprintsOf([{ ...original, fingerprint: '0123456789abcdef' }]), fingerprintsOf([original]));
  });

  it('tell apart findings alike in everything they read, by their order', () => {
    const twice = `${webManifest}---\n${webManifest}`;
    const fingerprints = fingerprintsOf([withText(twice), withText(twice, fields.message, 2)]);
    assert.equal(new Set(fingerprints).size, 2);
    assert.equal(fingerprints[1], `${fingerprints[0]}:2`);
  });

  it('carry baselineState when a baseline was used, and stay valid SARIF', () => {
    const recorded: Finding = {
      ...withText(webManifest),
      suppression: { kind: 'baseline', reason: 'recorded in the baseline .lsst-baseline.json' },
    };
    const fresh = findingAt('deploy/web.yaml', webManifest, 'web', { ...fields, rule: 'namespace/explicit' });
    const input = {
      ...sampleInput(),
      results: [{ path: 'deploy/web.yaml', kind: 'manifest' as const, findings: [recorded, fresh] }],
    };
    const log = sarifOf({ ...input, baselineUsed: true });
    const results = onlyRun(log).results ?? [];
    assert.deepEqual(
      results.map((result) => [result.ruleId, result.baselineState, result.suppressions?.[0]?.kind]),
      [
        ['image/pinned', 'unchanged', 'external'],
        ['namespace/explicit', 'new', undefined],
      ],
    );
    assert.equal(validate(log), true, JSON.stringify(validate.errors));
    assert.ok((onlyRun(sarifOf(input)).results ?? []).every((result) => result.baselineState === undefined));
  });
});
