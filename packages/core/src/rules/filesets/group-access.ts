import { isScalar, isSeq, type Node } from 'yaml';
import { getMap, getNode } from '../../documents/yaml.ts';
import { defineRule } from '../rule.ts';
import { containerField, containerLabel, fileSetOf, podHostVolumes, volumeLabel } from './volumes.ts';

export const filesetsGroupAccess = defineRule({
  name: 'filesets/group-access',
  guideline: '1.2.5',
  description:
    'A pod that writes under /project runs with the project group: fsGroup, supplementalGroups or runAsGroup in its securityContext.',
  defaultSeverity: 'warning',
  appliesTo: ['manifest'],
  fixable: false,
  checkManifest(context) {
    const volumes = podHostVolumes(context);
    const pod = volumes[0]?.pod;
    const podContext = pod ? getMap(pod.spec, 'securityContext') : undefined;
    if (!pod || hasGroups(podContext)) return;
    for (const volume of volumes) {
      for (const mount of volume.mounts) {
        if (mount.readOnly) continue;
        // runAsGroup gives the container's processes the group explicitly: its files get it.
        const containerContext = getMap(mount.container.map, 'securityContext');
        if (hasRunAsGroup(containerContext) || hasRunAsGroup(podContext)) continue;
        const fileSet = fileSetOf(mount.path, context.config.fileSets)?.fileSet;
        if (fileSet?.scope !== 'group' || fileSet.access !== 'read-write') continue;
        context.report({
          range: mount.headRange,
          message: `Container ${containerLabel(mount.container)} writes to ${volumeLabel(volume)} under ${fileSet.path}, where access is granted per group (guideline 1.2.5), but neither the pod nor the container names a group (fsGroup, supplementalGroups, runAsGroup): its processes have only the image user's groups, which may not include the project group. Set supplementalGroups (or runAsGroup) to the project group's id.`,
          ...containerField(mount.container),
        });
      }
    }
  },
});

function hasRunAsGroup(securityContext: unknown): boolean {
  const group = getNode(securityContext, 'runAsGroup');
  return isScalar(group) && group.value !== null && group.value !== '' && Number(group.value) !== 0;
}

function hasGroups(securityContext: unknown): boolean {
  const fsGroup = getNode(securityContext, 'fsGroup');
  if (isScalar(fsGroup) && fsGroup.value !== null && fsGroup.value !== '') return true;
  const groups = getNode(securityContext, 'supplementalGroups') as Node | undefined;
  return isSeq(groups) && groups.items.length > 0;
}
