// The CEL functions the Kubernetes API server offers admission policies, by version, and the
// functions an expression calls: an exported policy may call only what its target provides.
import { parse } from '@bufbuild/cel';

/**
 * The standard CEL library (cel-go's stdlib, in every Kubernetes version that has admission CEL):
 * operators by their internal names, `has` and the comprehension macros (all, exists, exists_one,
 * map, filter) as `has` and `comprehension` (with `@not_strictly_false`, the loop condition the
 * macros expand to).
 */
export const standardCelFunctions: readonly string[] = [
  '!_',
  '@not_strictly_false',
  '-_',
  '@in',
  '_!=_',
  '_%_',
  '_&&_',
  '_*_',
  '_+_',
  '_-_',
  '_/_',
  '_<=_',
  '_<_',
  '_==_',
  '_>=_',
  '_>_',
  '_?_:_',
  '_[_]',
  '_||_',
  'bool',
  'bytes',
  'comprehension',
  'contains',
  'double',
  'duration',
  'dyn',
  'endsWith',
  'has',
  'int',
  'matches',
  'size',
  'startsWith',
  'string',
  'timestamp',
  'type',
  'uint',
];

/**
 * Libraries Kubernetes adds, with the minor version that brought them to admission policies
 * (Kubernetes docs, "CEL in Kubernetes"). The exported policies use only the strings extension
 * (split, trim, indexOf, lastIndexOf, substring, lowerAscii: port request ids and image references),
 * which every version that can run them has; the evaluator adds it too.
 */
export const kubernetesCelLibraries: readonly { since: number; library: string; functions: readonly string[] }[] = [
  {
    since: 28,
    library: 'Kubernetes strings (ext.Strings)',
    functions: [
      'charAt',
      'indexOf',
      'lastIndexOf',
      'lowerAscii',
      'upperAscii',
      'replace',
      'split',
      'substring',
      'trim',
      'join',
    ],
  },
  { since: 28, library: 'Kubernetes lists', functions: ['isSorted', 'sum', 'min', 'max'] },
  { since: 28, library: 'Kubernetes regex', functions: ['find', 'findAll'] },
  {
    since: 28,
    library: 'Kubernetes URLs',
    functions: ['url', 'isURL', 'getScheme', 'getHost', 'getHostname', 'getPort', 'getEscapedPath', 'getQuery'],
  },
  {
    since: 28,
    library: 'Kubernetes authorizer',
    functions: [
      'path',
      'group',
      'resource',
      'subresource',
      'namespace',
      'name',
      'check',
      'allowed',
      'reason',
      'errored',
      'error',
    ],
  },
  {
    since: 29,
    library: 'Kubernetes quantity',
    functions: [
      'quantity',
      'isQuantity',
      'sign',
      'isGreaterThan',
      'isLessThan',
      'compareTo',
      'add',
      'sub',
      'asInteger',
      'asApproximateFloat',
      'isInteger',
    ],
  },
  {
    since: 30,
    library: 'Kubernetes IP and CIDR',
    functions: [
      'ip',
      'isIP',
      'cidr',
      'isCIDR',
      'family',
      'isUnspecified',
      'isLoopback',
      'isLinkLocalMulticast',
      'isLinkLocalUnicast',
      'isGlobalUnicast',
      'containsIP',
      'containsCIDR',
      'masked',
      'prefixLength',
    ],
  },
];

/** Every function a Kubernetes 1.<minor> API server offers admission CEL. */
export function kubernetesCelFunctions(minor: number): Set<string> {
  const functions = new Set(standardCelFunctions);
  for (const library of kubernetesCelLibraries) {
    if (minor >= library.since) for (const name of library.functions) functions.add(name);
  }
  return functions;
}

interface ExprNode {
  exprKind: { case: string | undefined; value?: unknown };
}

/** The functions, operators and macros one CEL expression calls. */
export function celFunctionsOf(expression: string): Set<string> {
  const found = new Set<string>();
  const visit = (node: ExprNode | undefined): void => {
    if (!node) return;
    const { case: kind, value } = node.exprKind;
    const item = value as Record<string, unknown>;
    if (kind === 'callExpr') {
      found.add(String(item.function));
      visit(item.target as ExprNode | undefined);
      for (const arg of (item.args ?? []) as ExprNode[]) visit(arg);
    } else if (kind === 'selectExpr') {
      if (item.testOnly) found.add('has');
      visit(item.operand as ExprNode);
    } else if (kind === 'comprehensionExpr') {
      found.add('comprehension');
      for (const key of ['iterRange', 'accuInit', 'loopCondition', 'loopStep', 'result']) visit(item[key] as ExprNode);
    } else if (kind === 'listExpr') {
      for (const element of (item.elements ?? []) as ExprNode[]) visit(element);
    } else if (kind === 'structExpr') {
      for (const entry of (item.entries ?? []) as Record<string, ExprNode>[]) {
        visit(entry.mapKey);
        visit(entry.value);
      }
    }
  };
  visit(parse(expression).expr as unknown as ExprNode);
  return found;
}
