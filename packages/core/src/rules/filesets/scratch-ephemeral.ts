import { defineRule } from '../rule.ts';
import { fileSetOf, persistentVolumeSource, podHostVolumes, volumeLabel } from './volumes.ts';

export const filesetsScratchEphemeral = defineRule({
  name: 'filesets/scratch-ephemeral',
  guideline: '1.2.5',
  description:
    'Nothing that must last lives on a purged file set (/scratch): no PersistentVolume and no StatefulSet storage there.',
  defaultSeverity: 'warning',
  appliesTo: ['manifest'],
  fixable: false,
  checkManifest(context) {
    const fileSets = context.config.fileSets;
    const persistentVolume = persistentVolumeSource(context.object);
    if (persistentVolume) {
      const fileSet = fileSetOf(persistentVolume.path, fileSets)?.fileSet;
      if (fileSet?.purged) {
        context.report({
          range: persistentVolume.pathRange,
          message: `PersistentVolume "${context.object.name ?? ''}" is placed on ${persistentVolume.kind} ${persistentVolume.rawPath}, ${purgedReason(fileSet.path)}`,
        });
      }
      return;
    }
    if (context.object.kind !== 'StatefulSet') return;
    for (const volume of podHostVolumes(context)) {
      const paths = [volume.path, ...volume.mounts.map((mount) => mount.path)];
      const fileSet = paths.map((path) => fileSetOf(path, fileSets)?.fileSet).find((found) => found?.purged);
      if (!fileSet) continue;
      context.report({
        range: volume.pathRange,
        message: `StatefulSet "${context.object.name ?? ''}" keeps its state on ${volumeLabel(volume)}, ${purgedReason(fileSet.path)}`,
      });
    }
  },
});

function purgedReason(path: string): string {
  return `but ${path} is scratch space, purged on a regular schedule: the data will disappear. Keep data that must last on a PersistentVolumeClaim of a persistent storage class, or in a file set that is not purged.`;
}
