// The descriptions of built-in fields, for hover: generated beside the schema data, parsed on the first hover only.
import { descriptionIndex, descriptionTexts } from '../data/schemas/descriptions.generated.ts';

let texts: string[] | undefined;
let index: Record<string, Record<string, number>> | undefined;

/** The description of a field of a definition (`core.v1.Container`, `image`), or of the definition itself (field ''). */
export function definitionDescription(definition: string, field: string): string | undefined {
  index ??= JSON.parse(descriptionIndex) as Record<string, Record<string, number>>;
  const position = index[definition]?.[field];
  if (position === undefined) return undefined;
  texts ??= JSON.parse(descriptionTexts) as string[];
  return texts[position];
}
