// Every rule has its prose, and every example in it tells the truth: incorrect fires, correct stays silent.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { proseExamples, proseFile, readProse } from '../../scripts/generate-rule-docs.ts';
import { defaultResolvedConfig, mergeConfig } from '../config/load.ts';
import { checkText } from '../engine/check.ts';
import { rules } from './index.ts';

const sections = ['## Why', '## Incorrect', '## Correct', '## How to fix', '## How to suppress'];

describe('rule documentation', () => {
  for (const rule of rules) {
    test(`${rule.name} has prose with every section`, () => {
      assert.ok(existsSync(proseFile(rule)), `missing ${proseFile(rule)}`);
      const prose = readProse(rule);
      for (const section of sections) assert.ok(prose.includes(section), `${rule.name}: missing "${section}"`);
    });

    test(`${rule.name}: incorrect examples fire, correct ones stay silent`, () => {
      const { incorrect, correct } = proseExamples(readProse(rule));
      assert.ok(incorrect.length > 0 && correct.length > 0, 'at least one incorrect and one correct example');
      for (const [expectFindings, examples] of [
        [true, incorrect],
        [false, correct],
      ] as const) {
        for (const example of examples) {
          const config = example.config
            ? mergeConfig(defaultResolvedConfig(), example.config as never)
            : defaultResolvedConfig();
          const result = checkText(
            {
              path: example.kind === 'dockerfile' ? 'Dockerfile' : 'example.yaml',
              text: example.text,
              kind: example.kind,
            },
            {
              config,
              now: new Date('2026-11-27T12:00:00Z'),
              ...(example.targets ? { targets: example.targets } : {}),
              ...(example.contextNamespace ? { contextNamespace: example.contextNamespace } : {}),
            },
          );
          const hits = result.findings.filter((finding) => finding.rule === rule.name && !finding.suppression);
          if (expectFindings) assert.ok(hits.length > 0, `incorrect example does not fire:\n${example.text}`);
          else
            assert.deepEqual(
              // An info note (what a file cannot show, such as a port request's approval) is no problem.
              hits.filter((finding) => finding.severity !== 'info').map((finding) => finding.message),
              [],
              `correct example fires:\n${example.text}`,
            );
        }
      }
    });
  }
});
