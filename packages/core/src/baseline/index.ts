// Baselines: recording the findings a repository has, and recognising them again later.
export * from './baseline.ts';
export { findingFingerprint, offendingWords } from './fingerprint.ts';
