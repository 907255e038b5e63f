// `@lsst-kube/core/kube`: the Node-only entry point (kubeconfig files, cluster roles, cluster calls).
export * from './access.ts';
export * from './atomic-write.ts';
export * from './config.ts';
export * from './contexts.ts';
export * from './errors.ts';
export * from './kubeconfig.ts';
export * from './kubeconfig-file.ts';
export * from './locations.ts';
export * from './lock.ts';
export * from './naming.ts';
export * from './private-copy.ts';
export * from './redact.ts';
export * from './roles.ts';
export * from './update.ts';
export * from './yaml-edit.ts';
