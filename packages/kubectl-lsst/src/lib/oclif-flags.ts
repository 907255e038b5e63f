// Builds oclif flag definitions from the plain flag specs (so help and errors come from oclif).
import { Flags } from '@oclif/core';
import type { FlagSpecs } from './flag-spec.ts';

// oclif's flag type is a union of generics; the command reads the values back through FlagValues.
// biome-ignore lint/suspicious/noExplicitAny: oclif's FlagInput is keyed by flag kinds we build dynamically.
type OclifFlags = Record<string, any>;

export function toOclifFlags(specs: FlagSpecs): OclifFlags {
  const flags: OclifFlags = {};
  for (const [name, spec] of Object.entries(specs)) {
    const char = spec.char as Parameters<typeof Flags.string>[0] extends { char?: infer C } ? C : never;
    if (spec.type === 'boolean') {
      flags[name] = Flags.boolean({ char, summary: spec.summary, allowNo: spec.allowNo ?? false });
    } else if (spec.type === 'integer') {
      flags[name] = Flags.integer({ char, summary: spec.summary, helpValue: spec.helpValue, default: spec.default });
    } else if (spec.multiple) {
      // Non-greedy: `-t prod deploy.yaml` names one target and one path, as the fast parser reads it.
      flags[name] = Flags.string({
        char,
        summary: spec.summary,
        helpValue: spec.helpValue,
        multiple: true,
        multipleNonGreedy: true,
      });
    } else {
      flags[name] = Flags.string({ char, summary: spec.summary, helpValue: spec.helpValue, default: spec.default });
    }
  }
  return flags;
}
