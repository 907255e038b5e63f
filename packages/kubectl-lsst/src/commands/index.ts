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
import Explain from './explain.ts';
import Init from './init.ts';
import Lsp from './lsp.ts';
import PolicyExport from './policy/export.ts';
import PolicyTest from './policy/test.ts';
import RequestPortApprove from './request-port/approve.ts';
import RequestPortDeny from './request-port/deny.ts';
import RequestPort from './request-port/index.ts';
import RequestPortList from './request-port/list.ts';
import RequestPortStatus from './request-port/status.ts';
import Rules from './rules.ts';
import Version from './version.ts';

export const COMMANDS = {
  check: Check,
  completion: Completion,
  context: ContextList,
  'context:current': ContextCurrent,
  'context:ns': ContextNs,
  'context:shell': ContextShell,
  'context:use': ContextUse,
  'policy:export': PolicyExport,
  'policy:test': PolicyTest,
  'request-port': RequestPort,
  'request-port:approve': RequestPortApprove,
  'request-port:deny': RequestPortDeny,
  'request-port:list': RequestPortList,
  'request-port:status': RequestPortStatus,
  explain: Explain,
  init: Init,
  lsp: Lsp,
  rules: Rules,
  version: Version,
  __complete: Complete,
};
