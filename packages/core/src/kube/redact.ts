// Credentials never leave the process: every text shown to the user goes through a redactor that
// knows the credential values of the kubeconfig in use, and blanks well-known credential shapes.
import type { Kubeconfig } from './kubeconfig.ts';

export const REDACTED = 'REDACTED';

const credentialShapes: RegExp[] = [
  // `token: ...`, `password=...`, `client-key-data: ...` as they appear in YAML, flags or messages.
  /((?:token|password|client-key-data|client-certificate-data|client-secret|refresh-token|id-token|access-token)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
  /(Authorization:\s*(?:Bearer|Basic)\s+)\S+/gi,
  // Userinfo in URLs: https://user:secret@host
  /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^@\s/]+(?=@)/gi,
  // PEM private keys.
  /(-----BEGIN [A-Z ]*PRIVATE KEY-----)[\s\S]*?(?=-----END [A-Z ]*PRIVATE KEY-----)/g,
];

export type Redactor = (text: string) => string;

export function createRedactor(secrets: Iterable<string> = []): Redactor {
  const finder = secretFinder(secrets);
  return (text: string) => {
    let result = finder(text);
    for (const shape of credentialShapes) result = result.replace(shape, `$1${REDACTED}`);
    return result;
  };
}

// Every secret is found through one window of its characters, looked up at each offset of the text:
// time grows with the text, not with the text times the secrets (a kubeconfig may hold thousands).
const windowLength = 4;

function secretFinder(secrets: Iterable<string>): (text: string) => string {
  const bySpot = new Map<string, { value: string; offset: number }[]>();
  for (const value of new Set(secrets)) {
    if (value.length < windowLength) continue;
    // The window shared with the fewest secrets so far: tokens share their start (`eyJhbGci`), PEM data its end.
    let offset = 0;
    let fewest = Number.POSITIVE_INFINITY;
    for (let at = 0; at + windowLength <= value.length && fewest > 0; at += 1) {
      const sharing = bySpot.get(value.slice(at, at + windowLength))?.length ?? 0;
      if (sharing < fewest) {
        fewest = sharing;
        offset = at;
      }
    }
    const spot = value.slice(offset, offset + windowLength);
    const list = bySpot.get(spot) ?? [];
    list.push({ value, offset });
    bySpot.set(spot, list);
  }
  if (bySpot.size === 0) return (text) => text;
  return (text) => {
    // Ranges to blank, from every occurrence of every secret; overlapping ones are blanked as one.
    const ranges: [number, number][] = [];
    for (let index = 0; index + windowLength <= text.length; index += 1) {
      const candidates = bySpot.get(text.slice(index, index + windowLength));
      if (!candidates) continue;
      for (const { value, offset } of candidates) {
        const start = index - offset;
        if (start >= 0 && text.startsWith(value, start)) ranges.push([start, start + value.length]);
      }
    }
    if (ranges.length === 0) return text;
    ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let result = '';
    let copied = 0;
    for (const [start, end] of ranges) {
      if (end <= copied) continue;
      if (start >= copied) result += `${text.slice(copied, start)}${REDACTED}`;
      copied = end;
    }
    return result + text.slice(copied);
  };
}

export function redactorFor(kubeconfig: Kubeconfig | undefined): Redactor {
  return createRedactor(kubeconfig?.secrets ?? []);
}
