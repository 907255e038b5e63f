import { celString, pathsUnderPattern } from '../../admission/cel-text.ts';
import type { AdmissionForm } from '../../admission/form.ts';
import type { FileSetConfig } from '../../config/model.ts';
import { defineRule } from '../rule.ts';
import { fileSetOf, type HostVolume, persistentVolumeSource, podHostVolumes, volumeLabel } from './volumes.ts';

export const filesetsAllowedPaths = defineRule({
  name: 'filesets/allowed-paths',
  guideline: '1.2.5',
  description:
    'hostPath and NFS volumes stay inside the file sets (/project, /datasets, /scratch, /jhome, /software by default).',
  defaultSeverity: 'error',
  appliesTo: ['manifest'],
  fixable: false,
  admission: admissionForm(),
  checkManifest(context) {
    const fileSets = context.config.fileSets;
    const persistentVolume = persistentVolumeSource(context.object);
    const volumes: HostVolume[] = persistentVolume ? [persistentVolume] : podHostVolumes(context);
    for (const volume of volumes) {
      if (fileSetOf(volume.path, fileSets)) continue;
      const owner = persistentVolume ? `PersistentVolume "${context.object.name ?? ''}" uses` : 'The pod uses';
      context.report({
        range: volume.pathRange,
        message: `${owner} ${volumeLabel(volume)}, ${outsideReason(volume, fileSets)}`,
      });
    }
  },
});

function outsideReason(volume: HostVolume, fileSets: readonly FileSetConfig[]): string {
  const allowed = fileSets.map((fileSet) => fileSet.path).join(', ') || 'none configured';
  const where = volume.path.startsWith('/')
    ? `${volume.path} is outside the file sets`
    : `"${volume.rawPath}" is not an absolute path inside the file sets`;
  return `but ${where} (${allowed}). Paths elsewhere on a node or a file server (/, /etc, /var/run/docker.sock, /var/log, /home ...) expose the host and other users' data to the pod. Mount a directory inside a file set, or use a PersistentVolumeClaim or an emptyDir.`;
}

/** The same decision in CEL: every hostPath or NFS path of the pod (or the PersistentVolume) inside a file set. */
function admissionForm(): AdmissionForm {
  const source = (holder: string, allowed: (path: string) => string) =>
    `(has(${holder}.hostPath) ? (!has(${holder}.hostPath.path) || ${allowed(`${holder}.hostPath.path`)}) : (!has(${holder}.nfs) || !has(${holder}.nfs.path) || ${allowed(`${holder}.nfs.path`)}))`;
  return {
    match: 'volumes',
    checks: [
      {
        severity: 'error',
        expression: (scope) => {
          const inside = celString(pathsUnderPattern(scope.config.fileSets.map((fileSet) => fileSet.path)));
          const backstep = celString('(^|/)\\.\\.(/|$)');
          const allowed = (path: string) => `(!${path}.matches(${backstep}) && ${path}.matches(${inside}))`;
          const pod = `variables.containers.size() == 0 || !has(variables.podSpec.volumes) || variables.podSpec.volumes.all(v, ${source('v', allowed)})`;
          return `object.kind == 'PersistentVolume' ? (!has(object.spec) || ${source('object.spec', allowed)}) : (${pod})`;
        },
        message:
          "A hostPath or NFS volume is outside the file sets. Paths elsewhere on a node or a file server (/, /etc, /var/run/docker.sock, /var/log, /home ...) expose the host and other users' data to the pod. Mount a directory inside a file set, or use a PersistentVolumeClaim or an emptyDir.",
      },
    ],
  };
}
