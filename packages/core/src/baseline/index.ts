// Baselines: recording the findings a repository has, and recognising them again later.
export * from './baseline.ts';
export { type FileChanges, findingsTouched, parseUnifiedDiff, unquoteGitPath } from './changes.ts';
export { findingFingerprint, offendingWords } from './fingerprint.ts';
