// Names and addresses that every output (help URIs, SARIF driver, docs) shares.
export const toolName = 'kubectl-lsst';
export const toolVersion = '0.1.0';
export const repositoryUrl = 'https://github.com/lsst-dm/kubectl-lsst';
export const guidelinesUrl = 'https://dmtn-095.lsst.io/';

/** The page of one rule, e.g. `image/pinned` -> .../docs/rules/image/pinned.md */
export function ruleDocsUrl(ruleName: string): string {
  // Every finding carries its rule's page: made once per rule, not once per finding.
  let url = ruleDocsUrls.get(ruleName);
  if (url === undefined) {
    url = `${repositoryUrl}/blob/main/docs/rules/${ruleName}.md`;
    if (ruleDocsUrls.size < 1000) ruleDocsUrls.set(ruleName, url);
  }
  return url;
}

const ruleDocsUrls = new Map<string, string>();
