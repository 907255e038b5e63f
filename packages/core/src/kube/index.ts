// `@lsst-kube/core/kube`: the Node-only entry point (kubeconfig files, cluster roles, cluster calls).

// Printing what a kubeconfig or a cluster holds goes through the same escape as every other input.
export { visibleLines, visibleText } from '../format/visible-text.ts';
export * from './access.ts';
export * from './atomic-write.ts';
export * from './bounded-read.ts';
export * from './cluster-client.ts';
export * from './cluster-reader.ts';
export * from './config.ts';
export * from './contexts.ts';
export * from './errors.ts';
export * from './fingerprint.ts';
export * from './kubeconfig.ts';
export * from './kubeconfig-file.ts';
export * from './locations.ts';
export * from './lock.ts';
export * from './naming.ts';
export * from './port-requests.ts';
export * from './private-copy.ts';
export * from './redact.ts';
export * from './roles.ts';
export * from './update.ts';
export * from './yaml-edit.ts';
