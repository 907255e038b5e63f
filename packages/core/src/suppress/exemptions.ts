// Matching findings against the configuration's `exemptions:`.
import { compileGlob, compilePathGlob } from '../config/glob.ts';
import type { Exemption } from '../config/model.ts';
import { isExpired } from './judge.ts';

/** What is known about a finding; an exemption field that is set must match the same field here. */
export interface ExemptionSubject {
  rule: string;
  namespace?: string;
  kind?: string;
  name?: string;
  container?: string;
  /** The checked file's path as the caller names it. */
  path?: string;
  /** The check date: an exemption past its `until` no longer matches. */
  now: Date;
}

type Matcher = (value: string) => boolean;
interface CompiledExemption {
  namespace?: Matcher;
  name?: Matcher;
  container?: Matcher;
  path?: Matcher;
}

const compiled = new WeakMap<Exemption, CompiledExemption>();

function compile(exemption: Exemption): CompiledExemption {
  let entry = compiled.get(exemption);
  if (!entry) {
    const glob = (pattern: string | undefined) => (pattern === undefined ? undefined : compileGlob(pattern));
    const pathMatcher = exemption.path === undefined ? undefined : compilePathGlob(exemption.path);
    entry = {
      ...(exemption.namespace === undefined ? {} : { namespace: glob(exemption.namespace) }),
      ...(exemption.name === undefined ? {} : { name: glob(exemption.name) }),
      ...(exemption.container === undefined ? {} : { container: glob(exemption.container) }),
      ...(pathMatcher ? { path: pathMatcher } : {}),
    };
    compiled.set(exemption, entry);
  }
  return entry;
}

function fieldMatches(matcher: Matcher | undefined, value: string | undefined): boolean {
  if (!matcher) return true;
  return value !== undefined && matcher(value);
}

/**
 * The first exemption that covers the subject: same rule, every field it sets matching (namespace,
 * name, container and path are globs; kind is exact), and not past its `until`. Undefined if none.
 */
export function matchExemption(exemptions: readonly Exemption[], subject: ExemptionSubject): Exemption | undefined {
  const path = subject.path?.replace(/\\/g, '/').replace(/^\.\//, '');
  for (const exemption of exemptions) {
    if (exemption.rule !== subject.rule) continue;
    if (exemption.kind !== undefined && exemption.kind !== subject.kind) continue;
    if (isExpired(exemption.until, subject.now)) continue;
    const matchers = compile(exemption);
    if (!fieldMatches(matchers.namespace, subject.namespace)) continue;
    if (!fieldMatches(matchers.name, subject.name)) continue;
    if (!fieldMatches(matchers.container, subject.container)) continue;
    if (!fieldMatches(matchers.path, path)) continue;
    return exemption;
  }
  return undefined;
}
