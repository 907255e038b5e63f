// A report written as the files are checked is the report formatted from every result at once.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createReport, formatNames, formatResults } from '@lsst-kube/core';
import { sampleInput } from '../../../core/src/format/test-support.ts';
import { ReportStream } from './output.ts';

function memoryWriter(): { write(text: string): void; pieces: string[] } {
  const pieces: string[] = [];
  return { write: (text: string) => void pieces.push(text), pieces };
}

describe('reports written as the files are checked', () => {
  for (const name of formatNames) {
    it(`${name}: the same text as the whole report, to a terminal and to a file`, async () => {
      const input = sampleInput({ showSuppressed: true });
      const whole = formatResults(name, input);
      const { results, texts, ...options } = input;

      const writer = memoryWriter();
      const toWriter = await ReportStream.open(createReport(name, options), {
        output: undefined,
        cwd: input.cwd,
        writer,
      });
      for (const result of results) await toWriter.add(result, texts.get(result.path));
      await toWriter.finish();
      assert.equal(writer.pieces.join(''), whole);

      const folder = mkdtempSync(join(tmpdir(), 'lsst-report-'));
      const toFile = await ReportStream.open(createReport(name, options), {
        output: 'report.out',
        cwd: folder,
        writer: memoryWriter(),
      });
      for (const result of results) await toFile.add(result, texts.get(result.path));
      assert.deepEqual(readdirSync(folder).length, 1, 'only a temporary file while the report is written');
      await toFile.finish();
      assert.equal(readFileSync(join(folder, 'report.out'), 'utf8'), whole);
      assert.deepEqual(readdirSync(folder), ['report.out'], 'no temporary file is left');
      assert.equal(toFile.summary.errors + toFile.summary.warnings + toFile.summary.infos > 0, true);
    });
  }

  it('a report abandoned half way leaves no file behind', async () => {
    const input = sampleInput();
    const { results, texts, ...options } = input;
    const folder = mkdtempSync(join(tmpdir(), 'lsst-report-'));
    const stream = await ReportStream.open(createReport('junit', options), {
      output: 'report.xml',
      cwd: folder,
      writer: memoryWriter(),
    });
    for (const result of results) await stream.add(result, texts.get(result.path));
    await stream.discard();
    assert.deepEqual(readdirSync(folder), []);
  });
});
