// Realistic starting points for mutation: the bundled examples and the code blocks of the rule pages.
// Test support: reads files, so it is never imported by the engine.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentKind } from '../types.ts';

export interface Seed {
  /** Where it came from, relative to the repository root. */
  source: string;
  kind: DocumentKind;
  text: string;
}

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

function filesUnder(folder: string, accept: (name: string) => boolean, found: string[] = []): string[] {
  for (const entry of readdirSync(folder).sort()) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) filesUnder(path, accept, found);
    else if (accept(entry)) found.push(path);
  }
  return found;
}

const relative = (path: string) => path.slice(repositoryRoot.length);

/** The fenced ```yaml and ```dockerfile blocks of a Markdown page. */
export function codeBlocks(markdown: string): Array<{ kind: DocumentKind; text: string }> {
  const blocks: Array<{ kind: DocumentKind; text: string }> = [];
  for (const match of markdown.matchAll(/^```(yaml|yml|dockerfile|Dockerfile)[^\n]*\n([\s\S]*?)^```/gm)) {
    const language = (match[1] ?? '').toLowerCase();
    blocks.push({ kind: language === 'dockerfile' ? 'dockerfile' : 'manifest', text: match[2] ?? '' });
  }
  return blocks;
}

/** Every example file, then every code block of the rule pages; the same list on every machine. */
export function loadSeeds(): Seed[] {
  const seeds: Seed[] = [];
  const examples = join(repositoryRoot, 'examples');
  for (const path of filesUnder(examples, (name) => /\.ya?ml$|Dockerfile$/.test(name) && !name.startsWith('.'))) {
    seeds.push({
      source: relative(path),
      kind: /Dockerfile$/.test(path) ? 'dockerfile' : 'manifest',
      text: readFileSync(path, 'utf8'),
    });
  }
  const rulePages = join(repositoryRoot, 'packages/core/src/rules');
  for (const path of filesUnder(rulePages, (name) => name.endsWith('.md'))) {
    for (const [index, block] of codeBlocks(readFileSync(path, 'utf8')).entries()) {
      seeds.push({ source: `${relative(path)}#${index + 1}`, kind: block.kind, text: block.text });
    }
  }
  return seeds;
}

/** The `.lsst.yaml` the examples are written for, so that the fuzzing also runs with a real file's settings. */
export function examplesConfigText(): string {
  return readFileSync(join(repositoryRoot, 'examples/.lsst.yaml'), 'utf8');
}
