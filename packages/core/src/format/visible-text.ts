// The one escape for text that came from input (files, kubeconfigs, clusters, other people) on its
// way to a terminal: control characters (C0, DEL, C1) and bidirectional overrides would drive the
// terminal or change what the reader sees, so they are shown as visible symbols instead.

/** Terminal controls and bidirectional overrides. */
export const controlPattern = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

const controlsEverywhere = new RegExp(controlPattern.source, 'gu');
const controlsButLineBreaks = /(?![\n\t])[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

function symbolFor(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return code < 0x20 ? String.fromCodePoint(0x2400 + code) : code === 0x7f ? '\u2421' : '\ufffd';
}

/** One line of input, safe to print: every control is a symbol (a newline is `␊`), so it cannot fake a line. */
export function visibleText(text: string): string {
  return text.replace(controlsEverywhere, symbolFor);
}

/** Text of several lines, safe to print: newlines and tabs kept, every other control a symbol. */
export function visibleLines(text: string): string {
  return text.replace(controlsButLineBreaks, symbolFor);
}
