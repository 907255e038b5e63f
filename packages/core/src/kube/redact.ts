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
  const values = [...new Set([...secrets].filter((secret) => secret.length >= 4))].sort((a, b) => b.length - a.length);
  return (text: string) => {
    let result = text;
    for (const value of values) if (result.includes(value)) result = result.split(value).join(REDACTED);
    for (const shape of credentialShapes) result = result.replace(shape, `$1${REDACTED}`);
    return result;
  };
}

export function redactorFor(kubeconfig: Kubeconfig | undefined): Redactor {
  return createRedactor(kubeconfig?.secrets ?? []);
}
