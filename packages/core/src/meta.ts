// Names and addresses that every output (help URIs, SARIF driver, docs) shares.
export const toolName = 'kubectl-lsst';
export const toolVersion = '0.1.0';
export const repositoryUrl = 'https://github.com/lsst-dm/kubectl-lsst';
export const guidelinesUrl = 'https://dmtn-095.lsst.io/';

/** The page of one rule, e.g. `image/pinned` -> .../docs/rules/image/pinned.md */
export function ruleDocsUrl(ruleName: string): string {
  return `${repositoryUrl}/blob/main/docs/rules/${ruleName}.md`;
}
