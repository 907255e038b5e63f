import { isScalar, isSeq, type Node } from 'yaml';
import { getMap, getNode } from '../../documents/yaml.ts';
import { defineRule } from '../rule.ts';
import { containerField, containerLabel, fileSetOf, podHostVolumes, volumeLabel } from './volumes.ts';

export const filesetsGroupAccess = defineRule({
  name: 'filesets/group-access',
  guideline: '1.2.5',
  description:
    'A pod that writes under /project runs with the project group: fsGroup or supplementalGroups in its securityContext.',
  defaultSeverity: 'warning',
  appliesTo: ['manifest'],
  fixable: false,
  checkManifest(context) {
    const volumes = podHostVolumes(context);
    const pod = volumes[0]?.pod;
    if (!pod || hasGroups(getMap(pod.spec, 'securityContext'))) return;
    for (const volume of volumes) {
      for (const mount of volume.mounts) {
        if (mount.readOnly) continue;
        const fileSet = fileSetOf(mount.path, context.config.fileSets)?.fileSet;
        if (fileSet?.scope !== 'group' || fileSet.access !== 'read-write') continue;
        context.report({
          range: mount.headRange,
          message: `Container ${containerLabel(mount.container)} writes to ${volumeLabel(volume)} under ${fileSet.path}, where access is granted per group, but the pod sets neither fsGroup nor supplementalGroups: files would be written with the wrong group, or not at all. Set supplementalGroups (or fsGroup) in the pod's securityContext to the project group's id.`,
          ...containerField(mount.container),
        });
      }
    }
  },
});

function hasGroups(securityContext: unknown): boolean {
  const fsGroup = getNode(securityContext, 'fsGroup');
  if (isScalar(fsGroup) && fsGroup.value !== null && fsGroup.value !== '') return true;
  const groups = getNode(securityContext, 'supplementalGroups') as Node | undefined;
  return isSeq(groups) && groups.items.length > 0;
}
