// The explicit command registry (oclif "explicit" discovery): command id -> command class.
// Ids use `:` between words; users type them with spaces (`kubectl lsst context use`).
import Check from './check.ts';
import Complete from './complete.ts';
import Completion from './completion.ts';
import ContextCurrent from './context/current.ts';
import ContextList from './context/index.ts';
import ContextNs from './context/ns.ts';
import ContextShell from './context/shell.ts';
import ContextUse from './context/use.ts';

export const COMMANDS = {
  check: Check,
  completion: Completion,
  context: ContextList,
  'context:current': ContextCurrent,
  'context:ns': ContextNs,
  'context:shell': ContextShell,
  'context:use': ContextUse,
  __complete: Complete,
};
