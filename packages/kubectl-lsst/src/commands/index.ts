// The explicit command registry (oclif "explicit" discovery): command id -> command class.
// Ids use `:` between words; users type them with spaces (`kubectl lsst context use`).
import Check from './check.ts';

export const COMMANDS = {
  check: Check,
};
