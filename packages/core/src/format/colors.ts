// Terminal colours (ANSI SGR), on only when the caller says so. Small enough to keep here: the
// usual library decides colour support when it loads, which costs the CLI milliseconds at start-up.

export type Paint = (text: string) => string;

export interface Colors {
  bold: Paint;
  dim: Paint;
  underline: Paint;
  red: Paint;
  green: Paint;
  yellow: Paint;
  blue: Paint;
  cyan: Paint;
}

/** `open`/`close` around the text; a `close` inside it (nested colours) reopens the outer colour. */
function painter(open: number, close: number, reopen = `\u001b[${open}m`): Paint {
  const start = `\u001b[${open}m`;
  const end = `\u001b[${close}m`;
  return (text: string) => {
    const value = String(text);
    return start + value.split(end).join(end + reopen) + end;
  };
}

const plain: Paint = (text: string) => String(text);

export function createColors(enabled: boolean): Colors {
  if (!enabled) {
    return {
      bold: plain,
      dim: plain,
      underline: plain,
      red: plain,
      green: plain,
      yellow: plain,
      blue: plain,
      cyan: plain,
    };
  }
  return {
    // Bold and dim share their close code (22): reopening keeps the outer one after a nested one.
    bold: painter(1, 22, '\u001b[22m\u001b[1m'),
    dim: painter(2, 22, '\u001b[22m\u001b[2m'),
    underline: painter(4, 24),
    red: painter(31, 39),
    green: painter(32, 39),
    yellow: painter(33, 39),
    blue: painter(34, 39),
    cyan: painter(36, 39),
  };
}
