// A rule's prose (src/rules/<area>/<name>.md, bundled through prose.generated.ts), split into its sections.
import { ruleProseByName } from './prose.generated.ts';

export interface RuleProse {
  /** The whole prose file, trimmed. */
  text: string;
  /** `## Why` */
  why: string;
  /** `## Incorrect`: the text of the section, examples included. */
  incorrect: string;
  /** `## Correct` */
  correct: string;
  /** `## How to fix` */
  howToFix: string;
  /** `## How to suppress` */
  howToSuppress: string;
}

/** Sections of a Markdown text by `## ` heading (lower-cased), each body trimmed; text before the first heading is dropped. */
export function proseSections(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const part of markdown.split(/^(?=## )/m)) {
    // Without the m flag, ^ is the start of the part: only a part that begins with a heading counts.
    const heading = /^## (.*)/.exec(part);
    if (!heading) continue;
    sections.set((heading[1] ?? '').trim().toLowerCase(), part.slice(heading[0].length).trim());
  }
  return sections;
}

/** The prose of a rule by name, or undefined when the rule has no prose file. */
export function ruleProse(ruleName: string): RuleProse | undefined {
  if (!Object.hasOwn(ruleProseByName, ruleName)) return undefined;
  const text = ruleProseByName[ruleName] ?? '';
  const sections = proseSections(text);
  return {
    text,
    why: sections.get('why') ?? '',
    incorrect: sections.get('incorrect') ?? '',
    correct: sections.get('correct') ?? '',
    howToFix: sections.get('how to fix') ?? '',
    howToSuppress: sections.get('how to suppress') ?? '',
  };
}
