// Writes packages/core/schema/lsst-config.schema.json from the configuration's description
// (src/config/schema.ts), and lsst-baseline.schema.json from src/baseline/schema.ts, formatted by the repository's formatter (Biome) so that `biome check`
// and the drift test agree. Run after changing that description, and commit the result:
//   node --import tsx packages/core/scripts/generate-schema.ts           write the file
//   node --import tsx packages/core/scripts/generate-schema.ts --check   exit 1 when the file is stale
import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baselineJsonSchema } from '../src/baseline/schema.ts';
import { configJsonSchema } from '../src/config/schema.ts';

export const schemaPath = fileURLToPath(new URL('../schema/lsst-config.schema.json', import.meta.url));
export const baselineSchemaPath = fileURLToPath(new URL('../schema/lsst-baseline.schema.json', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** The committed file's exact text. */
export function renderConfigSchema(): string {
  return formatJson(configJsonSchema(), schemaPath);
}

/** The committed baseline schema's exact text. */
export function renderBaselineSchema(): string {
  return formatJson(baselineJsonSchema(), baselineSchemaPath);
}

function formatJson(schema: object, path: string): string {
  const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
  const formatted = spawnSync(
    process.execPath,
    [biome, 'format', `--stdin-file-path=${relative(repositoryRoot, path)}`],
    { cwd: repositoryRoot, input: JSON.stringify(schema), encoding: 'utf8' },
  );
  if (formatted.status !== 0) throw new Error(`biome format failed: ${formatted.stderr}`);
  return formatted.stdout;
}

function main(argv: readonly string[]): number {
  let failed = 0;
  for (const [path, render] of [
    [schemaPath, renderConfigSchema],
    [baselineSchemaPath, renderBaselineSchema],
  ] as const) {
    failed += writeOrCheck(path, render(), argv.includes('--check'));
  }
  return failed === 0 ? 0 : 1;
}

function writeOrCheck(schemaPath: string, expected: string, check: boolean): number {
  let current: string | undefined;
  try {
    current = readFileSync(schemaPath, 'utf8');
  } catch {
    current = undefined;
  }
  if (check) {
    if (current === expected) return 0;
    console.error(`${schemaPath} is out of date. Run: node --import tsx packages/core/scripts/generate-schema.ts`);
    return 1;
  }
  if (current !== expected) {
    const temporary = `${schemaPath}.${process.pid}.tmp`;
    writeFileSync(temporary, expected);
    renameSync(temporary, schemaPath);
    console.log(`wrote ${schemaPath}`);
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
