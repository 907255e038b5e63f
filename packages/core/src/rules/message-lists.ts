// Lists of names inside a finding's message: "a", "a and b", "a, b and c", "a, b, c and 2 more".

/** The items joined for a sentence, the first `shown` of them and how many more. */
export function sentenceList(items: readonly string[], shown = 3): string {
  if (items.length > shown) return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
